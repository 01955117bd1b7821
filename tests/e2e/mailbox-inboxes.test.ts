// Two mailboxes (Alice personal, Bob work): each gets an inbox of its own in the sidebar, with
// its conversations and open count; with one mailbox there is none, and deleting the mailbox
// whose inbox is showing goes back to All.
import { expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { addBobMailbox } from './fixtures/second-mailbox'
import { CrmPage } from './pages/crm-page'

const mailbox = useQuoteMailbox()

const toBob = (id: string, from: string, subject: string, day: number) =>
  Buffer.from(
    `From: ${from}\r\nTo: bob@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.test>\r\n` +
      `Date: ${day} Nov 2026 09:00:00 +0000\r\n\r\nFor the work mailbox.\r\n`
  )

it("shows each mailbox's inbox only beside another, with its conversations and count", async () => {
  const { page, server, relay } = mailbox()
  const crm = new CrmPage(page)
  const count = (key: string) => crm.inbox(key).getByTestId('inbox-count').textContent()
  const title = () => page.getByTestId('inbox-title').textContent()

  // One mailbox: All, Mine and Unassigned only.
  await expect.poll(() => count('all')).toBe('1')
  expect(await page.locator('[data-testid="inbox-item"][data-kind="account"]').count()).toBe(0)
  expect(await page.getByTestId('mailbox-inboxes').count()).toBe(0)

  const bob = server.users[1]!
  await appendMessages(server, bob.user, bob.password, 'INBOX', [
    toBob('work-1', 'Dewi <dewi@client.test>', 'Office lease renewal', 3),
    toBob('work-2', 'Eka <eka@client.test>', 'Printer repair', 4)
  ])
  const bobId = await addBobMailbox(page, server, relay)
  await pageRpcValue(page, 'sync.run', { accountId: bobId })

  await expect.poll(() => count(`account:${bobId}`)).toBe('2')
  expect(await count('account:1')).toBe('1')
  expect(await count('all')).toBe('3')
  const group = page.getByTestId('mailbox-inboxes')
  expect(await group.locator('.inbox-nav__name').allTextContents()).toEqual([
    'alice@example.test',
    'bob@example.test'
  ])

  await crm.inbox(`account:${bobId}`).click()
  await crm.waitForSubjects(['Printer repair', 'Office lease renewal'])
  expect(await title()).toBe('bob@example.test')
  // By keyboard, as any other inbox: Tab to Alice's and Enter.
  await crm.inbox('account:1').focus()
  await page.keyboard.press('Enter')
  await crm.waitForSubjects(['Quote for 40 chairs'])
  expect(await crm.inbox('account:1').getAttribute('aria-current')).toBe('page')
  expect(await title()).toBe('alice@example.test')

  // Alice's mailbox kept as an archive: its inbox stays, marked so.
  await pageRpcValue(page, 'accounts.disconnect', { accountId: 1, mode: 'archive' })
  await crm.inbox('account:1').getByTestId('inbox-archived').waitFor()
  expect(await crm.inbox(`account:${bobId}`).getByTestId('inbox-archived').count()).toBe(0)

  // Bob's mailbox deleted while its inbox shows: back to All, and no mailbox inboxes left.
  await crm.inbox(`account:${bobId}`).click()
  await crm.waitForSubjects(['Printer repair', 'Office lease renewal'])
  await pageRpcValue(page, 'accounts.disconnect', { accountId: bobId, mode: 'delete' })
  await expect.poll(title).toBe('All')
  await crm.waitForSubjects(['Quote for 40 chairs'])
  expect(await crm.inbox('all').getAttribute('aria-current')).toBe('page')
  expect(await page.locator('[data-testid="inbox-item"][data-kind="account"]').count()).toBe(0)
})
