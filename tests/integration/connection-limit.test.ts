// A mailbox at its server's limit of connections per user and address (Dovecot's
// mail_max_userip_connections; phones and other mail programs hold some): the login refused for
// now is no wrong password, and says so. Adding the mailbox tells the user to try again (nothing
// retries an add); a mailbox already added keeps trying, and syncs once a connection is free.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { openTestImap } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { FAST, ownMail } from './fixtures/sync-mailbox'

const LIMIT = 2
const USER: MailUser = { user: 'limit', password: 'limit-pw' }

let server: DovecotServer
let relay: SmtpRelay

beforeAll(async () => {
  server = await startDovecot({ users: [USER], maxUserIpConnections: LIMIT })
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort })
})

afterAll(async () => {
  await relay?.stop()
  await server?.stop()
})

/** Other mail programs holding `count` connections of the mailbox. */
async function otherPrograms(count: number): Promise<ImapFlow[]> {
  const held: ImapFlow[] = []
  for (let i = 0; i < count; i++) held.push(await openTestImap(server, USER))
  return held
}

describe('a mailbox at its server’s connection limit', () => {
  it('is not added, with "try again", not a promise to keep trying; added, it syncs again once one is free', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    const held = await otherPrograms(LIMIT)
    try {
      const refused = await fixture.error('accounts.add', accountInput(server, relay.port, USER))
      expect(refused).toMatchObject({ code: 'LOGIN_REFUSED_FOR_NOW', settingsCheck: true })
      expect(refused.message).toMatch(/temporarily refusing logins.*Maximum number of connections/)
      expect(refused.message).toMatch(/not a wrong password: try again in a few minutes/)
      expect(refused.message).not.toMatch(/keeps trying/)
      expect(await fixture.call('accounts.list', {})).toEqual([])

      await held.pop()!.logout()
      const { id: accountId } = await fixture.call('accounts.add', accountInput(server, relay.port, USER))
      held.push(...(await otherPrograms(1)))
      // Added, it is retried: the pass fails, and real time goes on trying on its own.
      const pass = await fixture.error('sync.run', { accountId })
      expect(pass.code).toBe('LOGIN_REFUSED_FOR_NOW')
      expect(pass.settingsCheck).toBeUndefined()
      expect(pass.serverText).toMatch(/Maximum number of connections/)
      expect(pass.message).toMatch(/temporarily refusing logins.*Rapport keeps trying/)
      fixture.core.startRealtime()
      await held[0]!.append('INBOX', ownMail('limit', 'while-full'))
      await held.pop()!.logout()
      const stored = () =>
        fixture.core.workspace.db
          .prepare('SELECT 1 FROM messages WHERE message_id = ?')
          .get('<while-full@example.test>')
      await fixture.waitFor('the mail that came while the mailbox was full', () => stored() !== undefined)
      await fixture.waitFor(
        'the error to clear',
        () => fixture.core.workspace.sync.status()[0]?.error === null
      )
    } finally {
      for (const client of held) await client.logout().catch(() => client.close())
      await fixture.core.stopRealtime()
      fixture.close()
    }
  })
})
