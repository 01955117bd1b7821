// `rapport send` from a mailbox at its IMAP server's limit of connections per user and address
// (Dovecot's mail_max_userip_connections; phones and other mail programs hold some): the login is
// refused for now, so the message waits in the Outbox. The script is told so, in a code of its
// own, not that the send failed: a script that sent again reached the recipients twice.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { openTestImap } from '../support/imap-probe'
import { addAliceArgs, runCli } from './fixtures/cli-account'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const LIMIT = 2
const env = useOutboxServer(['alice'], { maxUserIpConnections: LIMIT })

describe('rapport send while the IMAP server refuses the login for now (connection limit)', () => {
  it('prints SEND_DEFERRED, says it goes out on its own, and queues the message once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-deferred-'))
    const secret = { RAPPORT_ALICE_PW: env.user('alice').password }
    const rapport = (args: string[]) => runCli(dataDir, args, secret)
    const held: ImapFlow[] = []
    try {
      await rapport(
        addAliceArgs(env.server, { user: 'alice', smtpPort: env.relay.port, passwordEnv: 'RAPPORT_ALICE_PW' })
      )
      const bodyFile = join(dataDir, 'body.txt')
      writeFileSync(bodyFile, 'Sent while two other programs hold the mailbox.\n')
      for (let i = 0; i < LIMIT; i++) held.push(await openTestImap(env.server, env.user('alice')))
      const send = [
        'send',
        '--account',
        '1',
        '--to',
        'dewi@example.test',
        '--subject',
        'At the limit',
        '--body-file',
        bodyFile,
        '--password-env',
        'RAPPORT_ALICE_PW'
      ]
      const failed = await rapport(send).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error
      )
      expect(failed.code).not.toBe(0)
      expect(failed.stderr).toMatch(/^error SEND_DEFERRED: .*goes out on its own/m)
      const { stdout } = await rapport(['api', 'outbox.list', '{}'])
      const { value: queued } = JSON.parse(stdout) as { value: Array<{ state: string; messageId: string }> }
      expect(queued.map((m) => m.state)).toEqual(['queued'])
      expect(relayed(env.relay, queued[0]!.messageId)).toHaveLength(0)
    } finally {
      for (const client of held) await client.logout()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
