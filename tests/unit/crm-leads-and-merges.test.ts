// Leads and contact merges: a lead follows its conversation into the one that absorbs it, names
// only contacts and conversations that exist, and a merge lists a shared phone once.
import { describe, expect, it } from 'vitest'
import { addr, crmWorkspace, MINUTE } from './fixtures/crm-workspace'

const user = (ws: ReturnType<typeof crmWorkspace>) => ({ kind: 'user' as const, id: ws.me().id })

/** The contact's order, then a deal sent to me+lead@ (which makes a lead), each a thread of its own. */
function orderAndDeal(ws: ReturnType<typeof crmWorkspace>, dealSubject: string) {
  const order = ws.receive({ messageId: '<order@test>', subject: 'Order' })
  ws.clock.advance(MINUTE)
  const deal = ws.receive({
    messageId: '<deal@test>',
    subject: dealSubject,
    to: [addr('me+lead@rapport.test')]
  })
  return { order, deal }
}

describe('leads follow their conversation through a thread merge', () => {
  it('keeps a lead linked to the conversation that absorbed its own (merge by hand)', () => {
    const ws = crmWorkspace()
    const { order, deal } = orderAndDeal(ws, 'Big deal')
    const [lead] = ws.crm.leads.list({ conversationId: deal.conversationId })
    expect(lead).toBeDefined()
    ws.crm.mergeThreads(order.threadId, deal.threadId)
    // The deal's conversation is gone, merged into the order's: the lead must follow it.
    expect(ws.crm.state.find(deal.conversationId)).toBeNull()
    expect(ws.crm.leads.get(lead!.id).conversationIds).toEqual([order.conversationId])
    expect(ws.crm.leads.list({ conversationId: order.conversationId }).map((l) => l.id)).toEqual([lead!.id])
  })

  it('makes no second lead for a reply that keeps me+lead@ in Cc after the merge', () => {
    const ws = crmWorkspace()
    const { order, deal } = orderAndDeal(ws, 'Order')
    expect(deal.threadId).not.toBe(order.threadId)
    ws.crm.mergeThreads(order.threadId, deal.threadId)
    expect(ws.crm.leads.list()).toHaveLength(1)
    ws.clock.advance(MINUTE)
    const reply = ws.followUp(
      { messageId: '<deal@test>' },
      { messageId: '<deal-2@test>', subject: 'Re: Order', cc: [addr('me+lead@rapport.test')] }
    )
    expect(reply.conversationId).toBe(order.conversationId)
    expect(ws.crm.leads.list()).toHaveLength(1)
  })

  it('keeps a lead linked when sync merges the threads (a message referencing both)', () => {
    const ws = crmWorkspace()
    const order = ws.receive({ messageId: '<order@test>', subject: 'Order' })
    ws.clock.advance(MINUTE)
    // A reply whose parent Rapport never saw starts a thread of its own...
    const deal = ws.receive({
      messageId: '<deal@test>',
      subject: 'Re: Order',
      inReplyTo: '<unseen@test>',
      references: ['<unseen@test>'],
      to: [addr('me+lead@rapport.test')]
    })
    expect(deal.threadId).not.toBe(order.threadId)
    const [lead] = ws.crm.leads.list({ conversationId: deal.conversationId })
    ws.clock.advance(MINUTE)
    // ... until a message names both: sync merges the threads and their conversations.
    const joined = ws.receive({
      messageId: '<both@test>',
      subject: 'Re: Order',
      inReplyTo: '<deal@test>',
      references: ['<order@test>', '<unseen@test>', '<deal@test>']
    })
    expect(joined.conversationId).toBe(order.conversationId)
    expect(ws.crm.state.find(deal.conversationId)).toBeNull()
    expect(ws.crm.leads.get(lead!.id).conversationIds).toEqual([order.conversationId])
  })
})

