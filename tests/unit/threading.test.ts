import { describe, expect, it } from 'vitest'
import { isReplySubject, normalizeSubject } from '../../src-main/core/threading/subject'
import { ME, memoryWorkspace, message, store, threadOf } from './fixtures/workspace'

describe('subject normalization', () => {
  it.each([
    ['Re: Quote', 'quote'],
    ['RE[2]: Quote', 'quote'],
    ['Fwd: Re: Quote', 'quote'],
    ['AW: SV: Quote', 'quote'],
    ['回复：Quote', 'quote'],
    ['答复: 转发: Quote', 'quote'],
    ['Balas: Quote', 'quote'],
    ['Tr: Quote', 'quote'],
    ['Odp: PD: Quote', 'quote'],
    ['RV: ENC: Quote', 'quote'],
    ['YNT: Quote', 'quote'],
    ['ΑΠ: Quote', 'quote'],
    ['Отв: Quote', 'quote'],
    ['회신: Quote', 'quote'],
    ['[sales] Re: Quote', 'quote'],
    ['  Quote   for  you ', 'quote for you']
  ])('strips localized reply prefixes: %s', (subject, expected) => {
    expect(normalizeSubject(subject)).toBe(expected)
  })

  it('does not treat a mailing-list tag or a word starting with "re" as a reply', () => {
    expect(isReplySubject('[team] Weekly notes')).toBe(false)
    expect(isReplySubject('Report for March')).toBe(false)
    expect(isReplySubject('Re: Report for March')).toBe(true)
  })

  it('takes a short local prefix for a reply only to match a thread, never to start one', () => {
    // "PD:" is a Polish forward, and also how a subject about a PD might begin.
    for (const subject of [
      'PD: Q3 roadmap',
      'RV: Camping trip in June',
      'ENC: Annual report',
      'VB: Sprint review'
    ])
      expect(isReplySubject(subject)).toBe(false)
    expect(isReplySubject('Odp: PD: Q3 roadmap')).toBe(false)
    expect(isReplySubject('Re: PD: Q3 roadmap')).toBe(true)
    // Without References, a subject like that starts its own thread, not one of the same words.
    const ws = memoryWorkspace()
    const [roadmap] = store(ws, message({ messageId: '<a@x>', subject: 'Q3 roadmap' }))
    const [pd] = store(ws, message({ messageId: '<b@x>', subject: 'PD: Q3 roadmap' }))
    expect(pd).not.toBe(roadmap)
  })

  it('keeps a reply in a thread whose key was stored before its prefix was known', () => {
    const ws = memoryWorkspace()
    const [thread] = store(
      ws,
      message({ messageId: '<r1@x>', subject: 'Odp: Faktura', inReplyTo: '<o@x>', references: ['<o@x>'] })
    )
    // As an earlier version stored it, with "odp:" unknown.
    ws.db.prepare("UPDATE threads SET normalized_subject = 'odp: faktura' WHERE id = ?").run(thread)
    const [reply] = store(
      ws,
      message({
        messageId: '<r2@x>',
        subject: 'Odp: Faktura',
        inReplyTo: '<r1@x>',
        references: ['<o@x>', '<r1@x>']
      })
    )
    expect(reply).toBe(thread)
  })
})

