import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackfillStatus, SyncState } from '../../src-preload/contract'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { mailWithAttachments } from '../support/attachment-mail'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { seededAccounts } from './fixtures/seeded-accounts'
import { expungeAll, localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

const FAST = {
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 5_000,
  reconnect: { baseMs: 50, maxMs: 300 }
}

const { seededUser, accountOf } = seededAccounts(() => server)

function lastEvent<T>(
  fixture: { events: Array<{ name: string; payload: unknown }> },
  name: string,
  match: (p: T) => boolean
) {
  for (let i = fixture.events.length - 1; i >= 0; i--) {
    const event = fixture.events[i]!
    if (event.name === name && match(event.payload as T)) return event.payload as T
  }
  return null
}

/** Attachment bytes in the data dir's cache, whatever refers to them. */
function blobsIn(dataDir: string): number {
  const file = join(dataDir, 'attachments', 'blobs.db')
  if (!existsSync(file)) return 0
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n
  } finally {
    db.close()
  }
}

function localInbox(core: Core, accountId: number) {
  const db = core.workspace.db
  return db
    .prepare(
      `SELECT m.message_id FROM message_locations l JOIN folders f ON f.id = l.folder_id
       JOIN messages m ON m.id = l.message_pk WHERE f.account_id = ? AND f.path = 'INBOX'`
    )
    .all(accountId) as Array<{ message_id: string }>
}

