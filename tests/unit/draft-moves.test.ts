// Reply drafts follow their conversation when threads merge (by hand or by sync), and a merged
// thread's id is never given to a new one, which would inherit what still names the old id.
import { describe, expect, it } from 'vitest'
import type { ThreadsMerged } from '../../src-preload/contract'
import { ManualClock } from '../../src-main/core/clock'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import { DraftStore } from '../../src-main/core/drafts/draft-store'
import { MessageStore } from '../../src-main/core/store/message-store'
import { ThreadDecisions } from '../../src-main/core/threading/thread-decisions'
import { memoryWorkspace, message, store } from './fixtures/workspace'

function workspace() {
  const ws = memoryWorkspace()
  const clock = new ManualClock(Date.parse('2030-01-02T09:00:00Z'))
  const [older, newer] = store(
    ws,
    message({ messageId: '<quote@client.test>', subject: 'Quote for 40 chairs' }),
    message({ subject: 'Invoice 2030-17' })
  )
  return { ...ws, clock, drafts: new DraftStore(ws.db, clock), older: older!, newer: newer! }
}

const placesOf = (drafts: DraftStore) => drafts.list().map((d) => [d.threadId, d.asideId, d.text])

describe('reply drafts of merged conversations', () => {
  it('moves the reply of a thread merged by hand to the thread that stays', () => {
    const ws = workspace()
    ws.drafts.save({ kind: 'reply', threadId: ws.newer, text: 'About the invoice', later: '' })
    new ThreadDecisions(ws.db, ws.clock).merge(ws.older, ws.newer)
    expect(placesOf(ws.drafts)).toEqual([[ws.older, null, 'About the invoice']])
  })

  it('sets the moved reply aside when the thread that stays has a reply being written', () => {
    const ws = workspace()
    ws.drafts.save({ kind: 'reply', threadId: ws.older, text: 'About the quote', later: '' })
    ws.drafts.save({ kind: 'reply', threadId: ws.newer, asideId: 4, text: 'Undone earlier', later: '' })
    ws.drafts.save({ kind: 'reply', threadId: ws.newer, text: 'About the invoice', later: '' })
    new ThreadDecisions(ws.db, ws.clock).merge(ws.older, ws.newer)
    expect(placesOf(ws.drafts)).toEqual([
      [ws.older, null, 'About the quote'],
      [ws.older, 4, 'Undone earlier'],
      [ws.older, 5, 'About the invoice']
    ])
  })

  it('does not give a merged thread id to the next conversation', () => {
    const ws = workspace()
    ws.drafts.save({
      kind: 'reply',
      threadId: ws.newer,
      text: 'Dear Carlos, the invoice is wrong',
      later: ''
    })
    new ThreadDecisions(ws.db, ws.clock).merge(ws.older, ws.newer)
    const [unrelated] = store(
      ws,
      message({ subject: 'Job application', from: { name: 'Eve', address: 'eve@elsewhere.test' } })
    )
    expect(unrelated).toBeGreaterThan(ws.newer)
    expect(ws.drafts.list().filter((d) => d.threadId === unrelated)).toEqual([])
  })

  it('gives a thread split off by hand an id never used either', () => {
    const ws = workspace()
    const [thread] = store(
      ws,
      message({
        messageId: '<re@client.test>',
        inReplyTo: '<quote@client.test>',
        subject: 'Re: Quote for 40 chairs'
      })
    )
    expect(thread).toBe(ws.older)
    const decisions = new ThreadDecisions(ws.db, ws.clock)
    decisions.merge(ws.older, ws.newer)
    const reply = ws.db.prepare("SELECT id FROM messages WHERE message_id = '<re@client.test>'").get() as {
      id: number
    }
    expect(decisions.split(reply.id).toThreadId).toBeGreaterThan(ws.newer)
  })

  it('moves the reply when sync merges threads (a follow-up arrived before its parent) and says so', () => {
    const ws = workspace()
    const announced: ThreadsMerged[] = []
    const sync = {
      ...ws,
      store: new MessageStore(ws.db, HybridClock.forDatabase(ws.db), null, null, (m) => announced.push(m))
    }
    const [first] = store(sync, message({ messageId: '<q1@client.test>', subject: 'Quote' }))
    const [early] = store(
      sync,
      message({
        messageId: '<q3@client.test>',
        inReplyTo: '<q2@client.test>',
        references: ['<q2@client.test>'],
        subject: 'Re: Quote'
      })
    )
    expect(early).not.toBe(first)
    ws.drafts.save({ kind: 'reply', threadId: early!, text: 'My answer to the follow-up', later: '' })
    // The missing middle message arrives and joins both threads.
    store(
      sync,
      message({
        messageId: '<q2@client.test>',
        inReplyTo: '<q1@client.test>',
        references: ['<q1@client.test>'],
        subject: 'Re: Quote'
      })
    )
    expect(ws.drafts.list().map((d) => d.threadId)).toEqual([first])
    expect(announced).toEqual([
      {
        from: early,
        to: first,
        drafts: [{ from: { kind: 'reply', threadId: early }, to: { kind: 'reply', threadId: first } }]
      }
    ])
  })

  it('says where each draft of a thread merged by hand went, aside ids given included', () => {
    const ws = workspace()
    ws.drafts.save({ kind: 'reply', threadId: ws.older, text: 'About the quote', later: '' })
    ws.drafts.save({ kind: 'reply', threadId: ws.newer, asideId: 4, text: 'Undone earlier', later: '' })
    ws.drafts.save({ kind: 'reply', threadId: ws.newer, text: 'About the invoice', later: '' })
    const announced: ThreadsMerged[] = []
    new ThreadDecisions(ws.db, ws.clock, (m) => announced.push(m)).merge(ws.older, ws.newer)
    expect(announced).toEqual([
      {
        from: ws.newer,
        to: ws.older,
        drafts: [
          {
            from: { kind: 'reply', threadId: ws.newer },
            to: { kind: 'reply', threadId: ws.older, asideId: 5 }
          },
          {
            from: { kind: 'reply', threadId: ws.newer, asideId: 4 },
            to: { kind: 'reply', threadId: ws.older, asideId: 4 }
          }
        ]
      }
    ])
  })

  it('announces a merge that moved no draft too: a window may hold a reply never saved', () => {
    const ws = workspace()
    const announced: ThreadsMerged[] = []
    new ThreadDecisions(ws.db, ws.clock, (m) => announced.push(m)).merge(ws.older, ws.newer)
    expect(announced).toEqual([{ from: ws.newer, to: ws.older, drafts: [] }])
  })
})
