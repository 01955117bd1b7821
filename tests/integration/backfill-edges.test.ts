// "Sync older mail" against Dovecot: real time while it runs on INBOX, a folder not synced, the
// mailbox deleted as a batch ends, what each batch lists and stores at once, and a batch the
// store cannot take.
import { ImapFlow } from 'imapflow'
import { runBackfill } from '../../src-main/cli/cli-backfill'
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { lockFolder } from '../../src-main/core/mail-server/guarded-commands'
import { STORE_SLICE } from '../../src-main/core/sync/fetch-batches'
import { mailWithAttachments } from '../support/attachment-mail'
import { blobsAfterAStartAnHourOn, blobsIn } from '../support/cached-blobs'
import { refuseToStore } from '../support/poison-message'
import { CoreFixture } from './fixtures/core-fixture'
import { holdPushes } from './fixtures/hold-pushes'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient, storedFlags } from './fixtures/server-mailbox'
import { FAST } from './fixtures/sync-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

const stored = (fixture: CoreFixture, messageId: string) =>
  fixture.core.workspace.db.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(messageId) !==
  undefined

const mail = (messageId: string) =>
  `From: client@client.test\r\nTo: x@example.test\r\nSubject: New\r\nMessage-ID: ${messageId}\r\n\r\nHi\r\n`

/**
 * Real time on, INBOX in step. Other work on the lane (a poll, a move going up) has another folder
 * selected when mail arrives in INBOX; with `backfill`, a "sync older mail" batch of INBOX is the
 * next to select INBOX, and its SELECT shows the new mail before the watcher's round does.
 */
async function newMailWhileAnotherFolderIsSelected(name: string, backfill: boolean) {
  const { user } = await seededUser(name, 40)
  const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
  const other = await otherClient(server(), user)
  try {
    const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
    fixture.core.startRealtime()
    await fixture.waitFor(
      'the first pass',
      () => fixture.core.workspace.sync.status()[0]?.state === 'up-to-date'
    )
    const inbox = await fixture.folder(accountId, 'INBOX')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let selected!: () => void
    const elsewhere = new Promise<void>((resolve) => (selected = resolve))
    const held = fixture.core.workspace.sync.runOnline(accountId, async ({ client }) => {
      const lock = await lockFolder(client, 'Archive', { readOnly: true })
      lock.release()
      selected()
      await gate
    })
    await elsewhere
    const messageId = `<arrived-${name}@client.test>`
    await other.append('INBOX', mail(messageId))
    if (backfill) await fixture.call('backfill.start', { folderId: inbox.id })
    release()
    await held
    if (backfill)
      await fixture.waitFor(
        'the end of the backfill',
        () => fixture.backfillOf(accountId, inbox.id).state === 'done'
      )
    // IDLE on INBOX: the new message comes within moments, not at INBOX's next change.
    await fixture.waitFor('the new mail in INBOX', () => stored(fixture, messageId), 8_000)
  } finally {
    await other.logout().catch(() => other.close())
    await fixture.core.stopRealtime()
    fixture.close()
  }
}

describe('sync older mail of INBOX under real time', () => {
  it('without a backfill, mail that arrived while another folder was selected comes at once', async () => {
    await newMailWhileAnotherFolderIsSelected('bfctl', false)
  })

  it('a batch whose SELECT of INBOX shows new mail first does not hide it from real time', async () => {
    await newMailWhileAnotherFolderIsSelected('bfidle', true)
  })
})

describe('sync older mail of a folder not synced', () => {
  it('is refused with what to do, not accepted and then paused without a word', async () => {
    const { user } = await seededUser('bfuns', 2)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await other.mailboxCreate('Klien')
      for (let i = 0; i < 15; i++) await other.append('Klien', mail(`<k${i}@bfuns.test>`))
      await fixture.call('sync.run', { accountId })
      const klien = await fixture.folder(accountId, 'Klien')
      await fixture.call('folders.setSync', { folderId: klien.id, enabled: true })
      await fixture.call('sync.run', { accountId })
      await fixture.call('folders.setSync', { folderId: klien.id, enabled: false })
      const error = await fixture.error('backfill.start', { folderId: klien.id })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'folderId' })
      expect(error.message).toMatch(/Sync the folder Klien first/)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})

describe('deleting a mailbox while a backfill batch ends', () => {
  it('leaves no unhandled rejection when it goes while the batch logs out of its own session', async () => {
    const { user } = await seededUser('bfdel', 60)
    // No real time: each batch runs on a session of its own, logged out when the batch is done.
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      let deleting: Promise<unknown> | null = null
      // The first batch has stored its mail (its 'changed' event): the user deletes the mailbox now.
      const off = fixture.core.events.subscribe((name) => {
        if (name === 'changed' && !deleting && fixture.backfillOf(accountId, inbox.id)?.done >= 20) {
          off()
          deleting = fixture.core.dispatch('accounts.disconnect', { accountId, mode: 'delete' })
        }
      })
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the delete', () => deleting !== null)
      await deleting
      await fixture.core.workspace.lifecycle.backfill.settled()
      // Node reports an unhandled rejection once the microtasks have run: a turn later.
      await new Promise((resolve) => setImmediate(resolve))
      expect(rejections.map(String)).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
      fixture.close()
    }
  })
})

