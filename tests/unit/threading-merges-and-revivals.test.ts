// Threads and conversations across merges (by hand and by sync), manual splits, threading turned
// off, and conversations brought back after their mail was purged from Trash.
import { describe, expect, it } from 'vitest'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { addr, crmWorkspace, eventTypes, HOUR, ME, message, MINUTE, START } from './fixtures/crm-workspace'

type Ws = ReturnType<typeof crmWorkspace>

const threadOf = (ws: Ws, messageId: string) =>
  (
    ws.db.prepare('SELECT thread_id FROM messages WHERE message_id = ?').get(messageId) as {
      thread_id: number
    }
  ).thread_id

/** What the Trash purge leaves: the mail gone, the conversation a tombstone (trash-retention.ts). */
function purge(ws: Ws, messagePk: number, conversationId: string) {
  ws.db.prepare('DELETE FROM messages WHERE id = ?').run(messagePk)
  ws.db.prepare('UPDATE conversations SET deleted = 1 WHERE id = ?').run(conversationId)
}

describe('a thread merged by hand', () => {
  /** "Order", and the customer's `merged` message merged into it by hand. */
  function mergedIntoOrder(ws: Ws, merged: Parameters<typeof message>[0]) {
    const order = ws.receive({ messageId: '<order@test>', subject: 'Order' })
    ws.clock.advance(MINUTE)
    ws.crm.mergeThreads(order.threadId, ws.receive(merged).threadId)
    ws.clock.advance(MINUTE)
    return order
  }
  /** A "Re: Invoice" whose original (an older "Invoice") Rapport never got. */
  const invoiceReply = {
    messageId: '<invoice-re@test>',
    subject: 'Re: Invoice',
    inReplyTo: '<invoice@test>',
    references: ['<invoice@test>']
  }
  const invoice = { messageId: '<invoice@test>', subject: 'Invoice' }

  it('takes in the original of a message merged into it when it arrives later (Sync older mail)', () => {
    const ws = crmWorkspace()
    const order = mergedIntoOrder(ws, invoiceReply)
    const original = ws.storeOne(
      message({ messageId: '<invoice@test>', subject: 'Invoice', date: START - HOUR })
    )
    expect(original.threadId).toBe(order.threadId)
    expect(original.conversationId).toBe(order.conversationId)
  })

  it('takes in another reply to that original, with its subject', () => {
    const ws = crmWorkspace()
    const order = mergedIntoOrder(ws, invoiceReply)
    const colleague = ws.receive({
      messageId: '<invoice-re2@test>',
      subject: 'Re: Invoice',
      from: addr('dana@client.test'),
      inReplyTo: '<invoice@test>',
      references: ['<invoice@test>']
    })
    expect(colleague.conversationId).toBe(order.conversationId)
  })

  it('takes in a reply to a message merged into it, with that message’s subject', () => {
    const ws = crmWorkspace()
    const order = mergedIntoOrder(ws, invoice)
    const reply = ws.followUp(
      { messageId: '<invoice@test>' },
      { messageId: '<invoice-re@test>', subject: 'Re: Invoice' }
    )
    expect(reply.threadId).toBe(order.threadId)
    expect(reply.conversationId).toBe(order.conversationId)
  })

  it('takes in a reply without References that has the subject of a message merged into it', () => {
    const ws = crmWorkspace()
    const order = mergedIntoOrder(ws, invoice)
    // A mail program that writes no References: the subject fallback (same subject, same person).
    const reply = ws.receive({ messageId: '<invoice-re@test>', subject: 'Re: Invoice' })
    expect(reply.conversationId).toBe(order.conversationId)
  })

  it('still lets the original of an edited reply start its own thread', () => {
    const ws = crmWorkspace()
    const edited = ws.receive({
      messageId: '<edited@test>',
      subject: 'Re: Quote - new prices',
      inReplyTo: '<quote@test>',
      references: ['<quote@test>']
    })
    const original = ws.storeOne(message({ messageId: '<quote@test>', subject: 'Quote', date: START - HOUR }))
    expect(original.threadId).not.toBe(edited.threadId)
  })
})

describe('a reply waiting in the outbox', () => {
  it('follows its conversation when the thread is merged into another', () => {
    const ws = crmWorkspace()
    const order = ws.receive({ messageId: '<o@test>', subject: 'Order' })
    const invoice = ws.receive({ messageId: '<i@test>', subject: 'Invoice' })
    const outbox = new OutboxRepository(ws.db)
    // "Send later": shown at the end of its conversation until it is sent (PendingInThread).
    const id = outbox.insert({
      accountId: 1,
      messageId: '<later@rapport.test>',
      subject: 'Re: Invoice',
      recipients: ['carlos@client.test'],
      raw: Buffer.from('Subject: Re: Invoice\r\n\r\nHi'),
      sendAt: START + HOUR,
      now: START,
      threadId: invoice.threadId
    })
    ws.crm.mergeThreads(order.threadId, invoice.threadId)
    expect(outbox.find(id)?.threadId).toBe(order.threadId)
  })
})

