// A shared folder the server lets Alice read but not change (RFC 4314 rights "lr"), in the real
// renderer against Dovecot with its ACL plugin, which tells the rights (MYRIGHTS): the folder is
// labelled read-only from the start, opening a thread there tries no mark read, its mail is not
// offered to move or delete, and a Mark read the server refuses says why.
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

it('labels the folder read-only before anything is tried, offers no move or delete, and says why a mark read was not saved', async () => {
  const { page, app } = mailbox
  await app.threadRow(SUBJECT).click()
  const message = app.messages.first()
  await message.waitFor()
  // The server told its rights (MYRIGHTS) when the folders were listed: labelled from the start.
  await message.getByTestId('message-read-only').waitFor()
  expect(await message.getByTestId('message-read-only').textContent()).toBe('Read-only on the server')
  // Its mail can only stay where it is, so nothing offers to move or delete it.
  for (const action of ['message-archive', 'message-delete', 'message-move', 'thread-delete'])
    expect(await page.getByTestId(action).count(), action).toBe(0)
  // Opening it did not try to mark it read: that is the one change the rights say would fail.
  const [ledger] = (await pageRpcValue(page, 'messages.list', { folder: 'Shared' })) as Array<{
    threadId: number
  }>
  expect(await pageRpcValue(page, 'threads.markRead', { threadId: ledger!.threadId })).toEqual({ changed: 0 })

  // Mark read itself still tries, and the refusal says why, in the user's language.
  await message.getByTestId('message-toggle-read').click()
  const failed = page.getByTestId('failed-change')
  await failed.waitFor()
  expect(await failed.textContent()).toMatch(
    /^Marking 1 message read.*The server does not let this mailbox make this change in that folder/
  )
  // Still unread, as the server has it.
  await expect.poll(() => message.getByTestId('message-toggle-read').textContent()).toBe('Mark read')
  await app.screenshot('read-only-folder')
  // That click was the only change tried: opening the thread queued none.
  expect(await pageRpcValue(page, 'tasks.list', {})).toHaveLength(1)

  // Nor is other mail offered a move into it.
  await app.threadRow('Quote for 40 chairs').click()
  await page.getByRole('heading', { name: 'Quote for 40 chairs' }).waitFor()
  const targets = await page.getByTestId('message-move').locator('option').allTextContents()
  expect(targets).toContain('Trash')
  expect(targets).not.toContain('Shared')
})