describe('sync older mail (backfill)', () => {
  it('fetches older mail in batches, pauses at a batch boundary, resumes, and ends with every message once', async () => {
    const { user, corpus } = await seededUser('bella', 300)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 50 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 50 }))
      await fixture.call('sync.run', { accountId })
      const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      expect(inbox.messageCount).toBe(50)

      // Pause as soon as the first batch is in: the batch in flight may still land, nothing after it.
      const off = fixture.core.events.subscribe((name, payload) => {
        const status = payload as BackfillStatus
        if (name === 'sync.backfill' && status.folderId === inbox.id && status.done >= 100) {
          off()
          void fixture.call('backfill.pause', { folderId: inbox.id })
        }
      })
      expect(await fixture.call('backfill.start', { folderId: inbox.id })).toMatchObject({ state: 'running' })
      await fixture.waitFor('the pause', () =>
        fixture.events.some(
          (e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).state === 'paused'
        )
      )
      // Two turns of the account's lane: any batch in flight has committed and the loop has seen the pause.
      for (let i = 0; i < 2; i++) {
        await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
        await new Promise((resolve) => setImmediate(resolve))
      }
      const paused = (await fixture.call('backfill.status', { accountId })).find(
        (s) => s.folderId === inbox.id
      )!
      const stored = localInbox(fixture.core, accountId).length
      expect(paused).toMatchObject({ state: 'paused', done: stored, total: 300 })
      expect(stored).toBeGreaterThanOrEqual(100)
      expect(stored).toBeLessThan(300)
      expect((stored - 50) % 50).toBe(0)
      expect(fixture.core.workspace.folders.get(inbox.id).lowestSyncedUid).toBe(300 - stored + 1)

      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the end of the backfill', () =>
        fixture.events.some(
          (e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).state === 'done'
        )
      )
      const ids = localInbox(fixture.core, accountId).map((r) => r.message_id)
      expect(ids).toHaveLength(300)
      expect(new Set(ids).size).toBe(300)
      expect(new Set(ids)).toEqual(new Set(corpus.map((m) => m.messageId.toLowerCase())))
      const { n } = fixture.core.workspace.db
        .prepare('SELECT count(*) AS n FROM messages WHERE account_id = ?')
        .get(accountId) as { n: number }
      expect(n).toBe(300)
      // A normal pass afterwards neither drops nor re-fetches the backfilled mail.
      const [again] = await fixture.call('sync.run', { accountId })
      expect(again!.fetched).toBe(0)
      expect(localInbox(fixture.core, accountId)).toHaveLength(300)
    } finally {
      fixture.close()
    }
  })

  it('follows its folder to a new path when a pass finds it renamed while a batch waited its turn', async () => {
    const user: MailUser = { user: 'petra', password: 'petra-pw' }
    await server.addUser(user.user, user.password)
    const corpus = await generateCorpus({ seed: 71, count: 60, selfAddress: 'petra@example.test' })
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 20 } })
    const other = await otherClient(server, user)
    try {
      await other.mailboxCreate('Projects')
      const raws = corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
      await appendMessages(server, user.user, user.password, 'Projects', raws)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 20 }))
      await fixture.call('sync.run', { accountId })
      const projects = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'Projects')!
      await fixture.call('folders.setSync', { folderId: projects.id, enabled: true })
      await fixture.call('sync.run', { accountId })

      // The account's lane is busy; a pass, then a backfill batch (which read the old path), wait behind it.
      const { sync, lifecycle } = fixture.core.workspace
      let release = () => {}
      const held = sync.lane(accountId).run(() => new Promise<void>((resolve) => (release = resolve)))
      await other.mailboxRename('Projects', 'Clients/Projects')
      const pass = sync.run(accountId)
      lifecycle.backfill.start(projects.id)
      release()
      await held
      await pass
      // Done, or a batch failed (it would retry in 30 s): whichever comes first.
      await fixture.waitFor('the end of the backfill or a failed batch', () =>
        fixture.events.some((e) => {
          const status = e.payload as BackfillStatus
          return (
            e.name === 'sync.backfill' &&
            status.folderId === projects.id &&
            (status.state === 'done' || status.error !== null)
          )
        })
      )
      const errors = fixture.events.filter(
        (e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).error !== null
      )
      expect(errors).toEqual([])
      expect(fixture.core.workspace.folders.get(projects.id).path).toBe('Clients/Projects')
      expect(
        await fixture.call('messages.list', { accountId, folder: 'Clients/Projects', limit: 500 })
      ).toHaveLength(60)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('yields to other work between batches, and continues a running backfill after a restart from its cursor', async () => {
    const { user } = await seededUser('berta', 120)
    const secrets = new MemorySecretStore(null)
    const dataFixture = new CoreFixture()
    dataFixture.core.close()
    const options = {
      dataDir: dataFixture.dataDir,
      secrets,
      log: () => undefined,
      sync: { realtime: FAST, backfillBatch: 20 }
    }
    const first = new Core(options)
    let second: Core | null = null
    try {
      const account = await first.dispatch('accounts.add', accountOf(user, { importLimit: 20 }))
      if (!account.ok) throw new Error(account.error.message)
      const accountId = (account.value as { id: number }).id
      await first.dispatch('sync.run', { accountId })
      const inbox = first.workspace.folders.synced(accountId).find((f) => f.path === 'INBOX')!
      const progressed = new Promise<void>((resolve) => {
        const off = first.events.subscribe((name, payload) => {
          if (name === 'sync.backfill' && (payload as BackfillStatus).done >= 40) {
            off()
            resolve()
          }
        })
      })
      await first.dispatch('backfill.start', { folderId: inbox.id })
      await progressed
      // Batches yield: a change made now reaches the server while the backfill is still running.
      const [newest] = first.workspace.queries.listMessages({ accountId, limit: 1 })
      await first.dispatch('messages.setFlags', { messageIds: [newest!.id], flagged: true })
      await first.workspace.sync.pushTasks(accountId)
      expect(first.workspace.tasks.pendingCount(accountId)).toBe(0)
      const running = first.workspace.lifecycle.backfill
        .status(accountId)
        .find((s) => s.folderId === inbox.id)!
      expect(running.state).toBe('running')
      expect(running.done).toBeLessThan(120)
      await first.stopRealtime()
      first.close()
      const before = (() => {
        const probe = new Core({ ...options, sync: {} })
        const count = localInbox(probe, accountId).length
        probe.close()
        return count
      })()
      expect(before).toBeLessThan(120)

      second = new Core(options)
      const done = new Promise<BackfillStatus>((resolve) => {
        second!.events.subscribe((name, payload) => {
          if (name === 'sync.backfill' && (payload as BackfillStatus).state === 'done')
            resolve(payload as BackfillStatus)
        })
      })
      second.startRealtime()
      expect(await done).toMatchObject({ folderId: inbox.id, done: 120, total: 120 })
      const ids = localInbox(second, accountId).map((r) => r.message_id)
      expect(new Set(ids).size).toBe(120)
      expect(ids).toHaveLength(120)
    } finally {
      await second?.stopRealtime()
      second?.close()
      dataFixture.close()
    }
  })
})