/** Stores a message as a pass of INBOX that finds it new since the last pass (it just arrived). */
function arrives(ws: Ws, overrides: Parameters<typeof message>[0]) {
  const folders = new FolderRepository(ws.db)
  folders.upsertListed(1, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }])
  const inbox = ws.db.prepare("SELECT id FROM folders WHERE account_id = 1 AND path = 'INBOX'").get() as {
    id: number
  }
  const folder = { id: inbox.id, uidValidity: 1, isSent: false, specialUse: null, newFrom: 10 }
  const result = ws.store.storeBatch({ ...ws.context, folder }, [
    {
      uid: 10 + ws.clock.now() / MINUTE - START / MINUTE,
      flags: [],
      parsed: message({ date: ws.clock.now(), ...overrides })
    }
  ])
  return ws.crm.state.ofThread([...result.threadIds][0]!)!.id
}

/** A contact's "Re: Quote" to a "Quote" (<p@test>) that Rapport has not stored. */
const replyToUnseenQuote = (ws: Ws) =>
  ws.receive({ messageId: '<r@test>', subject: 'Re: Quote', inReplyTo: '<p@test>', references: ['<p@test>'] })

describe('a conversation tombstoned after its mail was purged from Trash', () => {
  it('comes back as it was, without a new-mail dot, for older mail found by Sync older mail', () => {
    const ws = crmWorkspace()
    const reply = replyToUnseenQuote(ws)
    ws.crm.conversations.close(reply.conversationId)
    for (const inbox of ['all', 'unassigned'] as const) ws.crm.marks.markSeen(ws.me().id, inbox)
    ws.clock.advance(HOUR)
    purge(ws, reply.messagePk, reply.conversationId)
    ws.clock.advance(HOUR)
    // The message it answered, below the import window, fetched by a backfill (not arrived).
    const older = ws.storeOne(message({ messageId: '<p@test>', subject: 'Quote', date: START - 10 * HOUR }))
    expect(older.conversationId).toBe(reply.conversationId)
    expect(ws.conversation(reply.conversationId).status).toBe('closed')
    expect([...ws.crm.marks.dots(ws.me().id)]).toEqual([])
    expect(eventTypes(ws, reply.conversationId)).toEqual(['opened:contact', 'closed:user'])
  })

  it("comes back as it was, unassigned, for an old reply of the user's found by Sync older mail", () => {
    const ws = crmWorkspace()
    const reply = replyToUnseenQuote(ws)
    ws.crm.conversations.close(reply.conversationId)
    ws.clock.advance(HOUR)
    purge(ws, reply.messagePk, reply.conversationId)
    ws.clock.advance(HOUR)
    // The user's own "Quote", which the contact answered, below the import window.
    const older = ws.storeOne(
      message({
        messageId: '<p@test>',
        subject: 'Quote',
        from: addr(ME),
        to: [addr('carlos@client.test')],
        date: START - 10 * HOUR
      })
    )
    expect(older.conversationId).toBe(reply.conversationId)
    expect(ws.conversation(reply.conversationId)).toMatchObject({ status: 'closed', assignee_id: null })
    expect(eventTypes(ws, reply.conversationId)).toEqual(['opened:contact', 'closed:user'])
  })

  it.each([
    [
      'older mail from another sender',
      (ws: Ws, m: Parameters<typeof message>[0]) => ws.receive(m).conversationId
    ],
    ['new mail from another sender', arrives]
  ])('stays blocked when %s brings it back and its contact is blocked', (_, store) => {
    const ws = crmWorkspace()
    const first = ws.receive({ messageId: '<q@test>', subject: 'Quote' })
    const carlos = ws.conversation(first.conversationId).contact_id!
    ws.crm.blocking.block(carlos, { kind: 'user', id: ws.me().id })
    purge(ws, first.messagePk, first.conversationId)
    ws.clock.advance(HOUR)
    // His colleague answers in the thread: on a live conversation this stays closed and blocked.
    const revived = store(ws, {
      messageId: '<d@test>',
      subject: 'Re: Quote',
      from: addr('dana@client.test'),
      inReplyTo: '<q@test>',
      references: ['<q@test>']
    })
    expect(revived).toBe(first.conversationId)
    expect(ws.conversation(first.conversationId)).toMatchObject({
      contact_id: carlos,
      blocked: 1,
      status: 'closed'
    })
  })

  it('comes back open, with a dot, for mail that just arrived', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ messageId: '<q@test>', subject: 'Quote' })
    ws.crm.conversations.close(first.conversationId)
    ws.crm.marks.markSeen(ws.me().id, 'unassigned')
    purge(ws, first.messagePk, first.conversationId)
    ws.clock.advance(HOUR)
    const revived = arrives(ws, {
      messageId: '<q2@test>',
      subject: 'Re: Quote',
      inReplyTo: '<q@test>',
      references: ['<q@test>']
    })
    expect(revived).toBe(first.conversationId)
    expect(ws.conversation(first.conversationId).status).toBe('open')
    expect([...ws.crm.marks.dots(ws.me().id)]).toEqual(['unassigned'])
  })
})

