import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { disconnectAccount } from '../../src-main/core/accounts/account-disconnect'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { ManualClock } from '../../src-main/core/clock'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { MessageStore } from '../../src-main/core/store/message-store'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { MailActions } from '../../src-main/core/sync/mail-actions'
import { TaskQueue } from '../../src-main/core/sync/task-queue'
import { purgedUids, TRASH_RETENTION_MS, TrashRetention } from '../../src-main/core/sync/trash-retention'
import { memoryWorkspace, message } from './fixtures/workspace'

const DAY = 24 * 60 * 60 * 1000
const dirs: string[] = []
const caches: AttachmentCache[] = []
afterEach(() => {
  for (const cache of caches.splice(0)) cache.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** An account with INBOX, Trash and Archive, two stored INBOX messages, and the lifecycle parts. */
/**
 * The moves made so far reached the server: their provisional locations (uid < 0) get server UIDs,
 * as the move pusher records them. Until then nothing is purged (the move would bring it back).
 */
function onServer(box: ReturnType<typeof setup>): void {
  box.db.prepare('UPDATE message_locations SET uid = 1000 - uid WHERE uid < 0').run()
}

function setup() {
  const ws = memoryWorkspace()
  const dir = mkdtempSync(join(tmpdir(), 'rapport-cache-'))
  dirs.push(dir)
  const cache = new AttachmentCache(dir, 1024)
  caches.push(cache)
  const hlc = HybridClock.forDatabase(ws.db)
  const store = new MessageStore(ws.db, hlc, null, cache)
  const clock = new ManualClock(Date.UTC(2026, 0, 1))
  const folders = new FolderRepository(ws.db)
  folders.upsertListed(1, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
    { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' },
    { path: 'Archive', name: 'Archive', delimiter: '/', specialUse: '\\Archive' }
  ])
  const inbox = folders.bySpecialUse(1, '\\Inbox')!
  const trashFolder = folders.bySpecialUse(1, '\\Trash')!
  const archive = folders.bySpecialUse(1, '\\Archive')!
  for (const f of [inbox, trashFolder, archive]) folders.recordBatch(f.id, 7, [1])
  const trash = new TrashRetention(ws.db, clock, hlc, cache)
  const queue = new TaskQueue(ws.db)
  const actions = new MailActions(ws.db, folders, queue, trash)
  const context = { ...ws.context, folder: { id: inbox.id, uidValidity: 7, isSent: false } }
  const stored = store.storeBatch(context, [
    {
      uid: 1,
      flags: [],
      parsed: message({
        attachments: [
          {
            filename: 'quote.pdf',
            contentType: 'application/pdf',
            size: 4,
            contentId: null,
            disposition: 'attachment',
            content: Buffer.from('%PDF')
          }
        ]
      })
    },
    { uid: 2, flags: [], parsed: message({ from: { name: 'Dewi', address: 'dewi@client.test' } }) }
  ])
  return {
    ...ws,
    dir,
    cache,
    hlc,
    clock,
    folders,
    inbox,
    trashFolder,
    archive,
    trash,
    queue,
    actions,
    ids: stored.messageIds
  }
}

const count = (db: ReturnType<typeof setup>['db'], sql: string, ...args: unknown[]) =>
  (db.prepare(sql).get(...args) as { n: number }).n

describe('attachment cache', () => {
  it('keeps attachment bytes in content-addressed files and reads them back', () => {
    const box = setup()
    const row = box.db.prepare('SELECT cache_path FROM attachments').get() as { cache_path: string }
    expect(row.cache_path).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/)
    expect(box.cache.read(row.cache_path)?.toString()).toBe('%PDF')
  })

  it('does not cache an attachment above the per-attachment limit', () => {
    const box = setup()
    expect(box.cache.put(Buffer.alloc(1025))).toBeNull()
    expect(box.cache.put(Buffer.alloc(1024))).not.toBeNull()
  })

  it('refuses keys that are not cache keys, so no path outside the cache can be read', () => {
    const box = setup()
    expect(box.cache.read('../../etc/passwd')).toBeNull()
  })
})

describe('trash retention', () => {
  it('remembers when and where from a message was deleted, and restores it there until the purge date', () => {
    const box = setup()
    box.actions.move([box.ids[0]!], box.archive.id)
    box.actions.delete([box.ids[0]!])
    const [item] = box.trash.list(1)
    expect(item).toMatchObject({ messageId: box.ids[0], originFolder: 'Archive' })
    expect(Date.parse(item!.purgeAt!) - Date.parse(item!.trashedAt)).toBe(TRASH_RETENTION_MS)
    expect(box.trash.origins([box.ids[0]!]).get(box.ids[0]!)).toEqual([box.archive.id])
    box.actions.move([box.ids[0]!], box.archive.id)
    expect(box.trash.list(1)).toEqual([])
  })

  it('keeps deleted mail for 30 days, then purges the local copy, its cached files and an empty conversation', () => {
    const box = setup()
    const file = (box.db.prepare('SELECT cache_path FROM attachments').get() as { cache_path: string })
      .cache_path
    box.actions.delete([box.ids[0]!])
    onServer(box)
    box.clock.advance(TRASH_RETENTION_MS - DAY)
    expect(box.trash.sweep().purged).toBe(0)
    expect(count(box.db, 'SELECT count(*) AS n FROM messages WHERE id = ?', box.ids[0])).toBe(1)
    box.clock.advance(DAY)
    // The bytes were cached 30 days ago, as the clock says (the cache keeps real times): a blob
    // cached within the hour may be an import's under way and is left to the next start's sweep.
    const blobs = new BetterSqlite3(join(box.dir, 'blobs.db'))
    blobs.prepare('UPDATE blobs SET stored_at = ?').run(Date.now() - TRASH_RETENTION_MS)
    blobs.close()
    expect(box.trash.sweep().purged).toBe(1)
    expect(count(box.db, 'SELECT count(*) AS n FROM messages WHERE id = ?', box.ids[0])).toBe(0)
    expect(count(box.db, 'SELECT count(*) AS n FROM messages')).toBe(1)
    expect(box.cache.read(file)).toBeNull()
    expect(count(box.db, 'SELECT count(*) AS n FROM conversations WHERE deleted = 1')).toBe(1)
    expect(box.trash.list(1)).toEqual([])
  })

  it('counts mail another program put in Trash from when Rapport first sees it there', () => {
    const box = setup()
    box.db
      .prepare('UPDATE message_locations SET folder_id = ? WHERE message_pk = ?')
      .run(box.trashFolder.id, box.ids[1])
    box.clock.advance(5 * DAY)
    box.trash.sweep()
    const [item] = box.trash.list(1)
    expect(item).toMatchObject({ messageId: box.ids[1], originFolder: null })
    expect(item!.trashedAt).toBe(new Date(box.clock.now()).toISOString())
    box.clock.advance(TRASH_RETENTION_MS)
    expect(box.trash.sweep().purged).toBe(1)
    // The server still has it in Trash: its UID is remembered so no later sync imports it again.
    expect(purgedUids(box.db, box.trashFolder.id, 7)).toEqual(new Set([2]))
  })

  it('never purges a message that is also in another folder', () => {
    const box = setup()
    box.actions.delete([box.ids[0]!])
    box.db
      .prepare(
        'INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid) VALUES (?, ?, 7, 50)'
      )
      .run(box.ids[0], box.archive.id)
    box.clock.advance(TRASH_RETENTION_MS * 2)
    expect(box.trash.sweep().purged).toBe(0)
    // So the Trash list promises no purge date, which would pass with nothing deleted.
    expect(box.trash.list(1)).toMatchObject([{ messageId: box.ids[0], purgeAt: null }])
    // Once it is in Trash alone, its 30 days start from when the sweep last saw it elsewhere.
    box.db.prepare('DELETE FROM message_locations WHERE folder_id = ?').run(box.archive.id)
    const [alone] = box.trash.list(1)
    expect(Date.parse(alone!.purgeAt!)).toBe(box.clock.now() + TRASH_RETENTION_MS)
  })

  it('counts 30 days from the user’s delete for a message that already had a copy in Trash', () => {
    const box = setup()
    // Another program copied it to Trash long ago; the INBOX copy kept it from being purged.
    box.db
      .prepare(
        'INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid) VALUES (?, ?, 7, 60)'
      )
      .run(box.ids[0], box.trashFolder.id)
    box.trash.sweep()
    box.clock.advance(TRASH_RETENTION_MS * 2)
    expect(box.trash.sweep().purged).toBe(0)
    box.actions.delete([box.ids[0]!])
    onServer(box)
    expect(box.trash.list(1)).toMatchObject([{ messageId: box.ids[0], originFolder: 'INBOX' }])
    box.clock.advance(TRASH_RETENTION_MS - DAY)
    expect(box.trash.sweep().purged).toBe(0)
    box.clock.advance(DAY)
    expect(box.trash.sweep().purged).toBe(1)
  })
})

describe('disconnecting a mailbox', () => {
  const deps = (box: ReturnType<typeof setup>, secrets: MemorySecretStore) => ({
    db: box.db,
    accounts: new AccountRepository(box.db),
    secrets,
    stopSync: async () => undefined,
    cache: box.cache,
    hlc: box.hlc,
    clock: box.clock
  })

  it('keeps an archive read-only: the secret goes, queued changes wait for a reconnect, actions are refused with ACCOUNT_ARCHIVED', async () => {
    const box = setup()
    const secrets = new MemorySecretStore(null)
    await secrets.set('account:test', 'pw')
    box.actions.setFlags({ messageIds: [box.ids[0]!], seen: true })
    expect(await disconnectAccount(deps(box, secrets), 1, 'archive')).toEqual({
      mode: 'archive',
      messagesRemoved: 0
    })
    expect(await secrets.get('account:test')).toBeNull()
    // Shown as made already (the message is read here): dropped, the server never learned of it.
    expect(box.queue.pendingCount(1)).toBe(1)
    expect(count(box.db, 'SELECT count(*) AS n FROM messages')).toBe(2)
    expect(() => box.actions.setFlags({ messageIds: [box.ids[0]!], flagged: true })).toThrow(
      expect.objectContaining({ code: 'ACCOUNT_ARCHIVED' })
    )
    expect(() => box.actions.delete([box.ids[0]!])).toThrow(
      expect.objectContaining({ code: 'ACCOUNT_ARCHIVED' })
    )
  })

  it('fails all unsent Outbox mail on archive, one mid-attempt included; an attempt still running records the server’s answer truthfully', async () => {
    const box = setup()
    const repo = new OutboxRepository(box.db)
    const now = box.clock.now()
    const add = (name: string, sendAt = now) =>
      repo.insert({
        accountId: 1,
        messageId: `<${name}@me.test>`,
        subject: name,
        recipients: ['a@client.test', 'b@client.test'],
        raw: Buffer.from(`Message-ID: <${name}@me.test>\r\n\r\nHi`),
        sendAt,
        now
      })
    const scheduled = add('scheduled', now + DAY)
    const cutOff = add('cut-off') // an attempt a quit or a crash cut off: it may have gone
    const refused = add('refused')
    const unreachable = add('unreachable')
    const loginRefused = add('login-refused')
    const smtpRefusedLate = add('smtp-refused-late')
    const split = add('split')
    const taken = add('taken')
    // Failed before the archive: the SMTP server refused to sign in (released by a sign-in, see below).
    const smtpRefused = add('smtp-refused')
    repo.markFailed(smtpRefused, '535 sending is switched off', 'SMTP_AUTH_FAILED')
    for (const id of [cutOff, refused, unreachable, loginRefused, smtpRefusedLate, split, taken])
      repo.markSending(id)
    await disconnectAccount(deps(box, new MemorySecretStore(null)), 1, 'archive')
    // The attempts still running get their answers after the archive: these did not go.
    for (const id of [refused, unreachable, loginRefused, smtpRefusedLate]) repo.markNotSent(id)
    repo.markSmtpRefused(smtpRefusedLate, '535 sending is switched off')
    repo.markRefusedForNow(refused, '451 try later', now + 60_000)
    repo.markSmtpUnreachable(unreachable, 'no answer', now + 60_000)
    repo.markWaitingForSignIn(loginRefused, '535 login refused', now)
    const part = repo.insertRefused({
      source: repo.find(split)!,
      recipients: ['b@client.test'],
      lastError: 'b@client.test: 452 too many',
      next: { state: 'queued', retryAt: now + 60_000, refusedAttempts: 1 },
      now
    })
    repo.markAccepted(split)
    repo.markAccepted(taken)
    repo.markSent(taken, { threadId: 1, sentFolder: 'Sent', at: now })
    const archived = { state: 'failed', lastErrorCode: 'ACCOUNT_ARCHIVED' }
    for (const id of [scheduled, refused, unreachable, loginRefused, smtpRefused, smtpRefusedLate])
      expect(repo.find(id)).toMatchObject({ ...archived, lastError: expect.stringMatching(/^Not sent/) })
    expect(repo.find(cutOff)).toMatchObject({
      ...archived,
      lastError: expect.stringMatching(/may already have gone/)
    })
    // It went for the others; the one refused for now waits for no one.
    expect(repo.find(split)).toMatchObject({ state: 'accepted' })
    expect(repo.find(part)).toMatchObject({ state: 'failed', retryAt: null })
    // What went is sent, not failed.
    expect(repo.find(taken)).toMatchObject({ state: 'sent', lastError: null })
    // The cut-off attempt's Retry looks in Sent first.
    expect(repo.find(cutOff)!.sentCheckDue).toBe(true)
    // Signed in again, only what went comes back (for its Sent copy): the rest waits for Retry.
    box.db.prepare("UPDATE accounts SET state = 'active' WHERE id = 1").run()
    expect(repo.releaseSmtpRefused(1, now)).toBe(0)
    expect(repo.due(1, now + 2 * DAY, true).map((r) => r.id)).toEqual([split])
  })

  it('deletes locally: mail, folders and files go; contacts with CRM data stay, mail-only contacts are tombstoned', async () => {
    const box = setup()
    const secrets = new MemorySecretStore(null)
    await secrets.set('account:test', 'pw')
    const carlos = (
      box.db
        .prepare("SELECT contact_id AS id FROM contact_emails WHERE address = 'carlos@client.test'")
        .get() as {
        id: string
      }
    ).id
    box.db.prepare("INSERT INTO contact_tags (contact_id, tag) VALUES (?, 'vip')").run(carlos)
    const file = (box.db.prepare('SELECT cache_path FROM attachments').get() as { cache_path: string })
      .cache_path
    // Cached long ago: bytes cached within the hour may be another import's (left to the sweep).
    const cached = new BetterSqlite3(join(box.dir, 'blobs.db'))
    cached.prepare('UPDATE blobs SET stored_at = ?').run(Date.now() - 2 * 60 * 60_000)
    cached.close()
    expect(await disconnectAccount(deps(box, secrets), 1, 'delete')).toEqual({
      mode: 'delete',
      messagesRemoved: 2
    })
    expect(count(box.db, 'SELECT count(*) AS n FROM messages')).toBe(0)
    expect(count(box.db, 'SELECT count(*) AS n FROM folders')).toBe(0)
    expect(count(box.db, 'SELECT count(*) AS n FROM accounts')).toBe(0)
    expect(box.db.prepare('SELECT id, deleted FROM contacts ORDER BY deleted').all()).toEqual([
      { id: carlos, deleted: 0 },
      { id: expect.any(String), deleted: 1 }
    ])
    expect(
      count(
        box.db,
        "SELECT count(*) AS n FROM contact_emails WHERE address = 'dewi@client.test' AND deleted = 0"
      )
    ).toBe(0)
    expect(box.cache.read(file)).toBeNull()
    const blobs = new BetterSqlite3(join(box.dir, 'blobs.db'), { readonly: true })
    expect(blobs.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 })
    blobs.close()
    expect(await secrets.get('account:test')).toBeNull()
  })
})