describe('threading', () => {
  it('puts a reply in its parent thread through In-Reply-To and References', () => {
    const ws = memoryWorkspace()
    const root = message({ messageId: '<root@test>' })
    const reply = message({
      messageId: '<reply@test>',
      inReplyTo: '<root@test>',
      references: ['<root@test>'],
      subject: 'Re: Quote for 500 units'
    })
    const [a, b] = store(ws, root, reply)
    expect(a).toBe(b)
    const thread = ws.db.prepare('SELECT message_count, subject FROM threads WHERE id = ?').get(a) as {
      message_count: number
      subject: string
    }
    expect(thread).toEqual({ message_count: 2, subject: 'Quote for 500 units' })
  })

  it('threads a reply that arrives before its parent, and the parent joins it later (missing parent)', () => {
    const ws = memoryWorkspace()
    const reply = message({
      messageId: '<late-child@test>',
      references: ['<missing-root@test>', '<missing-mid@test>'],
      subject: 'Re: Quote for 500 units'
    })
    const [childThread] = store(ws, reply)
    const mid = message({
      messageId: '<missing-mid@test>',
      references: ['<missing-root@test>'],
      subject: 'Re: Quote for 500 units'
    })
    const root = message({ messageId: '<missing-root@test>' })
    const [midThread, rootThread] = store(ws, mid, root)
    expect(midThread).toBe(childThread)
    expect(rootThread).toBe(childThread)
    expect(ws.db.prepare('SELECT count(*) AS n FROM threads').get()).toEqual({ n: 1 })
  })

  it('links two siblings that only share a parent we never received', () => {
    const ws = memoryWorkspace()
    const a = message({ references: ['<never-seen@test>'], subject: 'Re: Quote for 500 units' })
    const b = message({ references: ['<never-seen@test>'], subject: 'Re: Quote for 500 units' })
    const [ta, tb] = store(ws, a, b)
    expect(ta).toBe(tb)
  })

  it('starts a new thread when a reply edits the subject', () => {
    const ws = memoryWorkspace()
    const root = message({ messageId: '<topic-a@test>', subject: 'Quote for 500 units' })
    const edited = message({
      messageId: '<topic-b@test>',
      references: ['<topic-a@test>'],
      inReplyTo: '<topic-a@test>',
      subject: 'Re: Shipping to Jakarta'
    })
    const followUp = message({
      references: ['<topic-a@test>', '<topic-b@test>'],
      subject: 'Re: Shipping to Jakarta'
    })
    const [ta, tb, tc] = store(ws, root, edited, followUp)
    expect(tb).not.toBe(ta)
    expect(tc).toBe(tb)
  })

  it('survives References loops and self-references', () => {
    const ws = memoryWorkspace()
    const a = message({ messageId: '<loop-a@test>', references: ['<loop-b@test>', '<loop-a@test>'] })
    const b = message({
      messageId: '<loop-b@test>',
      references: ['<loop-a@test>'],
      inReplyTo: '<loop-a@test>'
    })
    const [ta, tb] = store(ws, a, b)
    expect(ta).toBe(tb)
    expect(ws.db.prepare('SELECT message_count FROM threads WHERE id = ?').get(ta)).toEqual({
      message_count: 2
    })
  })

  it('merges two threads when a message references both', () => {
    const ws = memoryWorkspace()
    const left = message({ messageId: '<left@test>' })
    const right = message({ messageId: '<right@test>' })
    const [tl, tr] = store(ws, left, right)
    expect(tl).not.toBe(tr)
    const bridge = message({
      references: ['<left@test>', '<right@test>'],
      subject: 'Re: Quote for 500 units'
    })
    const [tb] = store(ws, bridge)
    expect(threadOf(ws.db, '<left@test>')).toBe(tb)
    expect(threadOf(ws.db, '<right@test>')).toBe(tb)
    expect(ws.db.prepare('SELECT count(*) AS n FROM threads').get()).toEqual({ n: 1 })
    expect(ws.db.prepare('SELECT count(*) AS n FROM conversations').get()).toEqual({ n: 1 })
  })

  it('falls back to the subject only for a reply with a shared participant', () => {
    const ws = memoryWorkspace()
    const [original] = store(
      ws,
      message({ subject: 'Invoice March', from: { name: '', address: 'dewi@client.test' } })
    )
    const sameParticipant = message({
      subject: 'Re: Invoice March',
      from: { name: '', address: 'me@rapport.test' },
      to: [{ name: '', address: 'dewi@client.test' }]
    })
    const stranger = message({
      subject: 'Re: Invoice March',
      from: { name: '', address: 'someone@else.test' }
    })
    const notAReply = message({ subject: 'Invoice March', from: { name: '', address: 'dewi@client.test' } })
    const [t1, t2, t3] = store(ws, sameParticipant, stranger, notAReply)
    expect(t1).toBe(original)
    expect(t2).not.toBe(original)
    expect(t3).not.toBe(original)
  })

  it('makes every message its own thread when threading is off for the mailbox', () => {
    const ws = memoryWorkspace()
    ws.context = { ...ws.context, threadingEnabled: false }
    const root = message({ messageId: '<off-root@test>' })
    const reply = message({ references: ['<off-root@test>'], subject: 'Re: Quote for 500 units' })
    const [a, b] = store(ws, root, reply)
    expect(a).not.toBe(b)
  })

  it('stores a message seen twice (another folder, a re-sync) once', () => {
    const ws = memoryWorkspace()
    const m = message({ messageId: '<twice@test>' })
    store(ws, m, m)
    expect(
      ws.db.prepare("SELECT count(*) AS n FROM messages WHERE message_id = '<twice@test>'").get()
    ).toEqual({ n: 1 })
  })
})

