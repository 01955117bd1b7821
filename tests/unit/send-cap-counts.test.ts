// The daily send cap's numbers: what it says was sent is mail that went out, not mail still
// waiting in the Outbox (scheduled, in the undo window), which counts toward the cap all the same.
import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'

const newCore = tempCores('rapport-send-cap-')

const HOUR = 60 * 60_000

/** A mailbox (saved without checking: nothing is sent here) with a daily cap of 2 and two messages scheduled within the hour. */
async function twoScheduled() {
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
  await call('outbox.setDailyCap', { accountId: account.id, dailyCap: 2 })
  for (const subject of ['First', 'Second'])
    await call('outbox.send', {
      accountId: account.id,
      to: ['bob@example.test'],
      subject,
      text: 'Later today.',
      sendAt: new Date(Date.now() + HOUR).toISOString()
    })
  return { core, call, accountId: account.id }
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
})