describe('a manual split, then replies out of order', () => {
  it('keeps a reply that arrived before its parent with that parent', () => {
    const ws = crmWorkspace()
    const question = ws.receive({ messageId: '<q1@test>' })
    ws.clock.advance(MINUTE)
    const mine = ws.reply(question, { messageId: '<r1@test>' })
    ws.clock.advance(MINUTE)
    const answer = ws.followUp(mine, { messageId: '<a1@test>', references: ['<q1@test>', '<r1@test>'] })
    const { toThreadId } = ws.crm.splitMessage(answer.messagePk)
    ws.clock.advance(MINUTE)
    // The contact's answer to my reply is synced (INBOX) before my reply itself (Sent); their
    // mail program sent In-Reply-To only.
    ws.followUp({ messageId: '<r2@test>' }, { messageId: '<a2@test>', references: [] })
    ws.clock.advance(MINUTE)
    const reply = ws.reply(answer, {
      messageId: '<r2@test>',
      inReplyTo: '<a1@test>',
      references: ['<q1@test>', '<r1@test>', '<a1@test>'],
      date: START
    })
    expect(reply.threadId).toBe(toThreadId)
    expect(threadOf(ws, '<a2@test>')).toBe(toThreadId)
    expect(threadOf(ws, '<q1@test>')).not.toBe(toThreadId)
  })
})

describe('threads merged by sync (a reply arrived before the message it answers)', () => {
  it('keeps the assignee of the conversation it absorbs', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    ws.receive({
      messageId: '<a@test>',
      subject: 'Re: Quote',
      inReplyTo: '<root@test>',
      references: ['<root@test>']
    })
    ws.clock.advance(MINUTE)
    const b = ws.receive({
      messageId: '<b@test>',
      subject: 'Re: Quote',
      inReplyTo: '<x@test>',
      references: ['<x@test>']
    })
    ws.crm.conversations.assign(b.conversationId, { memberId: ana.id })
    ws.clock.advance(MINUTE)
    // <x> answers <root>: the two threads are one.
    const x = ws.storeOne(
      message({
        messageId: '<x@test>',
        subject: 'Re: Quote',
        inReplyTo: '<root@test>',
        references: ['<root@test>'],
        date: START
      })
    )
    expect(ws.crm.state.ofThread(x.threadId)!.assignee_id).toBe(ana.id)
  })

  it("records the merge on the surviving conversation's timeline, as Rapport's", () => {
    const ws = crmWorkspace()
    const a = ws.receive({ messageId: '<a@test>', subject: 'Re: Quote', references: ['<root@test>'] })
    ws.clock.advance(MINUTE)
    const b = ws.receive({ messageId: '<b@test>', subject: 'Re: Quote', references: ['<x@test>'] })
    ws.clock.advance(MINUTE)
    const x = ws.receive({ messageId: '<x@test>', subject: 'Re: Quote', references: ['<root@test>'] })
    const survivor = ws.crm.state.ofThread(x.threadId)!.id
    const absorbed = survivor === a.conversationId ? b.conversationId : a.conversationId
    const merged = ws.crm.timeline.forConversation(survivor).filter((e) => e.type === 'thread_merged')
    expect(merged).toMatchObject([
      { actor: { kind: 'system', id: null }, data: { fromConversationId: absorbed } }
    ])
  })
})

describe('threading turned off for the mailbox', () => {
  it('gives a message its own thread even when a reply stored before left its id as a placeholder', () => {
    const ws = crmWorkspace()
    const reply = replyToUnseenQuote(ws)
    ws.crm.threads.setThreading(1, false)
    const parent = ws.storeOne(message({ messageId: '<p@test>', subject: 'Quote' }), {
      threadingEnabled: false
    })
    expect(parent.threadId).not.toBe(reply.threadId)
    // Stored again (a re-sync), it stays in its own thread.
    expect(
      ws.storeOne(message({ messageId: '<p@test>', subject: 'Quote' }), { threadingEnabled: false }).threadId
    ).toBe(parent.threadId)
  })
})
