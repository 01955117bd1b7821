// Two mailboxes, the first disconnected and kept as a read-only archive: New message must not
// offer it as From (its Send is refused), and goes from the mailbox that still sends.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { addBobMailbox } from './fixtures/second-mailbox'

const mailbox = useQuoteMailbox()

it('writes New message from a mailbox that can send, never from the archived one', async () => {
  const { page, app, server, relay } = mailbox()
  await addBobMailbox(page, server, relay)
  await page.getByTestId('account').filter({ hasText: 'bob@example.test' }).waitFor()
  // Alice's mailbox, the first, is kept as an archive.
  await pageRpcValue(page, 'accounts.disconnect', { accountId: 1, mode: 'archive' })
  await page
    .getByTestId('account')
    .filter({ hasText: /alice@example\.test.*archive/i })
    .waitFor()

  await page.getByTestId('new-message').click()
  await app.composer.waitFor()
  const from = page.locator('#composer-from')
  const options = () => from.locator('option').allTextContents()
  const chosen = () => from.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)
  // Bob's mailbox is the only one that can send: there is nothing to choose (or to choose wrong).
  await expect.poll(chosen).toBe('bob@example.test')
  expect(await options()).toEqual(['bob@example.test'])
  await page.locator('#composer-to').fill('dewi@client.test')
  await page.locator('#composer-subject').fill('Chairs again')
  const text = `From the mailbox that sends ${Date.now()}`
  await page.locator('#composer-text').fill(text)
  await app.composer.getByRole('button', { name: /^send$/i }).click()
  await page.getByTestId('undo-send-now').click()
  const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes(text))
  await expect.poll(sent, { timeout: 30_000 }).toBeTruthy()
  expect(sent()!.from).toBe('bob@example.test')
})
