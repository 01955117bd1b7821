import { describe, expect, it } from 'vitest'
import { addr, crmWorkspace, eventTypes, HOUR, ME, message } from './fixtures/crm-workspace'

// Older mail ("Sync older mail", a deeper import depth) is history whatever order it is stored in:
// a message of it dated after the conversation's latest (found in another folder, or a folder
// whose UIDs do not follow the dates) reopens nothing and lights no dot, as the README says.

const DAY = 24 * HOUR

describe('older mail newer than the conversation it joins', () => {
  it.each(['the question first', 'the follow-up first'])(
    'leaves a conversation older mail started closed and undotted (%s)',
    (order) => {
      const ws = crmWorkspace()
      const old = ws.clock.now() - 400 * DAY
      const question = message({ date: old, subject: 'Quote', messageId: `<q-${order}@client.test>` })
      const followUp = message({
        date: old + DAY,
        subject: 'Re: Quote',
        messageId: `<f-${order}@client.test>`,
        inReplyTo: question.messageId,
        references: [question.messageId]
      })
      const batch = order === 'the question first' ? [question, followUp] : [followUp, question]
      const [first] = batch.map((parsed) => ws.storeOne(parsed, { olderMail: true }))
      const id = first!.conversationId
      expect(ws.conversation(id)).toMatchObject({ status: 'closed', assignee_id: null })
      expect(eventTypes(ws, id)).toEqual(['older_mail:system'])
      expect(ws.crm.inboxes().filter((i) => i.dot)).toEqual([])
    }
  )

  it('does not reopen a conversation the user closed', () => {
    const ws = crmWorkspace()
    const old = ws.clock.now() - 400 * DAY
    // The user's reply, in the first import of Sent; the contact's answer to it is below the
    // INBOX's window, found later by "Sync older mail".
    const question = message({ date: old, subject: 'Order', messageId: '<order@client.test>' })
    const reply = ws.storeOne(
      message({
        date: old + HOUR,
        from: addr(ME, 'Me'),
        to: [addr('carlos@client.test')],
        subject: 'Re: Order',
        messageId: '<reply@example.test>',
        inReplyTo: question.messageId,
        references: [question.messageId]
      })
    )
    ws.crm.conversations.close(reply.conversationId)
    ws.storeOne(
      message({
        date: old + DAY,
        subject: 'Re: Order',
        messageId: '<thanks@client.test>',
        inReplyTo: '<reply@example.test>',
        references: [question.messageId, '<reply@example.test>']
      }),
      { olderMail: true }
    )
    expect(ws.conversation(reply.conversationId).status).toBe('closed')
    expect(ws.crm.inboxes().filter((i) => i.dot)).toEqual([])
  })
})
