// Two mailboxes, Alice (personal, the first) and Bob (work): New message starts from the mailbox
// in view (its inbox shown, else the open conversation's), else from the one New message last
// went from (across a restart), else the first; never from an archive. A draft keeps its From.
import { expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { addBobMailbox } from './fixtures/second-mailbox'
import { CrmPage } from './pages/crm-page'

const mailbox = useQuoteMailbox()

const toBob = Buffer.from(
  'From: Dewi <dewi@client.test>\r\nTo: bob@example.test\r\nSubject: Office lease renewal\r\n' +
    'Message-ID: <work-1@client.test>\r\nDate: 3 Nov 2026 09:00:00 +0000\r\n\r\nFor the work mailbox.\r\n'
)

it('starts New message from the mailbox in view, else the one last sent from, else the first', async () => {
  const { page, app, server, relay } = mailbox()
  const crm = new CrmPage(page)
  const bob = server.users[1]!
  await appendMessages(server, bob.user, bob.password, 'INBOX', [toBob])
  const bobId = await addBobMailbox(page, server, relay)
  await pageRpcValue(page, 'sync.run', { accountId: bobId })
  const alice = '1'
  const work = String(bobId)
  const from = page.locator('#composer-from')
  const open = async () => {
    await page.getByTestId('new-message').click()
    await app.composer.waitFor()
  }
  const close = async () => {
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })
  }

  // Nothing in view, nothing sent yet: the first mailbox.
  await open()
  await expect.poll(() => from.inputValue()).toBe(alice)
  await close()

  // Reading Bob's conversation: his mailbox; then Alice's: hers (the blank draft kept none).
  await app.openConversation('Office lease renewal')
  await open()
  await expect.poll(() => from.inputValue()).toBe(work)
  await close()
  await app.openConversation('Quote for 40 chairs')
  await open()
  await expect.poll(() => from.inputValue()).toBe(alice)
  await close()

  // Bob's inbox shown (Alice's conversation still open): his mailbox.
  await crm.inbox(`account:${bobId}`).click()
  await crm.waitForSubjects(['Office lease renewal'])
  await open()
  await expect.poll(() => from.inputValue()).toBe(work)
  // Written to, the draft keeps that From in Alice's inbox.
  await page.locator('#composer-to').fill('dewi@client.test')
  await close()
  await crm.inbox('account:1').click()
  await crm.waitForSubjects(['Quote for 40 chairs'])
  await open()
  await expect.poll(() => from.inputValue()).toBe(work)
  await page.locator('#composer-subject').fill('Lease signed')
  const text = `Signed ${Date.now()}`
  await page.locator('#composer-text').fill(text)
  await app.composer.getByRole('button', { name: /^send$/i }).click()
  await page.getByTestId('undo-send-now').click()
  const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes(text))
  await expect.poll(sent, { timeout: 30_000 }).toBeTruthy()
  expect(sent()!.from).toBe('bob@example.test')

  // After a restart, nothing in view: the mailbox last sent from.
  await page.reload()
  await app.threadRows.first().waitFor()
  await open()
  await expect.poll(() => from.inputValue()).toBe(work)
  await close()

  // That mailbox kept as an archive: never it.
  await pageRpcValue(page, 'accounts.disconnect', { accountId: bobId, mode: 'archive' })
  await page
    .getByTestId('account')
    .filter({ hasText: /bob@example\.test.*archive/i })
    .waitFor()
  await open()
  await expect.poll(() => from.inputValue()).toBe(alice)
})