describe('mail deleted on the server', () => {
  it('stays in Rapport, marked, and its attachment is still readable from the local cache', async () => {
    const user: MailUser = { user: 'cora', password: 'cora-pw' }
    await server.addUser(user.user, user.password)
    const pdf = randomBytes(40_000)
    await appendMessages(server, user.user, user.password, 'INBOX', [
      mailWithAttachments({
        messageId: '<quote-1@client.test>',
        to: 'cora@example.test',
        attachments: [{ bytes: pdf }]
      })
    ])
    const fixture = new CoreFixture()
    const other = await otherClient(server, user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const [thread] = await fixture.call('threads.list', { accountId })
      const { messages } = await fixture.call('threads.get', { threadId: thread!.id })
      const attachment = messages[0]!.attachments[0]!
      expect(attachment.filename).toBe('quote.pdf')

      await expungeAll(other, 'INBOX')
      await fixture.call('sync.run', { accountId })
      const row = fixture.core.workspace.db
        .prepare('SELECT deleted_on_server FROM messages WHERE id = ?')
        .get(messages[0]!.id) as { deleted_on_server: number }
      expect(row.deleted_on_server).toBe(1)
      const after = await fixture.call('threads.get', { threadId: thread!.id })
      expect(after.messages[0]).toMatchObject({
        deletedOnServer: true,
        attachments: [{ filename: 'quote.pdf' }]
      })
      const read = await fixture.call('attachments.read', { attachmentId: attachment.id })
      expect(read).toMatchObject({ filename: 'quote.pdf', contentType: 'application/pdf', size: pdf.length })
      expect(Buffer.from(read.dataBase64, 'base64').equals(pdf)).toBe(true)
      expect(await fixture.error('attachments.read', { attachmentId: 999_999 })).toMatchObject({
        code: 'NOT_FOUND',
        field: 'attachmentId'
      })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})

async function pushed(fixture: CoreFixture, accountId: number): Promise<void> {
  await fixture.core.workspace.sync.pushTasks(accountId)
  expect(await fixture.call('tasks.list', { accountId })).toEqual([])
}

describe('trash retention', () => {
  it('restores deleted mail to its folder on the server, and purges Trash locally after 30 days for good', async () => {
    const { user, corpus } = await seededUser('dita', 3)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    let other: ImapFlow = await otherClient(server, user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = (messageId: string) =>
        (
          fixture.core.workspace.db
            .prepare('SELECT id FROM messages WHERE message_id = ?')
            .get(messageId) as { id: number }
        )?.id
      const [a, b] = [pk(corpus[0]!.messageId), pk(corpus[1]!.messageId)]
      const archive = (await fixture.call('folders.list', { accountId })).find(
        (f) => f.specialUse === '\\Archive'
      )!
      await fixture.call('messages.move', { messageIds: [a!], folderId: archive.id })
      await fixture.call('messages.delete', { messageIds: [a!] })
      await pushed(fixture, accountId)
      expect(await countByMessageId(server, user, 'Trash', corpus[0]!.messageId)).toBe(1)
      const [item] = await fixture.call('trash.list', { accountId })
      expect(item).toMatchObject({ messageId: a, originFolder: 'Archive' })

      expect(await fixture.call('trash.restore', { messageIds: [a!] })).toEqual({ restored: 1 })
      await pushed(fixture, accountId)
      expect(await countByMessageId(server, user, 'Archive', corpus[0]!.messageId)).toBe(1)
      expect(await countByMessageId(server, user, 'Trash', corpus[0]!.messageId)).toBe(0)
      expect(await fixture.call('trash.list', { accountId })).toEqual([])

      await fixture.call('messages.delete', { messageIds: [b!] })
      await pushed(fixture, accountId)
      clock.advance(TRASH_RETENTION_MS - 60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      clock.advance(60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(pk(corpus[1]!.messageId)).toBeUndefined()
      // The server's Trash still holds it; the next sync does not bring it back.
      await fixture.call('sync.run', { accountId })
      expect(pk(corpus[1]!.messageId)).toBeUndefined()
      expect([...(await serverFolder(other, 'Trash')).values()].map((m) => m.messageId)).toEqual([
        corpus[1]!.messageId
      ])
      // Nor when the server renumbers Trash (a new UIDVALIDITY): the purged message is found
      // again by its Message-ID, and stays purged on every later pass.
      await other.logout()
      await server.doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '777', 'Trash'])
      other = await otherClient(server, user)
      for (let pass = 0; pass < 2; pass++) {
        await fixture.call('sync.run', { accountId })
        expect(pk(corpus[1]!.messageId)).toBeUndefined()
      }
      expect(pk(corpus[0]!.messageId)).toBe(a)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('keeps purged mail in the import window: the pass after a purge fetches no older Trash mail', async () => {
    const { user } = await seededUser('delia', 1)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    try {
      const id = (i: number) => `<delia-t${i}@b.test>`
      const trashMail = (i: number) =>
        `From: a@b.test\r\nTo: delia@example.test\r\nSubject: t${i}\r\nMessage-ID: ${id(i)}\r\n\r\nx\r\n`
      await appendMessages(server, user.user, user.password, 'Trash', [1, 2, 3, 4, 5, 6].map(trashMail))
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 3 }))
      await fixture.call('sync.run', { accountId })
      const inTrash = () =>
        [...localFolder(fixture.core.workspace.db, accountId, 'Trash').values()]
          .map((m) => m.messageId)
          .sort()
      expect(inTrash()).toEqual([id(4), id(5), id(6)])
      fixture.core.workspace.lifecycle.sweepTrash()
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(3)
      // The server keeps all six. The purged three still take the window's three places, so
      // t1-t3 are not fetched now only to be kept another 30 days.
      for (let pass = 0; pass < 2; pass++) {
        await fixture.call('sync.run', { accountId })
        expect(inTrash()).toEqual([])
      }
      // Mail arriving in Trash later is fetched as ever.
      await appendMessages(server, user.user, user.password, 'Trash', [trashMail(7)])
      await fixture.call('sync.run', { accountId })
      expect(inTrash()).toEqual([id(7)])
    } finally {
      fixture.close()
    }
  })

  it('keeps purged mail out of "Sync older mail" after the server renumbers Trash', async () => {
    const { user } = await seededUser('delphine', 1)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    let other: ImapFlow = await otherClient(server, user)
    try {
      const id = (i: number) => `<delphine-t${i}@b.test>`
      const trashMail = (i: number) =>
        `From: a@b.test\r\nTo: delphine@example.test\r\nSubject: t${i}\r\nMessage-ID: ${id(i)}\r\n\r\nx\r\n`
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await appendMessages(server, user.user, user.password, 'Trash', [1, 2, 3].map(trashMail))
      await fixture.call('sync.run', { accountId })
      fixture.core.workspace.lifecycle.sweepTrash()
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(3)
      await appendMessages(server, user.user, user.password, 'Trash', [trashMail(4)])
      await fixture.call('sync.run', { accountId })
      // Renumbered, the purged three are found again by Message-ID at new UIDs below the newest
      // message, which is where the cursor (lowest_synced_uid) now stands.
      await other.logout()
      await server.doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '778', 'Trash'])
      other = await otherClient(server, user)
      await fixture.call('sync.run', { accountId })
      const inTrash = () =>
        [...localFolder(fixture.core.workspace.db, accountId, 'Trash').values()].map((m) => m.messageId)
      expect(inTrash()).toEqual([id(4)])
      const trash = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'Trash')!
      await fixture.call('backfill.start', { folderId: trash.id })
      const settled = () =>
        lastEvent<BackfillStatus>(
          fixture,
          'sync.backfill',
          (s) => s.folderId === trash.id && (s.state === 'done' || s.error !== null)
        )
      await fixture.waitFor('the backfill to end or fail', () => settled() !== null)
      expect({ state: settled()!.state, error: settled()!.error, trash: inTrash() }).toEqual({
        state: 'done',
        error: null,
        trash: [id(4)]
      })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('restores to INBOX mail whose folder was deleted on the server meanwhile', async () => {
    const { user, corpus } = await seededUser('dina', 1)
    const fixture = new CoreFixture()
    const other: ImapFlow = await otherClient(server, user)
    try {
      await other.mailboxCreate('Tender 2026')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const folders = await fixture.call('folders.list', { accountId })
      const tender = folders.find((f) => f.path === 'Tender 2026')!
      const pk = (
        fixture.core.workspace.db
          .prepare('SELECT id FROM messages WHERE message_id = ?')
          .get(corpus[0]!.messageId) as {
          id: number
        }
      ).id
      await fixture.call('messages.move', { messageIds: [pk], folderId: tender.id })
      await fixture.call('messages.delete', { messageIds: [pk] })
      await pushed(fixture, accountId)
      // Moved twice before either move reached the server: nothing is left behind in the first folder.
      expect(
        fixture.core.workspace.db
          .prepare('SELECT count(*) AS n FROM message_locations WHERE folder_id = ?')
          .get(tender.id)
      ).toEqual({ n: 0 })
      await other.mailboxDelete('Tender 2026')
      await fixture.call('sync.run', { accountId })
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { originFolder: 'Tender 2026', originFolders: [] }
      ])
      expect(await fixture.call('trash.restore', { messageIds: [pk] })).toEqual({ restored: 1 })
      await pushed(fixture, accountId)
      expect(await countByMessageId(server, user, 'INBOX', corpus[0]!.messageId)).toBe(1)
      expect(await countByMessageId(server, user, 'Trash', corpus[0]!.messageId)).toBe(0)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('says so when restoring mail whose server Trash was emptied, and keeps it readable', async () => {
    const { user, corpus } = await seededUser('dora', 2)
    const fixture = new CoreFixture()
    const other: ImapFlow = await otherClient(server, user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = (
        fixture.core.workspace.db
          .prepare('SELECT id FROM messages WHERE message_id = ?')
          .get(corpus[0]!.messageId) as { id: number }
      ).id
      await fixture.call('messages.delete', { messageIds: [pk] })
      await pushed(fixture, accountId)
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { messageId: pk, restorable: true }
      ])
      await expungeAll(other, 'Trash')
      await fixture.call('sync.run', { accountId })
      // Still listed until its purge day, but marked: there is nothing left to restore on the server.
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { messageId: pk, restorable: false }
      ])
      const error = await fixture.error('trash.restore', { messageIds: [pk] })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'messageIds' })
      expect(error.message).toMatch(/no longer on the server/)
      expect((await fixture.call('messages.list', { accountId })).map((m) => m.id)).toContain(pk)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('brings a purged conversation back, comments and all, when a reply to its purged mail arrives', async () => {
    const user: MailUser = { user: 'dewa', password: 'dewa-pw' }
    await server.addUser(user.user, user.password)
    const mail = (id: string, subject: string, extra = '') =>
      `From: Carol <carol@client.test>\r\nTo: dewa@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.test>\r\n${extra}\r\nHello.\r\n`
    await appendMessages(server, user.user, user.password, 'INBOX', [mail('quote-1', 'Quote')])
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const [message] = await fixture.call('messages.list', { accountId })
      const threadId = message!.threadId!
      const [conversation] = await fixture.call('conversations.list', { inbox: 'all' })
      await fixture.call('conversations.comment', {
        conversationId: conversation!.id,
        body: 'Call Carol back'
      })
      await fixture.call('messages.delete', { messageIds: [message!.id] })
      await pushed(fixture, accountId)
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(await fixture.call('conversations.list', { inbox: 'all' })).toEqual([])
      // Carol answers the purged message; unrelated mail comes in the same pass.
      await appendMessages(server, user.user, user.password, 'INBOX', [
        mail(
          'quote-2',
          'Re: Quote',
          'In-Reply-To: <quote-1@client.test>\r\nReferences: <quote-1@client.test>\r\n'
        ),
        mail('other-1', 'Something else')
      ])
      const [result] = await fixture.call('sync.run', { accountId })
      expect(result!.fetched).toBe(2)
      const listed = await fixture.call('conversations.list', { inbox: 'all' })
      const revived = listed.find((c) => c.threadId === threadId)
      expect(revived).toMatchObject({ id: conversation!.id, status: 'open' })
      const timeline = await fixture.call('conversations.timeline', { conversationId: conversation!.id })
      expect(timeline.filter((e) => e.kind === 'comment').map((e) => e.body)).toEqual(['Call Carol back'])
      expect(listed).toHaveLength(2)
    } finally {
      fixture.close()
    }
  })
})

