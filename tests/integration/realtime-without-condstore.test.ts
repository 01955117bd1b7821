// Real time against a plain IMAP4rev1 server (no CONDSTORE, as Microsoft 365 and many hosted
// servers): changes another program makes to INBOX while Rapport's session has another folder
// selected (a poll of the other folders) still reach Rapport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { startTcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { localFolder, otherClient, serverFolder, uidOf } from './fixtures/server-mailbox'

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [], plain: true })
})

afterAll(async () => {
  await server?.stop()
})

const ARCHIVE = 'Arsip Surat'

describe('real time on a server without CONDSTORE', () => {
  it('picks up a flag change and a delete another program made in INBOX while a poll had another folder selected', async () => {
    const user: MailUser = { user: 'plainrt', password: 'plainrt-pw' }
    await server.addUser(user.user, user.password)
    const corpus = await generateCorpus({ seed: 71, count: 4, selfAddress: 'plainrt@example.test' })
    await appendMessages(
      server,
      user.user,
      user.password,
      'INBOX',
      corpus.map((m) => m.raw)
    )
    await appendMessages(server, user.user, user.password, ARCHIVE, [
      `From: plainrt@example.test\r\nTo: x@example.test\r\nSubject: filed\r\nMessage-ID: <filed@example.test>\r\n\r\nhi\r\n`
    ])
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture({
      sync: {
        realtime: {
          pollIntervalMs: 300,
          idleRestartMs: 60_000,
          noopTimeoutMs: 5_000,
          reconnect: { baseMs: 50, maxMs: 500 }
        }
      }
    })
    const other = await otherClient(server, user)
    try {
      const imap = { host: proxy.host, port: proxy.port, security: 'none' as const }
      const { id: accountId } = await fixture.call('accounts.add', {
        email: 'plainrt@example.test',
        user: user.user,
        password: user.password,
        imap,
        smtp: { ...imap, port: 1 },
        importLimit: 'all',
        skipVerify: true
      })
      const db = fixture.core.workspace.db
      fixture.core.startRealtime()
      const state = () => fixture.core.workspace.sync.status()[0]!
      await fixture.waitFor('the first pass', () => state().state === 'up-to-date')
      expect(other.capabilities.has('CONDSTORE')).toBe(false)

      const before = await serverFolder(other, 'INBOX')
      const flagged = uidOf(before, corpus[0]!.messageId)
      const deleted = uidOf(before, corpus[1]!.messageId)
      // The phone flags one message and deletes another in INBOX just as Rapport's poll opens
      // the archive folder (INBOX is not selected on Rapport's session for that moment).
      await proxy.beforeCommand(new RegExp(`(SELECT|EXAMINE) "?${ARCHIVE}`), 1, async () => {
        const lock = await other.getMailboxLock('INBOX')
        try {
          await other.messageFlagsAdd(String(flagged), ['\\Flagged'], { uid: true })
          await other.messageDelete(String(deleted), { uid: true })
        } finally {
          lock.release()
        }
      })
      // Several more polls (each back to INBOX and IDLE in between): ample time to notice.
      await proxy.beforeCommand(new RegExp(`(SELECT|EXAMINE) "?${ARCHIVE}`), 5, async () => undefined)
      expect(localFolder(db, accountId, 'INBOX')).toEqual(await serverFolder(other, 'INBOX'))
    } finally {
      await other.logout().catch(() => other.close())
      await fixture.core.stopRealtime()
      fixture.close()
      await proxy.close()
    }
  })
})