describe('what a backfill batch asks the server and stores at once', () => {
  it('lists a window below the cursor, not every older UID again, and stores in the import slices', async () => {
    const { user } = await seededUser('bfsize', 250)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 30 } })
    const search = ImapFlow.prototype.search
    const listed: number[] = []
    ImapFlow.prototype.search = async function (this: ImapFlow, ...args: Parameters<ImapFlow['search']>) {
      const result = await search.apply(this, args)
      if (typeof (args[0] as { uid?: unknown })?.uid === 'string' && Array.isArray(result))
        listed.push(result.length)
      return result
    } as ImapFlow['search']
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      const store = fixture.core.workspace.store as unknown as { storeBatch: (...args: unknown[]) => unknown }
      const storeBatch = store.storeBatch.bind(store)
      const sizes: number[] = []
      store.storeBatch = (context: unknown, batch: unknown) => {
        sizes.push((batch as unknown[]).length)
        return storeBatch(context, batch)
      }
      listed.length = 0
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor(
        'the end of the backfill',
        () => fixture.backfillOf(accountId, inbox.id).state === 'done'
      )
      expect(fixture.backfillOf(accountId, inbox.id)).toMatchObject({ done: 250, total: 250 })
      // 240 older messages in batches of 30: each listing covers a window of 4 batches, not
      // every older UID again for every batch (240, 210, ...: quadratic in the folder's size).
      expect(listed.length).toBeGreaterThanOrEqual(8)
      expect(Math.max(...listed)).toBeLessThanOrEqual(4 * 30)
      // A batch of 30 in slices of 25, a turn of the event loop between them, as a pass stores.
      expect(Math.max(...sizes)).toBe(STORE_SLICE)
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(240)
    } finally {
      ImapFlow.prototype.search = search
      fixture.close()
    }
  })
})

describe('a backfill window that holds exactly one batch', () => {
  it('goes on below it: older mail past a long run of expunged UIDs is still fetched', async () => {
    const { user } = await seededUser('bfgap', 250)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 30 } })
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      // Below the 10 synced (UIDs 241-250), the first window (121-240) keeps only 211-240: as
      // many as one batch takes, and 120 older messages lie below it.
      await other.mailboxOpen('INBOX')
      await other.messageDelete('121:210', { uid: true })
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor(
        'the end of the backfill',
        () => fixture.backfillOf(accountId, inbox.id).state === 'done'
      )
      expect(fixture.backfillOf(accountId, inbox.id)).toMatchObject({ done: 160, total: 160 })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})

describe('sync older mail of a folder the server renumbered since its last pass', () => {
  it('re-syncs the folder first and goes on: `rapport backfill` runs no pass of its own', async () => {
    const { user } = await seededUser('bfrenum', 40)
    const fixture = new CoreFixture({ sync: { backfillBatch: 10 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      await server().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '4242', 'INBOX'])
      // As `rapport backfill --folder ID` does.
      expect(await runBackfill(fixture.core, inbox.id)).toMatchObject({
        state: 'done',
        done: 40,
        error: null
      })
      const stored = fixture.core.workspace.db
        .prepare(
          'SELECT count(*) AS n, count(DISTINCT message_pk) AS m FROM message_locations WHERE folder_id = ?'
        )
        .get(inbox.id)
      expect(stored).toEqual({ n: 40, m: 40 })
      expect((await fixture.call('sync.run', { accountId }))[0]).toMatchObject({ fetched: 0 })
    } finally {
      fixture.close()
    }
  })
})

describe('a backfill paused and resumed on the way', () => {
  it('asks for the search index merge with every message it stored, not only those since the resume', async () => {
    const { user } = await seededUser('bfmerge', 70)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      const { compactor } = fixture.core.workspace
      const handed: number[] = []
      const afterImport = compactor.afterImport.bind(compactor)
      compactor.afterImport = (stored: number) => {
        handed.push(stored)
        afterImport(stored)
      }
      const off = fixture.core.events.subscribe((name, payload) => {
        const status = payload as BackfillStatus
        if (name === 'sync.backfill' && status.folderId === inbox.id && status.done >= 30) {
          off()
          void fixture.call('backfill.pause', { folderId: inbox.id })
        }
      })
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the pause', () => fixture.backfillOf(accountId, inbox.id).state === 'paused')
      await fixture.core.workspace.lifecycle.backfill.settled()
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the end', () => fixture.backfillOf(accountId, inbox.id).state === 'done')
      // The merge needs 1,000 messages or more (IndexCompactor): the count must be the backfill's.
      expect(handed).toEqual([60])
    } finally {
      fixture.close()
    }
  })
})