describe('disconnecting a mailbox', () => {
  it('keeps a read-only archive: no sync, no password, and actions refused with a clear error', async () => {
    const { user } = await seededUser('erik', 4)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const { secret_ref: secretRef } = fixture.core.workspace.db
        .prepare('SELECT secret_ref FROM accounts WHERE id = ?')
        .get(accountId) as { secret_ref: string }
      expect(await fixture.core.secrets.get(secretRef)).toBe(user.password)

      expect(await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })).toEqual({
        mode: 'archive',
        messagesRemoved: 0
      })
      expect(await fixture.core.secrets.get(secretRef)).toBeNull()
      const [account] = await fixture.call('accounts.list', {})
      expect(account).toMatchObject({ id: accountId, state: 'archived' })
      const messages = await fixture.call('messages.list', { accountId })
      expect(messages).toHaveLength(4)
      for (const [command, input] of [
        ['messages.setFlags', { messageIds: [messages[0]!.id], seen: true }],
        ['messages.delete', { messageIds: [messages[0]!.id] }],
        ['sync.run', { accountId }],
        ['messages.send', { accountId, to: ['client@example.test'], subject: 'Hi', text: 'Hello' }],
        ['outbox.send', { accountId, to: ['client@example.test'], subject: 'Later', text: 'Hello' }]
      ] as const) {
        const error = await fixture.error(command, input)
        expect(error.code, command).toBe('ACCOUNT_ARCHIVED')
        expect(error.message).toMatch(/read-only archive/)
      }
      expect(await fixture.call('sync.status', {})).toEqual([])
      // Nothing was queued to go out once the account is reconnected.
      expect(await fixture.call('outbox.list', {})).toEqual([])
      expect(await fixture.call('messages.list', { accountId })).toHaveLength(4)
      // Signing in again reconnects the archive.
      expect(
        await fixture.call('accounts.setPassword', { accountId, password: user.password })
      ).toMatchObject({
        state: 'active'
      })
      const [pass] = await fixture.call('sync.run', { accountId })
      expect(pass!.fetched).toBe(0)
      await fixture.call('messages.setFlags', { messageIds: [messages[0]!.id], seen: true })
      await pushed(fixture, accountId)
    } finally {
      fixture.close()
    }
  })

  it('stops mail waiting in the Outbox: a send-later message fails saying why, and Send now waits for sign-in', async () => {
    const { user } = await seededUser('erna', 1)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const later = await fixture.call('outbox.send', {
        accountId,
        to: ['client@example.test'],
        subject: 'Later',
        text: 'Hello',
        sendAt: new Date(Date.now() + 3_600_000).toISOString()
      })
      await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
      const [item] = await fixture.call('outbox.list', {})
      expect(item).toMatchObject({ id: later.item.id, state: 'failed' })
      expect(item!.lastError).toMatch(/disconnected/)
      for (const command of ['outbox.sendNow', 'outbox.retry'] as const)
        expect((await fixture.error(command, { id: later.item.id })).code, command).toBe('ACCOUNT_ARCHIVED')
      expect((await fixture.call('outbox.list', {}))[0]).toMatchObject({ state: 'failed' })
    } finally {
      fixture.close()
    }
  })

  it.each(['delete', 'archive'] as const)(
    'disconnects (%s) a mailbox in the middle of its first import: the pass stops and stores nothing more',
    async (mode) => {
      const { user } = await seededUser(`edda${mode}`, 400)
      const fixture = new CoreFixture()
      try {
        const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
        const pass = fixture.core.dispatch('sync.run', { accountId })
        const db = fixture.core.workspace.db
        const stored = () => (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
        await fixture.waitFor('the import under way', () => stored() > 0)
        await fixture.call('accounts.disconnect', { accountId, mode })
        const kept = stored()
        expect(kept).toBeLessThan(400)
        // The pass says why it stopped, not a database error dressed as the server's.
        expect(await pass).toMatchObject({
          ok: false,
          error: { code: mode === 'delete' ? 'NOT_FOUND' : 'ACCOUNT_ARCHIVED' }
        })
        expect(stored()).toBe(mode === 'delete' ? 0 : kept)
        if (mode === 'delete')
          for (const table of ['folders', 'threads', 'conversations', 'message_locations'])
            expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0)
      } finally {
        fixture.close()
      }
    }
  )

  it('leaves no attachment bytes behind when a mailbox is deleted in the middle of its import', async () => {
    const user: MailUser = { user: 'blanka', password: 'blanka-pw' }
    await server.addUser(user.user, user.password)
    // Parse workers cache each batch's attachments before it is stored: the pass that stops
    // leaves a parsed batch or two that never will be.
    const raws = Array.from({ length: 400 }, (_, i) =>
      mailWithAttachments({
        messageId: `<blanka-${i}@client.test>`,
        to: 'blanka@example.test',
        attachments: [{ bytes: randomBytes(2048), filename: `offer-${i}.pdf` }]
      })
    )
    await appendMessages(server, user.user, user.password, 'INBOX', raws)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      const pass = fixture.core.dispatch('sync.run', { accountId })
      const db = fixture.core.workspace.db
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
      await fixture.waitFor('the import under way', () => count('SELECT count(*) AS n FROM messages') > 0)
      await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })
      await pass
      expect(count('SELECT count(*) AS n FROM attachments')).toBe(0)
      expect(blobsIn(fixture.dataDir)).toBe(0)
    } finally {
      fixture.close()
    }
  })

  it('sweeps, at start, attachment bytes cached for mail that was never stored (a crash mid-import)', () => {
    const dataFixture = new CoreFixture()
    dataFixture.core.close()
    const cache = new AttachmentCache(join(dataFixture.dataDir, 'attachments'))
    cache.put(randomBytes(2048))
    cache.close()
    expect(blobsIn(dataFixture.dataDir)).toBe(1)
    const start = (now: number) =>
      new Core({
        dataDir: dataFixture.dataDir,
        secrets: new MemorySecretStore(null),
        log: () => {},
        clock: new ManualClock(now)
      })
    // Just cached, it may be an import's still waiting for its commit (the CLI beside the app).
    start(Date.now()).close()
    expect(blobsIn(dataFixture.dataDir)).toBe(1)
    const anHourOn = start(Date.now() + 60 * 60_000 + 1000)
    try {
      expect(blobsIn(dataFixture.dataDir)).toBe(0)
    } finally {
      anHourOn.close()
      dataFixture.close()
    }
  })

  it('purges nothing from an archive: its Trash mail stays past the 30 days', async () => {
    const { user, corpus } = await seededUser('ebba', 2)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = (messageId: string) =>
        (
          fixture.core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as
            { id: number } | undefined
        )?.id
      const deleted = pk(corpus[0]!.messageId)!
      await fixture.call('messages.delete', { messageIds: [deleted] })
      await pushed(fixture, accountId)
      await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
      clock.advance(TRASH_RETENTION_MS + 60_000)
      fixture.core.workspace.lifecycle.sweepTrash()
      expect(pk(corpus[0]!.messageId)).toBe(deleted)
      expect(await fixture.call('trash.list', { accountId })).toHaveLength(1)
    } finally {
      fixture.close()
    }
  })

  it('deletes a mailbox locally: its mail, folders and threads are gone, the secret too', async () => {
    const { user } = await seededUser('fred', 5)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      expect(await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })).toEqual({
        mode: 'delete',
        messagesRemoved: 5
      })
      expect(await fixture.call('accounts.list', {})).toEqual([])
      expect(await fixture.call('threads.list', {})).toEqual([])
      expect(await fixture.call('folders.list', {})).toEqual([])
      expect(await fixture.error('accounts.disconnect', { accountId, mode: 'delete' })).toMatchObject({
        code: 'NOT_FOUND'
      })
      expect(await fixture.error('accounts.disconnect', { accountId, mode: 'later' })).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'mode'
      })
    } finally {
      fixture.close()
    }
  })
})

