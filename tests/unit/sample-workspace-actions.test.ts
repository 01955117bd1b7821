// The sample workspace: what a visitor tries on the demo mailbox either works locally or is
// refused with words about sample data, never with advice about a server or a keychain.
import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'

const newCore = tempCores('rapport-sample-')

async function openSample() {
  const { core } = newCore()
  const call = coreCaller(core)
  await call('workspace.openSample', {})
  const [account] = await call('accounts.list', {})
  const [thread] = await call('threads.list', { limit: 1 })
  const detail = await call('threads.get', { threadId: thread!.id })
  return { call, core, accountId: account!.id, messageIds: detail.messages.map((m) => m.id) }
}

describe('the sample workspace', () => {
  it('deletes a conversation of the demo mailbox (the Delete button is offered there)', async () => {
    const { core, messageIds } = await openSample()
    const response = await core.dispatch('messages.delete', { messageIds })
    // Today: NOT_FOUND "This mailbox has no Trash folder on the server; sync its folders first".
    expect(response.ok ? 'deleted' : response.error.message).toBe('deleted')
  })

  it('refuses "Sync now" on the demo mailbox with words about sample data, not a lost password', async () => {
    const { core, accountId } = await openSample()
    const response = await core.dispatch('sync.run', { accountId })
    expect(response.ok).toBe(false)
    if (response.ok) return
    expect(response.error.message).toMatch(/sample/i)
    expect(response.error.message).not.toMatch(/keychain|password/i)
  })
})
