// Disconnecting a mailbox, against a real Dovecot: kept as a read-only archive (no sync, no
// password, actions refused, Outbox stopped, nothing purged) or deleted locally (mail, folders,
// threads, secret and cached attachment bytes gone).
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { AttachmentCache, RECENTLY_CACHED_MS } from '../../src-main/core/store/attachment-cache'
import { TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { mailWithAttachments } from '../support/attachment-mail'
import { blobsIn, cachedAgo } from '../support/cached-blobs'
import { appendMessages, type MailUser } from '../support/dovecot'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { server: fileServer, seededUser, accountOf } = useSeededAccounts()

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
      await fixture.pushed(accountId)
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
    await fileServer().addUser(user.user, user.password)
    // Parse workers cache each batch's attachments before it is stored: the pass that stops
    // leaves a parsed batch or two that never will be.
    const raws = Array.from({ length: 400 }, (_, i) =>
      mailWithAttachments({
        messageId: `<blanka-${i}@client.test>`,
        to: 'blanka@example.test',
        attachments: [{ bytes: randomBytes(2048), filename: `offer-${i}.pdf` }]
      })
    )
    await appendMessages(fileServer(), user.user, user.password, 'INBOX', raws)
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
      // Cached moments ago, the bytes may be another import's too (the same mail in another
      // mailbox), so the delete keeps them, and the hourly sweep keeps them while that is so...
      const left = blobsIn(fixture.dataDir)
      expect(left).toBeGreaterThan(0)
      const lifecycle = fixture.core.workspace.lifecycle
      expect(lifecycle.sweepAttachments()).toBe(0)
      // ...and takes them once they were cached over an hour ago, without waiting for a restart.
      cachedAgo(fixture.dataDir, RECENTLY_CACHED_MS + 1000)
      expect(lifecycle.sweepAttachments()).toBe(left)
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
      await fixture.pushed(accountId)
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
