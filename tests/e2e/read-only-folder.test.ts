// A shared folder the server lets Alice read but not change (RFC 4314 rights "lr"), in the real
// renderer against Dovecot with its ACL plugin, which tells the rights (MYRIGHTS): the folder is
// labelled read-only from the start, opening a thread there tries no mark read, its mail is not
// offered to move or delete, and a Mark read the server refuses says why. A second folder ("lrite")
// lets mail in and out but keeps no flags: only that is said of it, and move and delete stay.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { openTestImap } from '../support/imap-probe'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { saveCopyAgain } from './fixtures/outbox-copy'
import { pageRpcValue } from './fixtures/page-rpc'

const SUBJECT = 'Ledger for March'
const DROP_SUBJECT = 'Invoices dropped here'
let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('first', 'Quote for 40 chairs')], acl: true })
  const { server, page, app } = mailbox
  await app.threadRows.first().waitFor()
  const alice = server.users[0]!
  const other = await openTestImap(server, alice)
  try {
    await other.mailboxCreate('Shared')
    await other.mailboxCreate('Drop')
  } finally {
    await other.logout()
  }
  await appendMessages(server, alice.user, alice.password, 'Shared', [mailFromCarlos('ledger', SUBJECT)])
  await appendMessages(server, alice.user, alice.password, 'Drop', [mailFromCarlos('drop', DROP_SUBJECT)])
  // Before Rapport first opens them, so no session of Dovecot's has the old rights cached.
  await server.setFolderRights(alice.user, 'Shared', 'lr')
  // Mail may come and go (insert, delete, expunge), but no flag is kept.
  await server.setFolderRights(alice.user, 'Drop', 'lrite')
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  const folders = (await pageRpcValue(page, 'folders.list', {})) as Array<{ id: number; path: string }>
  for (const path of ['Shared', 'Drop']) {
    const folder = folders.find((f) => f.path === path)!
    await pageRpcValue(page, 'folders.setSync', { folderId: folder.id, enabled: true })
  }
  await page.getByTestId('sync-now').click()
  await app.threadRow(SUBJECT).waitFor({ timeout: 30_000 })
  await app.threadRow(DROP_SUBJECT).waitFor({ timeout: 30_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

/**
 * Gives Alice new rights on a folder while the app is connected. Dovecot's sessions keep the
 * rights they read, so her sessions are ended: the app's reconnect reads these.
 */
async function changeRights(folder: string, rights: string): Promise<void> {
  const { server } = mailbox
  await server.setFolderRights(server.users[0]!.user, folder, rights)
  await server.doveadm(['kick', server.users[0]!.user])
}

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
  // The folders come with their own query: read the targets once they are there.
  const targets = () => page.getByTestId('message-move').locator('option').allTextContents()
  await expect.poll(targets).toContain('Trash')
  expect(await targets()).not.toContain('Shared')
})

it('says only the flags are not kept where mail may still be moved in and out, and offers move and delete there', async () => {
  const { page, app } = mailbox
  await app.threadRow(DROP_SUBJECT).click()
  await page.getByRole('heading', { name: DROP_SUBJECT }).waitFor()
  const message = app.messages.first()
  await message.getByTestId('message-read-only').waitFor()
  expect(await message.getByTestId('message-read-only').textContent()).toBe('Flags not kept on the server')
  for (const action of ['message-delete', 'message-move'])
    expect(await message.getByTestId(action).count(), action).toBe(1)
})

it('lists a sent reply the server kept no copy of in Sent, with its words, and saves the copy once it may', async () => {
  const { page, app, server } = mailbox
  const alice = server.users[0]!
  await changeRights('Sent', 'lrs')
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  await app.threadRow('Quote for 40 chairs').click()
  await app.messages.first().waitFor()
  await page.getByTestId('outbox-open').click()
  await page.getByTestId('outbox-undo-delay').selectOption('60')
  await page.keyboard.press('Escape')
  await app.reply('The chairs ship on Monday.')
  await page.getByTestId('undo-toast').waitFor()
  await page.getByTestId('outbox-open').click()
  const row = page.getByTestId('outbox-item')
  // Sent now from the Outbox, rather than after the undo delay: the toast offering Undo goes
  // (it would stay the whole minute otherwise).
  await row.getByTestId('outbox-retry').click()
  await page.getByTestId('undo-toast').waitFor({ state: 'detached', timeout: 20_000 })
  await row.getByTestId('outbox-error').waitFor()
  expect(await row.getByTestId('outbox-state').textContent()).toBe('Sent')
  expect(await row.getByTestId('outbox-error').textContent()).toMatch(
    /^Sent to its recipients, but the server did not keep a copy in the Sent folder: Permission denied/
  )
  await app.screenshot('outbox-sent-copy-refused')

  await changeRights('Sent', 'lrswipkxtea')
  await saveCopyAgain(page, row, server, alice)
  await page.keyboard.press('Escape')
  await pageRpcValue(page, 'outbox.setSettings', { undoDelaySeconds: 10 })
})

it('names a synced folder the server will not open, with its words, while the rest syncs, until it may be read', async () => {
  const { page, app } = mailbox
  // Alice may no longer read Shared.
  await changeRights('Shared', 'l')
  await page.getByTestId('sync-now').click()
  const refused = page.getByTestId('sync-refused-folders')
  await refused.waitFor({ timeout: 30_000 })
  // The pass went on: the account is up to date, with one folder left out.
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor()
  expect(await refused.locator('summary').textContent()).toBe(
    'The server would not open 1 synced folder; the others sync'
  )
  await refused.locator('summary').click()
  const item = refused.getByTestId('refused-folder')
  expect(await item.textContent()).toBe('SharedThe server said: Permission denied.')
  // Its mail stays readable here.
  await app.threadRow(SUBJECT).waitFor()
  await app.screenshot('sync-refused-folder')

  // The account's folder list says it where the folder is.
  await page.getByTestId('account-settings-open').click()
  const settings = page.getByTestId('account-settings')
  const row = settings.locator('[data-testid="folder-row"][data-folder="Shared"]')
  expect(await row.getByTestId('folder-refused').textContent()).toMatch(
    /^The server would not open it: Permission denied\.$/
  )
  await page.keyboard.press('Escape')
  await settings.waitFor({ state: 'hidden' })

  await changeRights('Shared', 'lr')
  await page.getByTestId('sync-now').click()
  await refused.waitFor({ state: 'detached', timeout: 30_000 })
})
