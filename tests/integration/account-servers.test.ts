// Changing a connected mailbox's servers or user name (accounts.updateServers): checked against
// the live servers before anything is saved, then the mailbox reconnects there, keeping its mail,
// conversations and comments, with nothing fetched twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncState } from '../../src-preload/contract'
import { appendMessages, freePorts, startDovecot, type DovecotServer } from '../support/dovecot'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { seededAccounts } from './fixtures/seeded-accounts'
import { FAST } from './fixtures/sync-mailbox'
import { localFolder, otherClient, serverFolder, type FolderState } from './fixtures/server-mailbox'

let server: DovecotServer
let relay: SmtpRelay

beforeAll(async () => {
  server = await startDovecot({ users: [] })
  // Any credentials: the SMTP check must pass for users added by the tests.
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort })
})

afterAll(async () => {
  await relay?.stop()
  await server?.stop()
})

const { seededUser, accountOf } = seededAccounts(() => server)

/** accounts.updateServers input: plain IMAP on `imapPort`, the relay for SMTP. */
function servers(accountId: number, user: string, imapPort: number, password?: string) {
  return {
    accountId,
    user,
    ...(password === undefined ? {} : { password }),
    imap: { host: server.host, port: imapPort, security: 'none' as const },
    smtp: { host: relay.host, port: relay.port, security: 'none' as const }
  }
}

/** UID -> flags: Message-IDs compare differently on each side (Rapport keeps them lower-cased). */
const flagsByUid = (folder: FolderState) => new Map([...folder].map(([uid, m]) => [uid, m.flags]))

function messageIds(fixture: CoreFixture, accountId: number): string[] {
  const rows = fixture.core.workspace.db
    .prepare('SELECT message_id FROM messages WHERE account_id = ? ORDER BY message_id')
    .all(accountId) as Array<{ message_id: string }>
  return rows.map((r) => r.message_id)
}

