// The daily cap with sends made at the same moment: each is counted against the others, though
// the cap is checked before the message is built (an await) and the row inserted after it.
import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'

const newCore = tempCores('rapport-send-cap-race-')
const HOUR = 60 * 60_000

describe('the daily send cap, two sends at once', () => {
  it('queues only as many as the cap allows when two sends arrive together', async () => {
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
    await call('outbox.setDailyCap', { accountId: account.id, dailyCap: 1 })
    const send = (subject: string) =>
      core.dispatch('outbox.send', {
        accountId: account.id,
        to: ['bob@example.test'],
        subject,
        text: 'Later today.',
        sendAt: new Date(Date.now() + HOUR).toISOString()
      })
    const results = await Promise.all([send('One'), send('Two')])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const waiting = await call('outbox.list', { accountId: account.id })
    expect(waiting).toHaveLength(1)
  })
})