/** A mailbox of six messages with an attachment each, the newest two imported; its Message-IDs, oldest first. */
async function attachmentsMailbox(name: string) {
  const { user } = await seededUser(name, 0)
  const fixture = new CoreFixture({
    sync: { realtime: FAST, backfillBatch: 10, backfillRetryMs: 3_600_000 }
  })
  const other = await otherClient(server(), user)
  const ids = Array.from({ length: 6 }, (_, i) => `<blob${i}@${name}.test>`)
  for (const [i, messageId] of ids.entries()) {
    const bytes = Buffer.from(`quote number ${i} `.repeat(200))
    await other.append('INBOX', mailWithAttachments({ messageId, to: user.user, attachments: [{ bytes }] }))
  }
  const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 2 }))
  await fixture.call('sync.run', { accountId })
  expect(blobsIn(fixture.dataDir)).toBe(2)
  const inbox = await fixture.folder(accountId, 'INBOX')
  const close = async () => {
    await other.logout().catch(() => other.close())
    fixture.close()
  }
  return { fixture, accountId, inbox, ids, close }
}

describe('a backfill batch that stops after its parse', () => {
  it('when the store cannot take its mail, lets go of the attachment bytes the parse cached', async () => {
    const { fixture, accountId, inbox, ids, close } = await attachmentsMailbox('bfblob')
    try {
      // Every older message fails to store: the batch fails after its parse cached their bytes.
      const lift = refuseToStore(fixture.dataDir, ids.slice(0, 4))
      try {
        await fixture.call('backfill.start', { folderId: inbox.id })
        await fixture.waitFor(
          'the failed batch',
          () => fixture.backfillOf(accountId, inbox.id).error !== null
        )
      } finally {
        lift()
      }
      expect(fixture.backfillOf(accountId, inbox.id).error?.message).toMatch(/cannot store this one/)
      // Just cached, they may be another import's too: kept until the sweep at the next start.
      expect(blobsIn(fixture.dataDir)).toBe(6)
      fixture.core.close()
      expect(blobsAfterAStartAnHourOn(fixture.dataDir)).toBe(2)
    } finally {
      await close()
    }
  })

  it('when the mailbox is deleted while it parses, lets go of them too', async () => {
    const { fixture, accountId, inbox, close } = await attachmentsMailbox('bfdelparse')
    try {
      const parser = fixture.core.workspace.parser
      const parse = parser.parse.bind(parser)
      let deleting: Promise<unknown> | null = null
      parser.parse = async (raw, date) => {
        deleting ??= fixture.core.dispatch('accounts.disconnect', { accountId, mode: 'delete' })
        await deleting
        return parse(raw, date)
      }
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the delete', () => deleting !== null)
      // Set by the parse above: TypeScript cannot see the callback assign it.
      const deleted = (await (deleting as Promise<unknown> | null)) as { ok: boolean }
      expect(deleted.ok).toBe(true)
      await fixture.core.workspace.lifecycle.backfill.settled()
      parser.parse = parse
      // The mailbox and all its mail are gone: so is every cached byte of it, once the sweep at
      // the next start ran (just cached, the bytes may have been another import's too).
      fixture.core.close()
      expect(blobsAfterAStartAnHourOn(fixture.dataDir)).toBe(0)
    } finally {
      await close()
    }
  })
})

describe('an older copy a backfill finds of a message the user just changed', () => {
  it('shows the change still on its way to the server on top of the copy, as a pass does', async () => {
    const { user } = await seededUser('bfpend', 0)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const other = await otherClient(server(), user)
    try {
      // Read everywhere on the server: a copy in Archive below its import window, and in INBOX.
      const messageId = '<filed@bfpend.test>'
      await other.append('Archive', mail(messageId), ['\\Seen'])
      for (let i = 0; i < 6; i++) await other.append('Archive', mail(`<later${i}@bfpend.test>`))
      await other.append('INBOX', mail(messageId), ['\\Seen'])
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 3 }))
      await fixture.call('sync.run', { accountId })
      const pk = fixture.messagePk(messageId)
      const archive = await fixture.folder(accountId, 'Archive')
      // Marked unread while offline: the change waits to go up.
      const release = holdPushes(fixture, accountId)
      await fixture.call('messages.setFlags', { messageIds: [pk], seen: false })
      await fixture.call('backfill.start', { folderId: archive.id })
      await fixture.waitFor(
        'the end of the backfill',
        () => fixture.backfillOf(accountId, archive.id).state === 'done'
      )
      const copies = fixture.core.workspace.db
        .prepare('SELECT count(*) AS n FROM message_locations WHERE message_pk = ?')
        .get(pk) as { n: number }
      expect(copies.n).toBe(2)
      expect(storedFlags(fixture.core.workspace.db, pk)).not.toContain('\\Seen')
      await release()
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})