describe('contact merge', () => {
  it('lists a phone both contacts had once after the merge (the "same phone" suggestion)', () => {
    const ws = crmWorkspace()
    const a = ws.crm.contacts.create(
      { displayName: 'Dewi', emails: ['dewi@client.test'], phones: ['+62 812-3456-789'] },
      null
    )
    const b = ws.crm.contacts.create(
      { displayName: 'Dewi L', emails: ['dewi@home.test'], phones: ['+628123456789'] },
      null
    )
    expect(ws.crm.merge.suggestions(a.id)).toMatchObject([{ contact: { id: b.id }, reason: 'phone' }])
    const { mergeId, contact } = ws.crm.merge.merge(a.id, b.id, user(ws))
    expect(contact.phones).toEqual(['+628123456789'])
    const { survivor, restored } = ws.crm.merge.unmerge(mergeId, user(ws))
    expect([survivor.phones, restored.phones]).toEqual([['+628123456789'], ['+628123456789']])
  })
})

describe('leads name contacts and conversations that exist', () => {
  it('refuses a lead for a contact merged away meanwhile (a drawer left open on it), rather than hiding it', () => {
    const ws = crmWorkspace()
    const carlos = ws.crm.contacts.create({ displayName: 'Carlos', emails: ['carlos@client.test'] }, null)
    const home = ws.crm.contacts.create({ displayName: 'C. Mendes', emails: ['carlos@home.test'] }, null)
    ws.crm.merge.merge(carlos.id, home.id, user(ws))
    // The drawer of `home`, open in another window, adds a lead to it.
    let error: unknown
    try {
      ws.crm.leads.create({ title: '500 units', contactIds: [home.id] }, null)
    } catch (e) {
      error = e
    }
    const shown = ws.crm.leads.list({ contactId: carlos.id }).length
    expect({ error: (error as { code?: string } | undefined)?.code, shown }).toEqual({
      error: 'NOT_FOUND',
      shown: 0
    })
  })

  it('refuses a lead naming a contact or conversation id that does not exist', () => {
    const ws = crmWorkspace()
    const missing = '6f1c1a52-1111-4b7b-9c61-3f2a9f0e0a11'
    expect(() => ws.crm.leads.create({ title: 'x', contactIds: [missing] }, null)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' })
    )
    expect(() => ws.crm.leads.create({ title: 'x', conversationIds: [missing] }, null)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' })
    )
    expect(ws.crm.leads.list()).toEqual([])
  })
})

describe('the pipeline keeps every lead on one of its stages', () => {
  const PIPELINE = ['New', 'Qualified', 'Proposal', 'Won', 'Lost']
  const withLeadOn = (stage: string) => {
    const ws = crmWorkspace()
    ws.crm.leads.setStages(PIPELINE)
    const lead = ws.crm.leads.create({ title: '200 chairs', stage }, null)
    return { ws, stageOf: () => ws.crm.leads.get(lead.id).stage }
  }

  it('takes the leads of a stage renamed in place along', () => {
    const { ws, stageOf } = withLeadOn('Proposal')
    ws.crm.leads.setStages(['New', 'Qualified', 'Quote sent', 'Won', 'Lost'])
    expect(stageOf()).toBe('Quote sent')
  })

  it('moves no lead when stages only change order, and keeps one whose stage a swap keeps', () => {
    const { ws, stageOf } = withLeadOn('Proposal')
    ws.crm.leads.setStages(['New', 'Proposal', 'Qualified', 'Won', 'Lost'])
    expect(stageOf()).toBe('Proposal')
  })

  it('refuses to leave out a stage a lead is on, and saves nothing', () => {
    const { ws, stageOf } = withLeadOn('Proposal')
    expect(() => ws.crm.leads.setStages(['New', 'Qualified', 'Won', 'Lost'])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'stageInUse' })
    )
    // A stage left out and another added elsewhere is no rename: where the lead goes is the user's call.
    expect(() => ws.crm.leads.setStages(['New', 'Qualified', 'Won', 'Lost', 'Quote'])).toThrow(
      expect.objectContaining({ field: 'stageInUse' })
    )
    expect({ stages: ws.crm.leads.stages(), stage: stageOf() }).toEqual({
      stages: PIPELINE,
      stage: 'Proposal'
    })
  })

  it('lets a stage no lead is on go', () => {
    const { ws, stageOf } = withLeadOn('Qualified')
    expect(ws.crm.leads.setStages(['New', 'Qualified', 'Won', 'Lost'])).toEqual([
      'New',
      'Qualified',
      'Won',
      'Lost'
    ])
    expect(stageOf()).toBe('Qualified')
  })
})
