// A shared folder the server lets Alice read but not change (RFC 4314 rights "lr"), in the real
// renderer against Dovecot with its ACL plugin: opening a thread there tries once to mark it read,
// says why that was not saved, labels the folder read-only, and does not try again.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { openTestImap } from '../support/imap-probe'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

const SUBJECT = 'Ledger for March'
let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('first', 'Quote for 40 chairs')], acl: true })
  const { server, page, app } = mailbox
  await app.threadRows.first().waitFor()
  const alice = server.users[0]!
  const other = await openTestImap(server, alice)
  try {
    await other.mailboxCreate('Shared')
  } finally {
    await other.logout()
  }
  await appendMessages(server, alice.user, alice.password, 'Shared', [mailFromCarlos('ledger', SUBJECT)])
  // Before Rapport first opens it, so no session of Dovecot's has the old rights cached.
  await server.setFolderRights(alice.user, 'Shared', 'lr')
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  const folders = (await pageRpcValue(page, 'folders.list', {})) as Array<{ id: number; path: string }>
  const shared = folders.find((f) => f.path === 'Shared')!
  await pageRpcValue(page, 'folders.setSync', { folderId: shared.id, enabled: true })
  await page.getByTestId('sync-now').click()
  await app.threadRow(SUBJECT).waitFor({ timeout: 30_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('says why opening it did not mark it read, labels the folder read-only, and does not try again', async () => {
  const { page, app } = mailbox
  await app.threadRow(SUBJECT).click()
  const message = app.messages.first()
  await message.waitFor()
  // The mark-read on opening is refused for good, with Rapport's reason in the user's language.
  const failed = page.getByTestId('failed-change')
  await failed.waitFor()
  expect(await failed.textContent()).toMatch(
    /^Marking 1 message read.*The server does not let this mailbox make this change in that folder/
  )
  await message.getByTestId('message-read-only').waitFor()
  expect(await message.getByTestId('message-read-only').textContent()).toBe('Read-only on the server')
  // Still unread, as the server has it.
  await expect.poll(() => message.getByTestId('message-toggle-read').textContent()).toBe('Mark read')
  await app.screenshot('read-only-folder')

  // Known now: marking the thread read (what opening it does) tries nothing more, so nothing more fails.
  const [ledger] = (await pageRpcValue(page, 'messages.list', { folder: 'Shared' })) as Array<{
    threadId: number
  }>
  expect(await pageRpcValue(page, 'threads.markRead', { threadId: ledger!.threadId })).toEqual({ changed: 0 })
  expect(await pageRpcValue(page, 'tasks.list', {})).toHaveLength(1)
})
