import { describe, expect, it } from 'vitest'
import {
  addr,
  crmWorkspace,
  eventTypes,
  HOUR,
  ME,
  message,
  type CrmWorkspace
} from './fixtures/crm-workspace'

// A conversation that a merge absorbs (sync, when a message's References link its thread
// to another; or the user, by hand): what it waited on is not lost without a word. A snooze: an
// open survivor ends it, saying so; a snoozed or closed one keeps whichever snooze wakes first.
// Open, with work to do: a closed survivor opens; a snoozed one stays put off.

const user = (ws: CrmWorkspace) => ({ kind: 'user' as const, id: ws.me().id })

/** Two conversations of Carlos: the first to survive a merge, the second to be absorbed. */
function two(ws: CrmWorkspace) {
  const survivor = ws.receive({ subject: 'Quote', messageId: '<quote@client.test>' })
  ws.clock.advance(HOUR)
  const absorbed = ws.receive({ subject: 'Invoice', messageId: '<invoice@client.test>' })
  return { survivor, absorbed }
}

const snooze = (ws: CrmWorkspace, id: string, until: number) =>
  ws.crm.state.snooze(ws.conversation(id), until, user(ws))

/**
 * The user's forward of the quote to Carlos (<fwd@example.test>), found by "Sync older mail": it
 * links the quote's thread to Carlos's answer to it, and changes no status itself.
 */
function storeOlderForward(ws: CrmWorkspace): void {
  ws.storeOne(
    message({
      messageId: '<fwd@example.test>',
      date: ws.clock.now() - 48 * HOUR,
      from: addr(ME, 'Me'),
      to: [addr('carlos@client.test')],
      subject: 'Fwd: Quote',
      inReplyTo: '<quote@client.test>',
      references: ['<quote@client.test>']
    }),
    { olderMail: true }
  )
}

describe('a snoozed conversation absorbed by a merge', () => {
  it('by sync into an open one: the snooze ends, and the timeline says so', () => {
    const ws = crmWorkspace()
    const dewi = ws.receive({
      messageId: '<quote@client.test>',
      subject: 'Quote',
      from: addr('dewi@client.test')
    })
    ws.clock.advance(HOUR)
    // Carlos answers the user's forward of it (<fwd@example.test>), which Rapport has not got.
    const carlos = ws.receive({
      messageId: '<c@client.test>',
      subject: 'Re: Quote',
      inReplyTo: '<fwd@example.test>',
      references: ['<fwd@example.test>']
    })
    expect(carlos.conversationId).not.toBe(dewi.conversationId)
    snooze(ws, carlos.conversationId, ws.clock.now() + 24 * HOUR)
    // The forward, found by "Sync older mail", links the threads and changes no status.
    storeOlderForward(ws)
    expect(ws.crm.state.find(carlos.conversationId)).toBeNull()
    const merged = ws.conversation(dewi.conversationId)
    expect(merged).toMatchObject({ status: 'open', snoozed_until: null })
    const types = eventTypes(ws, merged.id)
    const at = types.indexOf('thread_merged:system')
    expect(types.slice(at, at + 2)).toEqual(['thread_merged:system', 'woken:system'])
  })

  it('by hand into a closed one: it keeps the snooze, and wakes open when it ends', () => {
    const ws = crmWorkspace()
    const { survivor, absorbed } = two(ws)
    ws.crm.state.setStatus(ws.conversation(survivor.conversationId), 'closed', user(ws))
    const until = ws.clock.now() + 24 * HOUR
    snooze(ws, absorbed.conversationId, until)
    ws.crm.mergeThreads(survivor.threadId, absorbed.threadId)
    expect(ws.conversation(survivor.conversationId)).toMatchObject({
      status: 'snoozed',
      snoozed_until: until,
      status_before_snooze: 'open'
    })
    ws.clock.advance(25 * HOUR)
    expect(ws.crm.snoozes.wakeDue()).toEqual([survivor.conversationId])
    expect(ws.conversation(survivor.conversationId).status).toBe('open')
    expect(ws.notifications.map((n) => n.kind)).toContain('snooze-woken')
  })

  it('by hand into a snoozed one: the snooze that wakes first wins', () => {
    const ws = crmWorkspace()
    const { survivor, absorbed } = two(ws)
    const earlier = ws.clock.now() + 3 * HOUR
    snooze(ws, survivor.conversationId, ws.clock.now() + 72 * HOUR)
    snooze(ws, absorbed.conversationId, earlier)
    ws.crm.mergeThreads(survivor.threadId, absorbed.threadId)
    expect(ws.conversation(survivor.conversationId)).toMatchObject({
      status: 'snoozed',
      snoozed_until: earlier
    })
  })
})

describe('an open conversation absorbed by a merge', () => {
  it('by sync into a closed one: the survivor opens, and the timeline says why', () => {
    const ws = crmWorkspace()
    const closed = ws.receive({ messageId: '<quote@client.test>', subject: 'Quote' })
    ws.crm.state.setStatus(ws.conversation(closed.conversationId), 'closed', user(ws))
    ws.clock.advance(HOUR)
    // Carlos answers the user's forward of the quote, which Rapport has not got: a second
    // conversation, open, with his question waiting.
    const open = ws.receive({
      messageId: '<c@client.test>',
      subject: 'Re: Quote',
      inReplyTo: '<fwd@example.test>',
      references: ['<fwd@example.test>']
    })
    expect(ws.conversation(open.conversationId).status).toBe('open')
    // The forward, found by "Sync older mail", links the threads and changes no status itself.
    storeOlderForward(ws)
    expect(ws.crm.state.find(open.conversationId)).toBeNull()
    const merged = ws.conversation(closed.conversationId)
    expect(merged.status).toBe('open')
    const opened = ws.crm.timeline.forConversation(merged.id).filter((e) => e.type === 'opened')
    expect(opened.at(-1)?.data).toMatchObject({ from: 'closed', reason: 'thread-merged' })
  })

  it('by hand into a snoozed one: the snooze stays, as the user put all of it off', () => {
    const ws = crmWorkspace()
    const { survivor, absorbed } = two(ws)
    const until = ws.clock.now() + 24 * HOUR
    snooze(ws, survivor.conversationId, until)
    expect(ws.conversation(absorbed.conversationId).status).toBe('open')
    ws.crm.mergeThreads(survivor.threadId, absorbed.threadId)
    expect(ws.conversation(survivor.conversationId)).toMatchObject({
      status: 'snoozed',
      snoozed_until: until
    })
  })
})
