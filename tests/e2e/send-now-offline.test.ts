// "Send now" pressed in the undo toast while the mailbox cannot be reached: the core answers with
// the message still waiting in the Outbox (and why). The toast must say so where Send now was
// pressed, not close as if the message had gone.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox({ imapNetwork: true })

it('says the message is waiting, in the toast, when Send now is pressed offline', async () => {
  const { page, app } = mailbox()
  await mailbox().network!.offline()
  await app.syncStatus.filter({ hasText: /offline/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('new-message').click()
  await page.getByTestId('composer-to').fill('carlos@client.test')
  await page.getByTestId('composer-subject').fill('Catalogue')
  await page.getByTestId('composer-text').fill('Our catalogue, as promised.')
  await page.getByTestId('composer-send').click()
  const toast = page.getByTestId('undo-toast')
  await toast.waitFor()
  await page.getByTestId('undo-send-now').click()

  // The attempt is answered (it could not connect); the toast stays with the reason.
  const reason = toast.getByTestId('undo-toast-waiting')
  await reason.waitFor()
  expect(await reason.textContent()).toBe(
    'Waiting to send: Could not reach the server. Check the host name and port, and your internet connection.'
  )
  expect(await reason.getAttribute('role')).toBe('alert')
  // Nor does it count down to a send that waits for the network (it stopped at "Sending in 1 s").
  expect(await toast.textContent()).not.toMatch(/Sending in/)
  await app.screenshot('send-now-offline')
  // Undo still takes it back: nothing has gone.
  await page.getByTestId('undo-send').click()
  await toast.waitFor({ state: 'detached' })
  expect(await page.getByTestId('composer-text').inputValue()).toBe('Our catalogue, as promised.')
  expect(mailbox().relay.received).toHaveLength(0)
})

it('closes that toast once the message has gone, after the network is back', async () => {
  const { page } = mailbox()
  await page.getByTestId('composer-send').click()
  const toast = page.getByTestId('undo-toast')
  await toast.waitFor()
  await page.getByTestId('undo-send-now').click()
  await toast.getByTestId('undo-toast-waiting').waitFor()
  await mailbox().network!.online()
  await toast.waitFor({ state: 'detached', timeout: 60_000 })
  await expect.poll(() => mailbox().relay.received.length).toBe(1)
})
