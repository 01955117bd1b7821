// Offline with a message waiting in the Outbox: the status said "Offline, 0 changes waiting", as
// if nothing the user did were waiting for the network (the task queue's count leaves the Outbox
// out). It says "Offline", and that the message waits in the Outbox to be sent, until it goes.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox({ imapNetwork: true })

it('says a message waits in the Outbox, not "0 changes waiting", while offline', async () => {
  const { page, app, network, relay } = mailbox()
  await network!.offline()
  await app.syncStatus.filter({ hasText: /offline/i }).waitFor({ timeout: 30_000 })
  const line = app.syncStatus.getByRole('status')
  expect(await line.textContent()).toBe('Offline')

  await page.getByTestId('new-message').click()
  await page.getByTestId('composer-to').fill('carlos@client.test')
  await page.getByTestId('composer-subject').fill('Catalogue')
  await page.getByTestId('composer-text').fill('Our catalogue, as promised.')
  await page.getByTestId('composer-send').click()
  await page.getByTestId('undo-send-now').click()
  await page.getByTestId('undo-toast').getByTestId('undo-toast-waiting').waitFor()
  const waiting = app.syncStatus.getByTestId('sync-sends-waiting')
  await waiting.waitFor()
  expect(await waiting.textContent()).toBe('1 message waits in the Outbox to be sent')
  expect(await line.textContent()).toBe('Offline')
  await app.screenshot('offline-sends-waiting')

  // Back online, it goes, and the line with it.
  await network!.online()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  await expect.poll(() => relay.received.length, { timeout: 30_000 }).toBe(1)
  expect(await waiting.count()).toBe(0)
})