describe('threading does not depend on arrival order', () => {
  // P "Budget"; R1 replies to it; R2 replies to R1 with an edited subject; R3 replies to P.
  const scenario = () => {
    const P = message({ messageId: '<p@order>', subject: 'Budget', date: 1_000_000 })
    const R1 = message({
      messageId: '<r1@order>',
      subject: 'Re: Budget',
      inReplyTo: '<p@order>',
      references: ['<p@order>'],
      from: { name: '', address: ME },
      to: [{ name: '', address: 'carlos@client.test' }],
      date: 2_000_000
    })
    const R2 = message({
      messageId: '<r2@order>',
      subject: 'Re: Budget - revised numbers',
      inReplyTo: '<r1@order>',
      references: ['<p@order>', '<r1@order>'],
      date: 3_000_000
    })
    const R3 = message({
      messageId: '<r3@order>',
      subject: 'Re: Budget',
      inReplyTo: '<p@order>',
      references: ['<p@order>'],
      from: { name: '', address: 'dewi@client.test' },
      date: 4_000_000
    })
    return { P, R1, R2, R3 }
  }
  type Name = 'P' | 'R1' | 'R2' | 'R3'
  const names: Name[] = ['P', 'R1', 'R2', 'R3']
  const permutations = (list: Name[]): Name[][] =>
    list.length <= 1
      ? [list]
      : list.flatMap((first, i) =>
          permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [first, ...rest])
        )
  /** Which messages share a thread, as the names of each thread's members. */
  const grouping = (ws: ReturnType<typeof memoryWorkspace>) => {
    const byThread = new Map<number | null, Name[]>()
    for (const name of names) {
      const thread = threadOf(ws.db, `<${name.toLowerCase()}@order>`)
      byThread.set(thread, [...(byThread.get(thread) ?? []), name])
    }
    return [...byThread.values()].map((group) => group.join('+')).sort()
  }
  // Stored oldest first: R2 edited the subject, so it starts a thread of its own.
  const expected = ['P+R1+R3', 'R2']

  it.each(permutations(names).map((order) => [order.join(', '), order] as const))(
    'groups the same way when stored one by one in the order %s',
    (_, order) => {
      const ws = memoryWorkspace()
      const messages = scenario()
      store(ws, ...order.map((name) => messages[name]))
      expect(grouping(ws)).toEqual(expected)
      expect(ws.db.prepare('SELECT count(*) AS n FROM conversations').get()).toEqual({ n: 2 })
    }
  )

  it('groups the same way when a backfill stores them newest first in one batch', () => {
    const ws = memoryWorkspace()
    const { P, R1, R2, R3 } = scenario()
    ws.store.storeBatch(
      ws.context,
      [R3, R2, R1, P].map((parsed) => ({ uid: null, flags: [], parsed }))
    )
    expect(grouping(ws)).toEqual(expected)
  })

  it('keeps the subject fallback working when the edited reply arrived first', () => {
    const ws = memoryWorkspace()
    const { P, R1, R2 } = scenario()
    store(ws, R2, R1, P)
    const thread = threadOf(ws.db, '<p@order>')
    expect(ws.db.prepare('SELECT subject, normalized_subject FROM threads WHERE id = ?').get(thread)).toEqual(
      {
        subject: 'Budget',
        normalized_subject: 'budget'
      }
    )
    const [noReferences] = store(
      ws,
      message({ subject: 'Re: Budget', from: { name: '', address: 'carlos@client.test' } })
    )
    expect(noReferences).toBe(thread)
  })
})
