// A flush sends each due row as it is when claimed, not as the list it read at its start had it:
// a row another Rapport process left mid-attempt (a crash) is looked for in Sent first.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { appendMessages } from '../support/dovecot'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

let onNextAccept: (() => Promise<void>) | null = null
const env = useOutboxServer(
  ['dave'],
  {},
  {
    onAccepted: async () => {
      const hook = onNextAccept
      onNextAccept = null
      await hook?.()
    }
  }
)

describe('a message another process left mid-attempt while this one was flushing', () => {
  it('looks in Sent before sending it again, as after any crash', async () => {
    const t0 = Date.now()
    const clock = new ManualClock(t0)
    const { fixture: app, accountId } = await env.connect('dave', { clock })
    const outbox = app.core.workspace.outbox
    const queue = (subject: string) =>
      app.call('outbox.send', {
        accountId,
        to: ['bob@example.test'],
        subject,
        text: `${subject}: body`,
        sendAt: new Date(t0 + 60_000).toISOString()
      })
    const { item: first } = await queue('First')
    const { item: second } = await queue('Second')
    let release!: () => void
    let taken!: () => void
    const serverHasFirst = new Promise<void>((resolve) => (taken = resolve))
    onNextAccept = () => {
      taken()
      return new Promise<void>((resolve) => (release = resolve))
    }
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
