// `rapport send` (messages.send) beside the app on one data directory: the app's pass can take the
// message `rapport send` just queued and be sending it when `rapport send` looks for its outcome.
// The answer was "could not be sent yet. It waits in the Outbox…" (HOST_UNREACHABLE), as if
// offline, while the app was handing it to the SMTP server; a script retrying on that sends twice.
import { describe, expect, it } from 'vitest'
import type { CommandOutput } from '../../src-preload/contract'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import type { CoreFixture } from './fixtures/core-fixture'
import { relayed, useOutboxServerHoldingAccepts } from './fixtures/outbox-server'

const { env, beforeNextAccept } = useOutboxServerHoldingAccepts(['alice', 'bob'])

/**
 * `rapport send` on the app's data directory, and the app taking each message it queues before
 * `rapport send` can (its pass found it due): the app's attempt is under way, and the SMTP server
 * holds its answer until `release`.
 */
async function sendBesideTheApp(app: CoreFixture, accountId: number, name: string) {
  const cli = new Core({ dataDir: app.dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
  await cli.secrets.set(cli.workspace.accounts.get(accountId).secretRef, env.user(name).password)
  const appOutbox = app.core.workspace.outbox
  // The app's claim, as its own flush makes it (OutboxRepository.claim).
  const appOwner = (appOutbox as unknown as { owner: string }).owner
  let release!: () => void
  let appSending!: () => void
  const serverHasIt = new Promise<void>((resolve) => (appSending = resolve))
  beforeNextAccept(() => {
    appSending()
    return new Promise<void>((resolve) => (release = resolve))
  })
  let appFlush: Promise<void> | null = null
  const off = cli.events.subscribe((name, payload) => {
    const { tables, ids } = payload as { tables: string[]; ids: number[] }
    if (name !== 'changed' || appFlush || !tables.includes('outbox') || ids.length !== 1) return
    expect(appOutbox.repo.claim(ids[0]!, appOwner)).toBe(true)
    appFlush = appOutbox.kick(accountId)
  })
  const sending = cli.dispatch('messages.send', {
    accountId,
    to: ['bob@example.test'],
    subject: `Sent by ${name} beside the app`,
    text: 'Hello'
  })
  return {
    cli,
    sending,
    serverHasIt,
    release: () => release(),
    appDone: () => appFlush,
    close: () => {
      off()
      cli.close()
    }
  }
}

describe('messages.send while another Rapport process is sending that message', () => {
  it('does not say it could not be sent yet: it says another process is sending it', async () => {
    const { fixture: app, accountId } = await env.connect('alice')
    const run = await sendBesideTheApp(app, accountId, 'alice')
    // Past this wait the answer is given while the app still sends (a slow SMTP server).
    run.cli.workspace.outbox.otherAttemptWaitMs = 300
    try {
      await run.serverHasIt
      const response = await run.sending
      expect(response.ok).toBe(false)
      if (response.ok) return
      expect(response.error.message).not.toContain('could not be sent yet')
      expect(response.error.code).toBe('SEND_IN_PROGRESS')
      expect(response.error.message).toContain('Another Rapport process')
    } finally {
      run.release()
      await run.appDone()
      run.close()
    }
    const item = app.core.workspace.outbox.list({ includeSent: true })[0]!
    expect(item.state).toBe('sent')
    expect(relayed(env.relay, item.messageId), 'copies the SMTP server took').toHaveLength(1)
  })

  it('waits for that attempt, without waking for it every 250 ms, and answers with its outcome', async () => {
    const { fixture: app, accountId } = await env.connect('bob')
    const run = await sendBesideTheApp(app, accountId, 'bob')
    run.cli.workspace.outbox.otherAttemptWaitMs = 20_000
    // The relay answers once `rapport send` is waiting for the app's attempt (it looks at who holds
    // the row), or has answered already (before the fix, at once).
    const repo = run.cli.workspace.outbox.repo
    const lookedAtHolder = new Promise<void>((resolve) => {
      const holder = repo.claimHolder?.bind(repo)
      repo.claimHolder = (id: number) => {
        resolve()
        return holder(id)
      }
    })
    try {
      await run.serverHasIt
      await Promise.race([lookedAtHolder, run.sending])
      // Its timer looks at the taken message again within a minute, not at the message's own time,
      // long past: that fired every 250 ms, each time a fresh IMAP login (no real-time session
      // here) finding the message still taken, for as long as the app's attempt lasted.
      const wake = run.cli.workspace.outbox.nextWake
      expect(wake, 'when the timer looks at the taken message again').not.toBeNull()
      expect(wake!).toBeGreaterThan(Date.now() + 30_000)
      run.release()
      const response = await run.sending
      expect(response.ok ? null : response.error).toBeNull()
      if (!response.ok) return
      const sent = response.value as CommandOutput<'messages.send'>
      expect(sent.sentCopyPending).toBe(false)
      expect(relayed(env.relay, sent.messageId), 'copies the SMTP server took').toHaveLength(1)
    } finally {
      run.release()
      await run.appDone()
      run.close()
    }
  })
})
