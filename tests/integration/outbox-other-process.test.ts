// Two Rapport processes sending from one data directory (the app and `rapport send`): a flush
// sends each due row as it is when claimed, not as the list it read at its start had it, so a row
// another process left mid-attempt (a crash) is looked for in Sent first; and the daily cap counts
// a message the SMTP server is taking (or has taken, before its Sent copy is saved) as gone, so
// another due message waits for the 24-hour window rather than going as well, but not a whole day
// for an attempt that then turns out to have sent nothing.
import { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { appendMessages } from '../support/dovecot'
import type { CoreFixture } from './fixtures/core-fixture'
import { relayed, useOutboxServerHoldingAccepts } from './fixtures/outbox-server'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

const { env, beforeNextAccept } = useOutboxServerHoldingAccepts(
  ['dave', 'erin', 'frank', 'grace'],
  {},
  {
    reject: (rcpt) => (rcpt === 'nobody@example.test' ? '5.1.1 No such user' : null)
  }
)

/** Queues messages (to Bob unless said), each to go at `at`. */
const scheduler =
  (app: CoreFixture, accountId: number, at: number) =>
  (subject: string, to = 'bob@example.test') =>
    app.call('outbox.send', {
      accountId,
      to: [to],
      subject,
      text: `${subject}: body`,
      sendAt: new Date(at).toISOString()
    })

describe('a message another process left mid-attempt while this one was flushing', () => {
  it('looks in Sent before sending it again, as after any crash', async () => {
    const t0 = Date.now()
    const clock = new ManualClock(t0)
    const { fixture: app, accountId } = await env.connect('dave', { clock })
    const outbox = app.core.workspace.outbox
    const queue = scheduler(app, accountId, t0 + 60_000)
    const { item: first } = await queue('First')
    const { item: second } = await queue('Second')
    let release!: () => void
    let taken!: () => void
    const serverHasFirst = new Promise<void>((resolve) => (taken = resolve))
    beforeNextAccept(() => {
      taken()
      return new Promise<void>((resolve) => (release = resolve))
    })
    clock.set(t0 + 60_000)
    // The app's flush reads both as due, and is sending the first (the server holds its answer).
    const flushing = outbox.runDue()
    await serverHasFirst
    // Meanwhile `rapport send`/`rapport sync` on this data directory took the second, handed it
    // to the SMTP server, whose copy landed in Sent (Gmail files it there), and crashed before
    // recording the answer: the row says an attempt is under way, claimed by a process now gone.
    app.core.workspace.db
      .prepare(
        `UPDATE outbox SET state = 'sending', attempts = 1, sent_check_due = 1, claimed_by = '4194303:gone'
         WHERE id = ?`
      )
      .run(second.id)
    await appendMessages(env.server, 'dave', env.user('dave').password, 'Sent', [outbox.repo.raw(second.id)!])
    release()
    await flushing
    expect(outbox.repo.find(first.id)?.state).toBe('sent')
    // It is in Sent: it went. The SMTP server must not get it a second time.
    expect(relayed(env.relay, second.messageId), 'copies of the second the SMTP server took').toHaveLength(0)
    expect(outbox.repo.find(second.id)?.state).toBe('sent')
  })
})

/**
 * Two messages of `user`'s queued for later, the daily cap lowered to 1 after (one of them may
 * go today), then both made due; and a second core on the data directory, as `rapport send`
 * beside the app. It is started while nothing is due: its scheduler's timer must not flush on its
 * own (250 ms after it finds mail due) before the app has the first, or it would send it.
 */
async function twoDueUnderCapOfOne(user: string) {
  const { fixture: app, accountId } = await env.connect(user)
  const queue = scheduler(app, accountId, Date.now() + 60 * 60_000)
  const { item: first } = await queue('First')
  const { item: second } = await queue('Second')
  await app.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
  const cli = new Core({ dataDir: app.dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
  app.core.workspace.db
    .prepare('UPDATE outbox SET send_at = ? WHERE id IN (?, ?)')
    .run(Date.now() - 1000, first.id, second.id)
  return { app, accountId, first, second, cli }
}

describe('the daily cap and a message being sent by another process', () => {
  it('holds a second due message while the first is with the SMTP server (cap lowered to 1)', async () => {
    const { app, accountId, first, second, cli } = await twoDueUnderCapOfOne('erin')
    let release!: () => void
    let taken!: () => void
    const serverHasFirst = new Promise<void>((resolve) => (taken = resolve))
    beforeNextAccept(() => {
      taken()
      return new Promise<void>((resolve) => (release = resolve))
    })
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

describe('the daily cap and a message another process has just let go', () => {
  it('holds a second due message while the first is past its cap check, not yet with the SMTP server', async () => {
    const { app, accountId, first, second, cli } = await twoDueUnderCapOfOne('grace')
    // The app's flush holds its first LIST: it has taken the first, the cap let it go, and it
    // looks for the Sent folder before recording the attempt and handing it to the SMTP server.
    const list = ImapFlow.prototype.list
    let inList!: () => void
    let resume!: () => void
    const listing = new Promise<void>((resolve) => (inList = resolve))
    const resumed = new Promise<void>((resolve) => (resume = resolve))
    let held = false
    ImapFlow.prototype.list = async function (this: ImapFlow, ...args: Parameters<ImapFlow['list']>) {
      if (!held) {
        held = true
        inList()
        await resumed
      }
      return list.apply(this, args)
    }
    try {
      await cli.secrets.set(cli.workspace.accounts.get(accountId).secretRef, env.user('grace').password)
      const flushing = app.core.workspace.outbox.runDue()
      await listing
      // `rapport send` beside it flushes the account's due mail meanwhile.
      await cli.workspace.outbox.runDue()
      resume()
      await flushing
    } finally {
      ImapFlow.prototype.list = list
      cli.close()
    }
    expect(relayed(env.relay, first.messageId)).toHaveLength(1)
    expect(relayed(env.relay, second.messageId), 'the second, past a cap of 1').toHaveLength(0)
    expect(app.core.workspace.outbox.repo.find(second.id)?.lastErrorCode).toBe('SEND_CAP_REACHED')
  })
})

describe('the daily cap and a message left mid-attempt that then fails', () => {
  it('does not hold another due message for 24 hours when nothing went out', async () => {
    const t0 = Date.now()
    const clock = new ManualClock(t0)
    const { fixture: app, accountId } = await env.connect('frank', { clock })
    const outbox = app.core.workspace.outbox
    // The first (to Bob) went into a backoff earlier; the second was being sent when a process crashed.
    const { item: waiting } = await scheduler(app, accountId, t0 + 60_000)('Waiting')
    const { item: crashed } = await scheduler(app, accountId, t0 + 120_000)('Crashed', 'nobody@example.test')
    await app.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    app.core.workspace.db
      .prepare(
        `UPDATE outbox SET state = 'sending', attempts = 1, sent_check_due = 1, claimed_by = '4194303:gone'
         WHERE id = ?`
      )
      .run(crashed.id)
    clock.set(t0 + 120_000)
    await outbox.runDue()
    // The crashed one was looked for in Sent, sent, and refused for good: nothing went out.
    expect(outbox.repo.find(crashed.id)?.state).toBe('failed')
    expect(relayed(env.relay, crashed.messageId)).toHaveLength(0)
    const held = outbox.repo.find(waiting.id)!
    // Nothing was sent in the last 24 hours: "has sent 1 messages" is not true, and waiting a day is not right.
    if (held.state === 'queued') {
      expect(held.retryAt! - clock.now(), `held with: ${held.lastError}`).toBeLessThan(10 * 60_000)
    }
    clock.set(t0 + 120_000 + 10 * 60_000)
    await outbox.runDue()
    expect(relayed(env.relay, waiting.messageId), 'the cap of 1 lets one message go').toHaveLength(1)
    expect(outbox.repo.find(waiting.id)?.state).toBe('sent')
  })
})
