// The daily cap counts a message the SMTP server is taking (or has taken, before its Sent copy is
// saved) as gone: another due message, in this process or another on the same data directory,
// waits for the 24-hour window rather than going as well.
import { describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

let onNextAccept: (() => Promise<void>) | null = null
const env = useOutboxServer(
  ['erin'],
  {},
  {
    onAccepted: async () => {
      const hook = onNextAccept
      onNextAccept = null
      await hook?.()
    }
  }
)

describe('the daily cap and a message being sent by another process', () => {
  it('holds a second due message while the first is with the SMTP server (cap lowered to 1)', async () => {
    const { fixture: app, accountId } = await env.connect('erin')
    const queue = (subject: string) =>
      app.call('outbox.send', {
        accountId,
        to: ['bob@example.test'],
        subject,
        text: `${subject}: body`,
        sendAt: new Date(Date.now() + 60 * 60_000).toISOString()
      })
    const { item: first } = await queue('First')
    const { item: second } = await queue('Second')
    // The cap is lowered after both were queued: one of them may go today.
    await app.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    // Both become due now.
    app.core.workspace.db
      .prepare('UPDATE outbox SET send_at = ? WHERE id IN (?, ?)')
      .run(Date.now() - 1000, first.id, second.id)
    const cli = new Core({ dataDir: app.dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
    let release!: () => void
    let taken!: () => void
    const serverHasFirst = new Promise<void>((resolve) => (taken = resolve))
    onNextAccept = () => {
      taken()
      return new Promise<void>((resolve) => (release = resolve))
    }
    try {
      await cli.secrets.set(cli.workspace.accounts.get(accountId).secretRef, env.user('erin').password)
      // The app is sending the first: the SMTP server has it and has not answered yet.
      const flushing = app.core.workspace.outbox.runDue()
      await serverHasFirst
      // `rapport send`/`rapport sync` beside it flushes the account's due mail meanwhile.
      await cli.workspace.outbox.runDue()
      release()
      await flushing
    } finally {
      cli.close()
    }
    expect(relayed(env.relay, first.messageId)).toHaveLength(1)
    expect(relayed(env.relay, second.messageId), 'the second, past a cap of 1').toHaveLength(0)
    expect(app.core.workspace.outbox.repo.find(second.id)?.lastErrorCode).toBe('SEND_CAP_REACHED')
  })
})