describe('account settings', () => {
  it('stores the personal/shared flag and the poll interval, and refuses an interval out of range', async () => {
    const { user } = await seededUser('hana', 1)
    const fixture = new CoreFixture()
    try {
      const { id: accountId, shared } = await fixture.call('accounts.add', accountOf(user))
      expect(shared).toBe(false)
      expect(
        await fixture.call('accounts.update', { accountId, shared: true, pollIntervalSeconds: 300 })
      ).toMatchObject({ shared: true, pollIntervalSeconds: 300 })
      expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({
        shared: true,
        pollIntervalSeconds: 300
      })
      expect(await fixture.error('accounts.update', { accountId, pollIntervalSeconds: 5 })).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'pollIntervalSeconds'
      })
    } finally {
      fixture.close()
    }
  })
})

describe('offline', () => {
  it('shows the changes waiting while the server is unreachable, and pushes them when it is back', async () => {
    const { user, corpus } = await seededUser('gita', 4)
    const proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    const other = await otherClient(server, user)
    const state = () => lastEvent<SyncState>(fixture, 'sync.state', () => true)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      fixture.core.startRealtime()
      await fixture.waitFor('the first pass', () => state()?.state === 'up-to-date')
      const [a, b] = (await fixture.call('messages.list', { accountId })).map((m) => m.id)

      await proxy.offline()
      await fixture.waitFor('the offline state', () => state()?.error?.code === 'HOST_UNREACHABLE')
      await fixture.call('messages.setFlags', { messageIds: [a!], seen: true })
      await fixture.call('messages.setFlags', { messageIds: [b!], flagged: true })
      await fixture.waitFor('two changes waiting', () => state()?.pendingChanges === 2)
      expect(state()).toMatchObject({ state: 'error', error: { code: 'HOST_UNREACHABLE' } })
      expect(await fixture.call('sync.status', {})).toMatchObject([{ accountId, pendingChanges: 2 }])

      await proxy.online()
      await fixture.waitFor(
        'the changes pushed',
        () => state()?.state === 'up-to-date' && state()?.pendingChanges === 0
      )
      const inbox = [...(await serverFolder(other, 'INBOX')).values()]
      const flagsOf = (messageId: string) => inbox.find((m) => m.messageId === messageId)!.flags
      const byPk = (pk: number) =>
        (
          fixture.core.workspace.db.prepare('SELECT message_id FROM messages WHERE id = ?').get(pk) as {
            message_id: string
          }
        ).message_id
      const original = (id: string) => corpus.find((m) => m.messageId.toLowerCase() === id)!.messageId
      expect(flagsOf(original(byPk(a!)))).toContain('\\Seen')
      expect(flagsOf(original(byPk(b!)))).toContain('\\Flagged')
      expect(await fixture.call('sync.status', {})).toMatchObject([{ accountId, pendingChanges: 0 }])
    } finally {
      await other.logout().catch(() => other.close())
      await fixture.core.stopRealtime()
      fixture.close()
      await proxy.close()
    }
  })
})
