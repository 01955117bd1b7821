import { describe, expect, it } from 'vitest'
import { addr, crmWorkspace, eventTypes, HOUR, ME, message } from './fixtures/crm-workspace'

// A conversation that older mail ("Sync older mail", a deeper import depth) starts is history:
// closed, unassigned, undotted. Its mail comes in whatever order the batches hold it.

const DAY = 24 * HOUR

describe('a conversation older mail starts', () => {
  it.each(['the contact first', 'the reply first'])(
    'stays unassigned whichever of its messages is stored first (%s), and a new reply assigns it',
    (order) => {
      const ws = crmWorkspace()
      const old = ws.clock.now() - 400 * DAY
      const question = message({ date: old, subject: 'Quote', messageId: `<q-${order}@client.test>` })
      const answer = message({
        date: old + HOUR,
        from: addr(ME, 'Me'),
        to: [addr('carlos@client.test')],
        subject: 'Re: Quote',
        messageId: `<a-${order}@example.test>`,
        inReplyTo: question.messageId,
        references: [question.messageId]
      })
      const batch = order === 'the contact first' ? [question, answer] : [answer, question]
      const [first] = batch.map((parsed) => ws.storeOne(parsed, { olderMail: true }))
      const id = first!.conversationId
      expect(ws.conversation(id)).toMatchObject({ status: 'closed', assignee_id: null })
      expect(eventTypes(ws, id)).toEqual(['older_mail:system'])
      expect(ws.crm.inboxes().filter((i) => i.dot)).toEqual([])
      // The user answers it later: theirs from then on, as any reply of theirs makes it.
      ws.clock.advance(HOUR)
      ws.reply({ messageId: question.messageId }, { subject: 'Re: Quote' })
      expect(ws.conversation(id).assignee_id).toBe(ws.me().id)
    }
  )
})

// A lead is work to do now: mail to you+lead@ that Sync older mail or a deeper import depth finds
// is history, and makes none, whether it starts its conversation or joins one.
describe('older mail to you+lead@', () => {
  it('makes no lead, where the same mail found by a pass makes one', () => {
    const ws = crmWorkspace()
    const old = ws.clock.now() - 400 * DAY
    const lead = [addr('me+lead@rapport.test')]
    const found = ws.storeOne(
      message({ date: old, subject: 'Old deal', messageId: '<old-deal@client.test>', to: lead }),
      {
        olderMail: true
      }
    )
    const joined = ws.receive({ messageId: '<order@client.test>', subject: 'Order' })
    ws.storeOne(
      message({
        date: old,
        subject: 'Re: Order',
        messageId: '<order-0@client.test>',
        to: lead,
        inReplyTo: '<order@client.test>',
        references: ['<order@client.test>']
      }),
      { olderMail: true }
    )
    expect(ws.crm.leads.list({ conversationId: found.conversationId })).toEqual([])
    expect(ws.crm.leads.list({ conversationId: joined.conversationId })).toEqual([])
    expect(eventTypes(ws, found.conversationId)).toEqual(['older_mail:system'])
    // Its sender is still a contact: only the lead, work to do now, is left out.
    expect(ws.conversation(found.conversationId).contact_id).not.toBeNull()

    // The same kind of mail from a pass (new mail): a lead.
    const arrived = ws.storeOne(
      message({ date: old, subject: 'New deal', messageId: '<new-deal@client.test>', to: lead })
    )
    expect(ws.crm.leads.list({ conversationId: arrived.conversationId })).toHaveLength(1)
  })
})
