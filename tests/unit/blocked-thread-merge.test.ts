// A thread merge by sync that brings a blocked contact's mail into a conversation without a contact.
import { describe, expect, it } from 'vitest'
import { addr, crmWorkspace, ids, MINUTE } from './fixtures/crm-workspace'

describe('a blocked contact’s conversation merged by sync', () => {
  it('stays in Blocked, closed, when it joins a conversation without a contact', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    // A colleague's note: internal mail, a conversation without a contact (the older thread).
    const note = ws.receive({ messageId: '<note@test>', subject: 'Pricing', from: addr(ana.email) })
    ws.clock.advance(MINUTE)
    // Carlos answers Ana's mail to him (<ana@test>), which Rapport has not got yet; his mail
    // program sends In-Reply-To only.
    const carlos = ws.receive({
      messageId: '<c@test>',
      subject: 'Re: Pricing',
      inReplyTo: '<ana@test>',
      references: ['<ana@test>']
    })
    expect(carlos.conversationId).not.toBe(note.conversationId)
    const contactId = ws.conversation(carlos.conversationId).contact_id!
    ws.crm.blocking.block(contactId, { kind: 'user', id: ws.me().id })
    ws.clock.advance(MINUTE)
    // Ana's mail to him arrives: it answers her note, and the two threads are one.
    const linked = ws.receive({
      messageId: '<ana@test>',
      subject: 'Re: Pricing',
      from: addr(ana.email),
      inReplyTo: '<note@test>',
      references: ['<note@test>']
    })
    expect(linked.conversationId).toBe(note.conversationId)
    expect(ws.conversation(linked.conversationId)).toMatchObject({
      contact_id: contactId,
      blocked: 1,
      status: 'closed'
    })
    expect(ids(ws, { inbox: 'all' })).not.toContain(linked.conversationId)
    expect(ids(ws, { inbox: 'blocked' })).toContain(linked.conversationId)
  })

  it('stays in Blocked, closed, when it is merged by hand into a conversation without a contact', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const note = ws.receive({ messageId: '<note@test>', subject: 'Pricing', from: addr(ana.email) })
    const carlos = ws.receive({ messageId: '<c@test>', subject: 'Order' })
    const contactId = ws.conversation(carlos.conversationId).contact_id!
    ws.crm.blocking.block(contactId, { kind: 'user', id: ws.me().id })
    ws.crm.mergeThreads(note.threadId, carlos.threadId)
    expect(ws.conversation(note.conversationId)).toMatchObject({
      contact_id: contactId,
      blocked: 1,
      status: 'closed'
    })
    expect(ids(ws, { inbox: 'all' })).toEqual([])
  })
})
