import { describe, expect, it } from 'vitest'
import { addr, crmWorkspace, ME, message, MINUTE } from './fixtures/crm-workspace'

/** A thread of three: the contact's question, my reply, their answer. */
function threeInAThread(ws: ReturnType<typeof crmWorkspace>) {
  const first = ws.receive({ messageId: '<q1@test>' })
  ws.clock.advance(MINUTE)
  const second = ws.reply(first, { messageId: '<r1@test>' })
  ws.clock.advance(MINUTE)
  const third = ws.followUp(second, { messageId: '<a1@test>', references: ['<q1@test>', '<r1@test>'] })
  return { first, second, third }
}

const threadOf = (ws: ReturnType<typeof crmWorkspace>, messageId: string) =>
  (
    ws.db.prepare('SELECT thread_id FROM messages WHERE message_id = ?').get(messageId) as {
      thread_id: number
    }
  ).thread_id

describe('threading controls', () => {
  it('splits a message into a thread and conversation of its own, recorded on both timelines', () => {
    const ws = crmWorkspace()
    const { first, third } = threeInAThread(ws)
    const { fromThreadId, toThreadId } = ws.crm.splitMessage(third.messagePk)
    expect(fromThreadId).toBe(first.threadId)
    expect(threadOf(ws, '<a1@test>')).toBe(toThreadId)
    const split = ws.crm.state.ofThread(toThreadId)!
    expect(split).toMatchObject({
      status: 'open',
      contact_id: ws.conversation(first.conversationId).contact_id
    })
    expect(ws.crm.timeline.forConversation(split.id).map((e) => e.type)).toEqual(['thread_split'])
    expect(ws.crm.timeline.forConversation(first.conversationId).map((e) => e.type)).toContain('thread_split')
    const counts = ws.db.prepare('SELECT id, message_count FROM threads ORDER BY id').all()
    expect(counts).toEqual([
      { id: fromThreadId, message_count: 2 },
      { id: toThreadId, message_count: 1 }
    ])
  })

  it('stamps the split-off conversation with a timestamp of its own, after the one it was copied from', () => {
    const ws = crmWorkspace()
    const { first, third } = threeInAThread(ws)
    const hlcOf = (id: string) =>
      (ws.db.prepare('SELECT hlc FROM conversations WHERE id = ?').get(id) as { hlc: string }).hlc
    const before = hlcOf(first.conversationId)
    const { toThreadId } = ws.crm.splitMessage(third.messagePk)
    expect(hlcOf(ws.crm.state.ofThread(toThreadId)!.id) > before).toBe(true)
  })

  it('keeps a split when a later reply references both threads', () => {
    const ws = crmWorkspace()
    const { third } = threeInAThread(ws)
    const { fromThreadId, toThreadId } = ws.crm.splitMessage(third.messagePk)
    ws.clock.advance(MINUTE)
    ws.followUp(third, { messageId: '<a2@test>', references: ['<q1@test>', '<r1@test>', '<a1@test>'] })
    expect(threadOf(ws, '<a2@test>')).toBe(toThreadId)
    expect(threadOf(ws, '<q1@test>')).toBe(fromThreadId)
  })

  it('keeps a split when the message is fetched again (re-sync after its copy was dropped)', () => {
    const ws = crmWorkspace()
    const { third } = threeInAThread(ws)
    const { fromThreadId } = ws.crm.splitMessage(third.messagePk)
    ws.db.prepare("DELETE FROM thread_message_ids WHERE message_id = '<a1@test>'").run()
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(third.messagePk)
    ws.storeOne(
      message({
        messageId: '<a1@test>',
        inReplyTo: '<r1@test>',
        references: ['<q1@test>', '<r1@test>'],
        subject: 'Re: Quote for 500 units'
      })
    )
    expect(threadOf(ws, '<a1@test>')).not.toBe(fromThreadId)
  })

  it('merges two threads and their conversations, and the merge survives a re-import', () => {
    const ws = crmWorkspace()
    const a = ws.receive({ messageId: '<a@test>', subject: 'Order' })
    ws.clock.advance(MINUTE)
    const b = ws.receive({ messageId: '<b@test>', subject: 'Invoice' })
    ws.crm.mergeThreads(a.threadId, b.threadId)
    expect(threadOf(ws, '<b@test>')).toBe(a.threadId)
    expect(ws.crm.state.find(b.conversationId)).toBeNull()
    expect(ws.crm.timeline.forConversation(a.conversationId).map((e) => e.type)).toContain('thread_merged')
    // Re-import: the message comes back with no references, yet joins the merged thread.
    ws.db.prepare("DELETE FROM thread_message_ids WHERE message_id = '<b@test>'").run()
    ws.db.prepare("DELETE FROM messages WHERE message_id = '<b@test>'").run()
    ws.storeOne(message({ messageId: '<b@test>', subject: 'Invoice' }))
    expect(threadOf(ws, '<b@test>')).toBe(a.threadId)
  })

  it('keeps the internal comments of both conversations when their threads merge', () => {
    const ws = crmWorkspace()
    const a = ws.receive({ messageId: '<ca@test>', subject: 'Order' })
    const b = ws.receive({ messageId: '<cb@test>', subject: 'Invoice' })
    const me = ws.crm.people.localId
    ws.crm.comments.add(a.conversationId, me, 'On order')
    ws.crm.comments.add(b.conversationId, me, 'On invoice')
    ws.crm.mergeThreads(a.threadId, b.threadId)
    expect(ws.crm.comments.forConversation(a.conversationId).map((c) => c.body)).toEqual([
      'On order',
      'On invoice'
    ])
  })

  it('keeps a live conversation, not one whose mail was purged, when a reply joins their threads', () => {
    const ws = crmWorkspace()
    const purged = ws.receive({ messageId: '<old@test>', subject: 'Quote' })
    const live = ws.receive({ messageId: '<live@test>', subject: 'Quote' })
    const me = ws.crm.people.localId
    ws.crm.comments.add(purged.conversationId, me, 'From last year')
    ws.crm.comments.add(live.conversationId, me, 'Call back today')
    // What the Trash purge leaves: the mail gone, the conversation a tombstone.
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(purged.messagePk)
    ws.db.prepare('UPDATE conversations SET deleted = 1 WHERE id = ?').run(purged.conversationId)
    const reply = ws.receive({
      messageId: '<both@test>',
      subject: 'Re: Quote',
      references: ['<old@test>', '<live@test>'],
      inReplyTo: '<live@test>'
    })
    expect(reply.conversationId).toBe(live.conversationId)
    expect(ws.crm.state.find(purged.conversationId)).toBeNull()
    expect(ws.crm.comments.forConversation(live.conversationId).map((c) => c.body)).toEqual([
      'From last year',
      'Call back today'
    ])
  })

  it('makes each message its own thread when threading is off for the mailbox', () => {
    const ws = crmWorkspace()
    ws.crm.threads.setThreading(1, false)
    const first = ws.receive({ messageId: '<x1@test>' })
    const reply = ws.storeOne(
      message({
        from: addr(ME),
        to: [addr('carlos@client.test')],
        inReplyTo: '<x1@test>',
        references: ['<x1@test>'],
        subject: 'Re: Quote for 500 units'
      }),
      { threadingEnabled: false }
    )
    expect(reply.threadId).not.toBe(first.threadId)
    const row = ws.db.prepare('SELECT threading_enabled FROM accounts WHERE id = 1').get()
    expect(row).toEqual({ threading_enabled: 0 })
  })
})
