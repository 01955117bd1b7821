// The daily send cap's numbers: what it says was sent is mail that went out, not mail still
// waiting in the Outbox (scheduled, in the undo window), which counts toward the cap all the same;
// and sends made at the same moment, each counted against the others, though the cap is checked
// before the message is built (an await) and the row inserted after it.
import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'

const newCore = tempCores('rapport-send-cap-')

const HOUR = 60 * 60_000

/** A mailbox (saved without checking: nothing is sent here) with this daily cap. */
async function cappedMailbox(dailyCap: number) {
  const { core } = newCore()
  const call = coreCaller(core)
  const server = { host: '127.0.0.1', port: 9, security: 'none' as const }
  const account = await call('accounts.add', {
    email: 'ana@example.test',
    user: 'ana',
    password: 'secret',
    imap: server,
    smtp: server,
    skipVerify: true
  })
  await call('outbox.setDailyCap', { accountId: account.id, dailyCap })
  /** A message scheduled within the hour. */
  const schedule = (subject: string) =>
    core.dispatch('outbox.send', {
      accountId: account.id,
      to: ['bob@example.test'],
      subject,
      text: 'Later today.',
      sendAt: new Date(Date.now() + HOUR).toISOString()
    })
  return { core, call, accountId: account.id, schedule }
}

/** A cap of 2 and two messages scheduled within the hour. */
async function twoScheduled() {
  const mailbox = await cappedMailbox(2)
  for (const subject of ['First', 'Second']) expect((await mailbox.schedule(subject)).ok).toBe(true)
  return mailbox
}

describe('the daily send cap', () => {
  it('refuses a third message without saying two were sent when both are still waiting', async () => {
    const { core, accountId } = await twoScheduled()
    const response = await core.dispatch('outbox.send', {
      accountId,
      to: ['carol@example.test'],
      subject: 'Third',
      text: 'Now.'
    })
    expect(response.ok).toBe(false)
    if (response.ok) return
    expect(response.error.code).toBe('SEND_CAP_REACHED')
    expect(response.error.message).not.toMatch(/has sent 2/)
    expect(response.error.message).toMatch(/0 sent and 2 waiting in the Outbox/)
  })

  it('shows in the mailbox settings how many were sent, and apart from them how many wait', async () => {
    const { call, accountId } = await twoScheduled()
    expect(await call('outbox.limits', { accountId })).toMatchObject({
      dailyCap: 2,
      sentToday: 0,
      waitingToday: 2
    })
  })

  it('queues only as many as the cap allows when two sends arrive together', async () => {
    const { call, accountId, schedule } = await cappedMailbox(1)
    const results = await Promise.all([schedule('One'), schedule('Two')])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await call('outbox.list', { accountId })).toHaveLength(1)
  })
})