describe("changing a mailbox's servers", () => {
  it('refuses a wrong port or password with the field to fix and changes nothing; a new port reconnects real time', async () => {
    const { user, corpus } = await seededUser('nora', 12)
    const proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    const state = () => {
      const last = fixture.events.findLast((e) => e.name === 'sync.state')
      return last ? (last.payload as SyncState) : null
    }
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      fixture.core.startRealtime()
      await fixture.waitFor('the first pass', () => state()?.state === 'up-to-date')

      const [closed] = await freePorts(1)
      const unreachable = await fixture.error(
        'accounts.updateServers',
        servers(accountId, user.user, closed!)
      )
      expect(unreachable).toMatchObject({ code: 'HOST_UNREACHABLE', field: 'imap.host' })
      const wrongPassword = await fixture.error('accounts.updateServers', {
        ...servers(accountId, user.user, server.imapPort),
        password: 'not-the-password'
      })
      expect(wrongPassword).toMatchObject({ code: 'AUTH_FAILED', field: 'password' })
      const [unchanged] = await fixture.call('accounts.list', {})
      expect(unchanged).toMatchObject({ imap: { port: proxy.port }, smtp: { port: 1 }, state: 'active' })
      // The password kept is still the right one: the account signs in with it below.

      // The old address stops answering; the mailbox moves to the server's own port.
      await proxy.offline()
      const moved = await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, server.imapPort)
      )
      expect(moved).toMatchObject({
        imap: { port: server.imapPort },
        smtp: { port: relay.port },
        state: 'active'
      })

      // New mail reaches Rapport in real time over the new address only.
      const fresh = `From: client@example.test\r\nTo: nora@example.test\r\nSubject: after the move\r\nMessage-ID: <moved-1@client.test>\r\n\r\nhello\r\n`
      await appendMessages(server, user.user, user.password, 'INBOX', [fresh])
      await fixture.waitFor('the new mail', () =>
        messageIds(fixture, accountId).includes('<moved-1@client.test>')
      )
      expect(messageIds(fixture, accountId)).toHaveLength(corpus.length + 1)
      expect(new Set(messageIds(fixture, accountId)).size).toBe(corpus.length + 1)
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
          .all(accountId)
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
      const arrivedThere = `From: client@example.test\r\nTo: olga@example.test\r\nSubject: new home\r\nMessage-ID: <there-1@client.test>\r\n\r\nhi\r\n`
      await appendMessages(server, newUser.user, newUser.password, 'INBOX', [
        ...corpus.map((m) => ({ raw: m.raw, internalDate: m.date })),
        arrivedThere
      ])
      await server.doveadm(['mailbox', 'update', '-u', newUser.user, '--uid-validity', '9001', 'INBOX'])

      const moved = await fixture.call(
        'accounts.updateServers',
        servers(accountId, newUser.user, server.imapPort, newUser.password)
      )
      expect(moved).toMatchObject({ user: newUser.user, state: 'active', stateReason: null })
      // The new server's mod-sequences have nothing to do with the old one's.
      const modseqs = db.prepare('SELECT highest_modseq FROM folders WHERE account_id = ?').all(accountId)
      expect(modseqs.length).toBeGreaterThan(0)
      expect(modseqs).toEqual(modseqs.map(() => ({ highest_modseq: null })))

      await fixture.call('sync.run', { accountId })
      expect(messageIds(fixture, accountId)).toHaveLength(corpus.length + 1)
      expect(
        threads().filter((r) => (r as { message_id: string }).message_id !== '<there-1@client.test>')
      ).toEqual(threadsBefore)
      const other = await otherClient(server, newUser)
      try {
        expect(localFolder(db, accountId, 'INBOX').size).toBe((await serverFolder(other, 'INBOX')).size)
      } finally {
        await other.logout().catch(() => other.close())
      }
      const uidValidities = db
        .prepare(
          `SELECT DISTINCT l.uid_validity FROM message_locations l JOIN folders f ON f.id = l.folder_id
           WHERE f.account_id = ? AND f.path = 'INBOX'`
        )
        .all(accountId)
      expect(uidValidities).toEqual([{ uid_validity: 9001 }])
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

  it('asks the new server for every flag when it kept the UIDs and UIDVALIDITY but not the mod-sequences', async () => {
    const { user, corpus } = await seededUser('pia', 6)
    const fixture = new CoreFixture()
    const old = await otherClient(server, user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      // Flag changes on the old server push its HIGHESTMODSEQ well above a fresh copy's.
      const lock = await old.getMailboxLock('INBOX')
      try {
        for (let i = 0; i < 10; i++) {
          await old.messageFlagsAdd('1:*', ['$Seen-by-old'], { uid: true })
          await old.messageFlagsRemove('1:*', ['$Seen-by-old'], { uid: true })
        }
      } finally {
        lock.release()
      }
      await fixture.call('sync.run', { accountId })
      const db = fixture.core.workspace.db
      const inbox = db
        .prepare(`SELECT uid_validity, highest_modseq FROM folders WHERE account_id = ? AND path = 'INBOX'`)
        .get(accountId) as { uid_validity: number; highest_modseq: string }

      // A migration that kept UIDs and UIDVALIDITY (dsync does): same mail, one message flagged there.
      const newUser = { user: 'pia-new', password: 'pia-new-pw' }
      await server.addUser(newUser.user, newUser.password)
      await appendMessages(
        server,
        newUser.user,
        newUser.password,
        'INBOX',
        corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
      )
      await server.doveadm([
        'mailbox',
        'update',
        '-u',
        newUser.user,
        '--uid-validity',
        String(inbox.uid_validity),
        'INBOX'
      ])
      const copy = await otherClient(server, newUser)
      try {
        const copyLock = await copy.getMailboxLock('INBOX')
        try {
          await copy.messageFlagsAdd('1', ['\\Flagged'], { uid: true })
        } finally {
          copyLock.release()
        }
        const there = await copy.status('INBOX', { highestModseq: true })
        expect(there && there.highestModseq).toBeLessThan(BigInt(inbox.highest_modseq))

        await fixture.call(
          'accounts.updateServers',
          servers(accountId, newUser.user, server.imapPort, newUser.password)
        )
        await fixture.call('sync.run', { accountId })
        expect(localFolder(db, accountId, 'INBOX').get(1)?.flags).toContain('\\Flagged')
        expect(flagsByUid(localFolder(db, accountId, 'INBOX'))).toEqual(
          flagsByUid(await serverFolder(copy, 'INBOX'))
        )
      } finally {
        await copy.logout().catch(() => copy.close())
      }
    } finally {
      await old.logout().catch(() => old.close())
      fixture.close()
    }
  })
})
