// Undo of a deleted custom inbox brings back the same inbox, not a copy under a new id: the
// sidebar's selection, the route and anything else keyed by the id find it again.
import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'
import { addr, crmWorkspace, ids } from './fixtures/crm-workspace'

const newCore = tempCores('rapport-inbox-restore-')

describe('inboxes.restoreCustom (Undo of inboxes.deleteCustom)', () => {
  it('brings the inbox back under its id, in its place in the list, shared as it was', async () => {
    const { core } = newCore()
    const call = coreCaller(core)
    await call('inboxes.createCustom', { name: 'Alpha', shared: false, filter: {} })
    const deals = await call('inboxes.createCustom', {
      name: 'Deals',
      shared: true,
      filter: { status: 'open' }
    })
    await call('inboxes.createCustom', { name: 'Zulu', shared: false, filter: {} })
    const before = await call('inboxes.list', {})

    await call('inboxes.deleteCustom', { inboxId: deals.customId! })
    expect((await call('inboxes.list', {})).map((i) => i.key)).not.toContain(deals.key)
    const restored = await call('inboxes.restoreCustom', { inboxId: deals.customId! })

    expect(restored).toMatchObject({ key: deals.key, customId: deals.customId, shared: true })
    expect(restored.filter).toEqual({ status: 'open' })
    expect((await call('inboxes.list', {})).map((i) => i.key)).toEqual(before.map((i) => i.key))
    // A second Undo (a double click) changes nothing.
    expect(await call('inboxes.restoreCustom', { inboxId: deals.customId! })).toMatchObject({
      key: deals.key
    })
    expect((await call('inboxes.list', {})).map((i) => i.key)).toEqual(before.map((i) => i.key))
  })

  it('lists the inbox’s conversations again, and is refused to a member who did not delete it', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive({ from: addr('bob@shop.test'), subject: 'Order 4411' })
    const inbox = ws.crm.customInboxes.create(ws.me().id, { name: 'All mail', shared: true, filter: {} })
    ws.crm.customInboxes.remove(inbox.id, ws.me().id)
    const other = ws.crm.people.add({ name: 'M', email: 'm@rapport.test', role: 'manager' })
    expect(() => ws.crm.customInboxes.restore(inbox.id, other.id)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' })
    )
    expect(ws.crm.customInboxes.listFor(ws.me().id)).toEqual([])

    expect(ws.crm.customInboxes.restore(inbox.id, ws.me().id)).toMatchObject({ id: inbox.id, shared: true })
    expect(ids(ws, { inbox: { custom: inbox.id } })).toEqual([conversationId])
    expect(ws.crm.customInboxes.listFor(other.id).map((i) => i.id)).toEqual([inbox.id])
  })
})
