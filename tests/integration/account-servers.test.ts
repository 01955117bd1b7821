// Changing a connected mailbox's servers or user name (accounts.updateServers): checked against
// the live servers before anything is saved, then the mailbox reconnects there, keeping its mail,
// conversations and comments, with nothing fetched twice.
import { beforeAll, describe, expect, it } from 'vitest'
import type { SyncProgress, SyncState } from '../../src-preload/contract'
import { appendMessages, freePorts, type DovecotServer } from '../support/dovecot'
import type { SmtpRelay } from '../support/smtp-relay'
import { startTcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { fromClient, messageIds, useServerChange } from './fixtures/server-change'
import { FAST } from './fixtures/sync-mailbox'
import { localFolder, otherClient, serverFolder, type FolderState } from './fixtures/server-mailbox'

const change = useServerChange()
const { seededUser, accountOf, servers } = change
let server: DovecotServer
let relay: SmtpRelay
beforeAll(() => {
  server = change.server()
  relay = change.relay()
})

/** UID -> Message-ID and flags, Message-IDs lower-cased as Rapport keeps them. */
const byUid = (folder: FolderState) =>
  new Map([...folder].map(([uid, m]) => [uid, { messageId: m.messageId.toLowerCase(), flags: m.flags }]))

/** Messages downloaded by the passes since event `since` (the folders' "done" progress). */
function fetchedSince(fixture: CoreFixture, since: number): number {
  return fixture.events
    .slice(since)
    .filter((e) => e.name === 'sync.progress' && (e.payload as SyncProgress).phase === 'done')
    .reduce((sum, e) => sum + (e.payload as SyncProgress).done, 0)
}

describe("changing a mailbox's servers", () => {
  it('refuses a wrong port, a wrong password or a new host without one, changing nothing; a new port moves real time there', async () => {
    const { user, corpus } = await seededUser('nora', 12)
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    const state = () => {
      const last = fixture.events.findLast((e) => e.name === 'sync.state')
      return last ? (last.payload as SyncState) : null
    }
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      fixture.core.startRealtime()
      await fixture.waitFor('the first pass', () => state()?.state === 'up-to-date')
      expect(proxy.open).toBe(1)
      // The first pass ran on the real-time session: one login, not two.
      expect(proxy.accepted).toBe(1)

      const [closed] = await freePorts(1)
      expect(
        await fixture.error('accounts.updateServers', servers(accountId, user.user, closed!))
      ).toMatchObject({
        code: 'HOST_UNREACHABLE',
        field: 'imap.host'
      })
      expect(
        await fixture.error(
          'accounts.updateServers',
          servers(accountId, user.user, server.imapPort, 'not-the-password')
        )
      ).toMatchObject({ code: 'AUTH_FAILED', field: 'password' })
      // The saved password goes only to the host it was saved for.
      expect(
        await fixture.error(
          'accounts.updateServers',
          servers(accountId, user.user, server.imapPort, undefined, 'localhost')
        )
      ).toMatchObject({ code: 'INVALID_INPUT', field: 'password' })
      const [unchanged] = await fixture.call('accounts.list', {})
      expect(unchanged).toMatchObject({ imap: { port: proxy.port }, smtp: { port: 1 }, state: 'active' })
      // The password kept is still the right one: the account signs in with it below.

      const moved = await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, server.imapPort)
      )
      expect(moved).toMatchObject({
        imap: { port: server.imapPort },
        smtp: { port: relay.port },
        state: 'active'
      })
      // Real time left the old address (the proxy still answers there) for the new one.
      await expect.poll(() => proxy.open, { timeout: 10_000 }).toBe(0)
      const acceptedBefore = proxy.accepted

      await appendMessages(server, user.user, user.password, 'INBOX', [
        fromClient('moved-1', 'nora@example.test', 'after the move')
      ])
      await fixture.waitFor('the new mail', () =>
        messageIds(fixture, accountId).includes('<moved-1@client.test>')
      )
      expect(new Set(messageIds(fixture, accountId)).size).toBe(corpus.length + 1)
      expect(messageIds(fixture, accountId)).toHaveLength(corpus.length + 1)
      expect(proxy.accepted).toBe(acceptedBefore)
    } finally {
      await fixture.core.stopRealtime()
      fixture.close()
      await proxy.close()
    }
  })

  it('follows the mailbox to another server: paused there, active here, mail matched by Message-ID, comments kept', async () => {
    const { user, corpus } = await seededUser('olga', 15)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const db = fixture.core.workspace.db
      const threads = () =>
        db
          .prepare('SELECT message_id, thread_id FROM messages WHERE account_id = ? ORDER BY message_id')
          .all(accountId) as Array<{ message_id: string; thread_id: number }>
      const threadsBefore = threads()
      const [conversation] = await fixture.call('conversations.list', { inbox: 'all' })
      await fixture.call('conversations.comment', {
        conversationId: conversation!.id,
        body: 'Call them Monday'
      })

      // The old provider no longer takes the password: the account pauses for sign-in.
      await server.setPassword(user.user, 'retired')
      const refused = await fixture.error('sync.run', { accountId })
      expect(refused.code).toBe('AUTH_FAILED')
      expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({ state: 'needs-signin' })

      // The same mail on the new provider, with its own UIDVALIDITY, plus one message that only it has.
      const newUser = { user: 'olga-new', password: 'olga-new-pw' }
      await server.addUser(newUser.user, newUser.password)
      await appendMessages(server, newUser.user, newUser.password, 'INBOX', [
        ...corpus.map((m) => ({ raw: m.raw, internalDate: m.date })),
        fromClient('there-1', 'olga@example.test', 'new home')
      ])
      await server.doveadm(['mailbox', 'update', '-u', newUser.user, '--uid-validity', '9001', 'INBOX'])

      const since = fixture.events.length
      const moved = await fixture.call(
        'accounts.updateServers',
        servers(accountId, newUser.user, server.imapPort, newUser.password)
      )
      expect(moved).toMatchObject({ user: newUser.user, state: 'active', stateReason: null })
      // No UID or mod-sequence of the old server is trusted on the new one.
      const trusted = db
        .prepare(
          `SELECT count(*) AS n FROM folders WHERE account_id = ? AND (uid_validity > 0 OR highest_modseq IS NOT NULL)`
        )
        .get(accountId) as { n: number }
      expect(trusted.n).toBe(0)

      await fixture.call('sync.run', { accountId })
      // Only the message new there was downloaded: the rest was matched by Message-ID.
      expect(fetchedSince(fixture, since)).toBe(1)
      expect(messageIds(fixture, accountId)).toHaveLength(corpus.length + 1)
      expect(threads().filter((r) => r.message_id !== '<there-1@client.test>')).toEqual(threadsBefore)
      const other = await otherClient(server, newUser)
      try {
        expect(byUid(localFolder(db, accountId, 'INBOX'))).toEqual(byUid(await serverFolder(other, 'INBOX')))
      } finally {
        await other.logout().catch(() => other.close())
      }
      const timeline = await fixture.call('conversations.timeline', { conversationId: conversation!.id })
      expect(timeline.some((entry) => entry.kind === 'comment' && entry.body === 'Call them Monday')).toBe(
        true
      )
      // Nothing left to fetch: the next pass is a no-op.
      expect((await fixture.call('sync.run', { accountId }))[0]!.fetched).toBe(0)
    } finally {
      fixture.close()
    }
  })

  it('trusts no UID of the old server on a new one with the same UIDVALIDITY: flags and deletes reach the right mail, in synced folders and others', async () => {
    const { user, corpus } = await seededUser('pia', 6)
    const fixture = new CoreFixture()
    const old = await otherClient(server, user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      const db = fixture.core.workspace.db
      const pkOf = (messageId: string) =>
        (
          db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId.toLowerCase()) as {
            id: number
          }
        ).id
      // A folder Rapport does not sync, which it moved a message into.
      await old.mailboxCreate('Clients')
      await fixture.call('sync.run', { accountId })
      const clients = await fixture.folder(accountId, 'Clients')
      expect(clients.syncEnabled).toBe(false)
      const filed = corpus[1]!.messageId
      await fixture.call('messages.move', { messageIds: [pkOf(filed)], folderId: clients.id })
      await fixture.call('sync.run', { accountId })
      const uidValidityOf = async (path: string) => {
        const status = await old.status(path, { uidValidity: true })
        if (!status) throw new Error(`No STATUS for ${path}`)
        return Number(status.uidValidity)
      }
      const numbering = { INBOX: await uidValidityOf('INBOX'), Clients: await uidValidityOf('Clients') }

      // Paused by the old server, the user deletes the first message: the move waits, with its old UID.
      await server.setPassword(user.user, 'retired')
      await fixture.error('sync.run', { accountId })
      const deleted = corpus[0]!.messageId
      await fixture.call('messages.delete', { messageIds: [pkOf(deleted)] })
      const starred = corpus[3]!.messageId
      await fixture.call('messages.setFlags', { messageIds: [pkOf(starred)], flagged: true })

      // Another mailbox whose folders happen to have the same UIDVALIDITY, its mail in another
      // order and the newest flagged: each UID there is another message than here.
      const newUser = { user: 'pia-new', password: 'pia-new-pw' }
      await server.addUser(newUser.user, newUser.password)
      const mail = (messages: typeof corpus) => messages.map((m) => ({ raw: m.raw, internalDate: m.date }))
      const inboxMail = corpus.filter((m) => m.messageId !== filed).reverse()
      await appendMessages(server, newUser.user, newUser.password, 'INBOX', mail(inboxMail))
      const copy = await otherClient(server, newUser)
      try {
        await copy.mailboxCreate('Clients')
        await appendMessages(
          server,
          newUser.user,
          newUser.password,
          'Clients',
          mail([corpus[2]!, corpus[1]!])
        )
        for (const [path, value] of Object.entries(numbering))
          await server.doveadm([
            'mailbox',
            'update',
            '-u',
            newUser.user,
            '--uid-validity',
            String(value),
            path
          ])
        const lock = await copy.getMailboxLock('INBOX')
        try {
          await copy.messageFlagsAdd('1', ['\\Flagged'], { uid: true })
        } finally {
          lock.release()
        }

        await fixture.call(
          'accounts.updateServers',
          servers(accountId, newUser.user, server.imapPort, newUser.password)
        )
        await fixture.call('sync.run', { accountId })
        // Not synced, Clients was still matched again: Rapport knows its message at its new UID.
        expect(localFolder(db, accountId, 'Clients').get(2)?.messageId).toBe(filed.toLowerCase())
        // Filed away before the change, deleted after it: from Clients, where it is UID 2 now.
        await fixture.call('messages.delete', { messageIds: [pkOf(filed)] })
        await fixture.call('sync.run', { accountId })

        const ids = (folder: FolderState) => [...folder.values()].map((m) => m.messageId.toLowerCase()).sort()
        const lower = (...messageIds: string[]) => messageIds.map((id) => id.toLowerCase()).sort()
        const inbox = await serverFolder(copy, 'INBOX')
        expect(ids(await serverFolder(copy, 'Trash'))).toEqual(lower(deleted, filed))
        expect(ids(await serverFolder(copy, 'Clients'))).toEqual(lower(corpus[2]!.messageId))
        expect(ids(inbox)).toEqual(
          lower(...inboxMail.filter((m) => m.messageId !== deleted).map((m) => m.messageId))
        )
        expect(byUid(localFolder(db, accountId, 'INBOX'))).toEqual(byUid(inbox))
        const flagged = [...localFolder(db, accountId, 'INBOX').values()].filter((m) =>
          m.flags.includes('\\Flagged')
        )
        expect(flagged.map((m) => m.messageId).sort()).toEqual(lower(inboxMail[0]!.messageId, starred))
      } finally {
        await copy.logout().catch(() => copy.close())
      }
    } finally {
      await old.logout().catch(() => old.close())
      fixture.close()
    }
  })

  it('records no synced range in a folder not synced, so turning sync on there later fetches all its mail', async () => {
    const { user } = await seededUser('rhea', 4)
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture()
    const other = await otherClient(server, user)
    try {
      await other.mailboxCreate('Clients')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      await fixture.call('sync.run', { accountId })
      const db = fixture.core.workspace.db
      const clients = await fixture.folder(accountId, 'Clients')
      const [first, second] = (
        db.prepare('SELECT id FROM messages WHERE account_id = ? ORDER BY id').all(accountId) as Array<{
          id: number
        }>
      ).map((r) => r.id)
      // Rapport files a message in Clients (UID 1), another program three (2-4), Rapport one more (5).
      await fixture.call('messages.move', { messageIds: [first!], folderId: clients.id })
      await fixture.call('sync.run', { accountId })
      await appendMessages(server, user.user, user.password, 'Clients', [
        fromClient('filed-1', 'rhea@example.test', 'one'),
        fromClient('filed-2', 'rhea@example.test', 'two'),
        fromClient('filed-3', 'rhea@example.test', 'three')
      ])
      await fixture.call('messages.move', { messageIds: [second!], folderId: clients.id })
      await fixture.call('sync.run', { accountId })
      expect((await serverFolder(other, 'Clients')).size).toBe(5)

      // Dovecot's own port instead of the proxy's is another server: Rapport's two messages in
      // Clients are matched again, and nothing else there is fetched.
      await fixture.call('accounts.updateServers', servers(accountId, user.user, server.imapPort))
      await fixture.call('sync.run', { accountId })
      expect([...localFolder(db, accountId, 'Clients').keys()].sort()).toEqual([1, 5])

      await fixture.call('folders.setSync', { folderId: clients.id, enabled: true })
      await fixture.call('sync.run', { accountId })
      expect(byUid(localFolder(db, accountId, 'Clients'))).toEqual(
        byUid(await serverFolder(other, 'Clients'))
      )
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
      await proxy.close()
    }
  })

  it('reconnects an archive only with its password typed, since disconnecting deleted it', async () => {
    const { user, corpus } = await seededUser('quinn', 3)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })

      expect(
        await fixture.error('accounts.updateServers', servers(accountId, user.user, server.imapPort))
      ).toMatchObject({ code: 'SECRET_MISSING', field: 'password' })
      expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({ state: 'archived' })

      await appendMessages(server, user.user, user.password, 'INBOX', [
        fromClient('back-1', 'quinn@example.test', 'welcome back')
      ])
      const back = await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, server.imapPort, user.password)
      )
      expect(back).toMatchObject({ state: 'active', smtp: { port: relay.port } })
      // The change starts a pass of its own (no real time here), which brings what came meanwhile.
      await fixture.waitFor('the mail that came meanwhile', () =>
        messageIds(fixture, accountId).includes('<back-1@client.test>')
      )
      expect(messageIds(fixture, accountId)).toHaveLength(corpus.length + 1)
    } finally {
      fixture.close()
    }
  })
})
