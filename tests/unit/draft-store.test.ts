// The composers' drafts as the core keeps them: real SQLite with every migration, one place per
// draft, the files' bytes beside the text, and the 25 MB the outbox allows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { AT_PLACE, DraftStore } from '../../src-main/core/drafts/draft-store'
import { draftFile, newMessageDraft } from '../support/draft-input'
import { memoryWorkspace, message, store } from './fixtures/workspace'

const MB = 1024 * 1024

function workspace() {
  const ws = memoryWorkspace()
  const [threadId] = store(ws, message({ subject: 'Quote for 40 chairs' }))
  const clock = new ManualClock(Date.parse('2030-01-02T09:00:00Z'))
  return { ...ws, clock, drafts: new DraftStore(ws.db, clock), threadId: threadId! }
}

const newMessage = { ...newMessageDraft, text: 'Our catalogue', later: '' }

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the draft store', () => {
  it('keeps the new message and a reply per conversation, each place replaced by its next save', () => {
    const { drafts, threadId, clock } = workspace()
    drafts.save(newMessage)
    drafts.save({ kind: 'reply', threadId, text: 'Thanks', later: '2030-01-03T10:30' })
    clock.advance(1000)
    drafts.save({ ...newMessage, text: 'Our catalogue, as promised' })

    expect(drafts.list()).toEqual([
      {
        ...newMessage,
        // Its number, never given to another draft, and its second save.
        id: 1,
        revision: 2,
        text: 'Our catalogue, as promised',
        cc: '',
        bcc: '',
        threadId: null,
        asideId: null,
        answering: null,
        chosen: false,
        updatedAt: '2030-01-02T09:00:01.000Z',
        attachments: [],
        continues: []
      },
      {
        id: 2,
        revision: 1,
        kind: 'reply',
        threadId,
        asideId: null,
        // A reply goes from its conversation's mailbox.
        accountId: 1,
        // The reply box chooses its recipients.
        to: '',
        cc: '',
        bcc: '',
        subject: '',
        text: 'Thanks',
        later: '2030-01-03T10:30',
        // It answers the newest message, whichever that is when it is sent.
        answering: null,
        chosen: false,
        updatedAt: '2030-01-02T09:00:00.000Z',
        attachments: [],
        continues: []
      }
    ])
  })

  it("keeps a new message's Cc and Bcc as typed, and a reply's own Bcc (one continued from another program)", () => {
    const { drafts, threadId } = workspace()
    const copies = { cc: 'Dewi <dewi@client.test>, half@', bcc: 'boss@example.test' }
    drafts.save({ ...newMessage, ...copies })
    drafts.save({
      kind: 'reply',
      threadId,
      to: 'a@client.test',
      cc: '',
      bcc: 'x@y.test',
      text: 'Hi',
      later: ''
    })
    expect(drafts.list()).toEqual([
      expect.objectContaining({ kind: 'new', to: newMessage.to, ...copies }),
      expect.objectContaining({ kind: 'reply', to: 'a@client.test', cc: '', bcc: 'x@y.test' })
    ])
    // A later save without them (an older window) leaves none.
    drafts.save(newMessage)
    expect(drafts.list()[0]).toMatchObject({ cc: '', bcc: '' })
  })

  it("keeps a reply's own To and Cc (one continued from another program) until a save leaves them out", () => {
    const { drafts, threadId } = workspace()
    const own = { to: 'Carlos Office <office@client.test>', cc: 'Dewi <dewi@client.test>' }
    drafts.save({ kind: 'reply', threadId, text: 'Twelve tables', later: '', ...own })
    expect(drafts.list()).toEqual([expect.objectContaining({ kind: 'reply', ...own })])
    drafts.save({ kind: 'reply', threadId, text: 'Twelve tables', later: '' })
    expect(drafts.list()).toEqual([expect.objectContaining({ kind: 'reply', to: '', cc: '' })])
  })

  it('keeps which earlier message a reply answers, and that Reply all chose its recipients', () => {
    const { drafts, threadId } = workspace()
    const chosen = { to: 'Carlos <carlos@client.test>', cc: 'dewi@client.test', chosen: true }
    drafts.save({ kind: 'reply', threadId, text: 'To you all', later: '', answering: 41, ...chosen })
    expect(drafts.list()).toEqual([
      expect.objectContaining({ kind: 'reply', answering: 41, chosen: true, to: chosen.to, cc: chosen.cc })
    ])
    // Back to the usual recipients (the reply box's button): it answers the newest again.
    drafts.save({ kind: 'reply', threadId, text: 'To you all', later: '' })
    expect(drafts.list()).toEqual([expect.objectContaining({ answering: null, chosen: false, to: '' })])
  })

  it('keeps undone drafts set aside beside the one being written, each at its own place', () => {
    const { drafts, threadId } = workspace()
    drafts.save({ kind: 'reply', threadId, text: 'Reply two', later: '' })
    drafts.save({ kind: 'reply', threadId, asideId: 3, text: 'Reply one', later: '' })
    drafts.save({ ...newMessage, asideId: 4, subject: 'First' })
    expect(drafts.list().map((d) => [d.kind, d.asideId, d.text])).toEqual([
      ['reply', null, 'Reply two'],
      ['reply', 3, 'Reply one'],
      ['new', 4, 'Our catalogue']
    ])

    expect(drafts.delete({ kind: 'reply', threadId, asideId: 3 })).toBe(true)
    expect(drafts.delete({ kind: 'reply', threadId, asideId: 3 })).toBe(false)
    expect(drafts.list().map((d) => d.text)).toEqual(['Reply two', 'Our catalogue'])
  })

  it('refuses a save from a window that has not seen the draft saved there since, and keeps that one', () => {
    // Two tabs of web mode (or two windows) on one core: each saves from what it last read.
    const { drafts, threadId } = workspace()
    const first = drafts.save({ kind: 'reply', threadId, text: 'The quote, for Thursday', later: '' })
    const stale = { kind: 'reply' as const, threadId, text: 'And the delivery date', later: '' }
    // The other tab read no draft there, or another one (since deleted) there.
    for (const seen of [null, { id: first.id + 1, revision: 1 }])
      expect(() => drafts.save({ ...stale, seen })).toThrow(
        expect.objectContaining({ code: 'DRAFT_CHANGED', message: expect.stringMatching(/another window/) })
      )
    expect(drafts.list().map((d) => [d.text, d.revision])).toEqual([['The quote, for Thursday', 1]])

    // Once it has read it, it saves over it; a save after naming the revision before it is refused.
    const second = drafts.save({ ...stale, seen: { id: first.id, revision: first.revision } })
    expect(second).toMatchObject({ id: first.id, revision: 2, text: 'And the delivery date' })
    expect(() => drafts.save({ ...stale, text: 'Older', seen: first })).toThrow(
      expect.objectContaining({ code: 'DRAFT_CHANGED' })
    )
    // Nor is it deleted by a window that has not seen it (a reply sent with older text).
    expect(() => drafts.delete({ kind: 'reply', threadId }, first)).toThrow(
      expect.objectContaining({ code: 'DRAFT_CHANGED' })
    )
    expect(drafts.list().map((d) => d.text)).toEqual(['And the delivery date'])
    expect(drafts.delete({ kind: 'reply', threadId }, second)).toBe(true)

    // A place emptied since (sent elsewhere) takes the save: nothing is written over there.
    expect(drafts.save({ ...stale, text: 'Still mine', seen: second })).toMatchObject({ text: 'Still mine' })
    // A draft deleted and saved again is another draft (its own number), not a revision of the first.
    const again = drafts.list()[0]!
    expect(again.id).not.toBe(first.id)
    expect(() => drafts.save({ ...stale, seen: { id: first.id, revision: again.revision } })).toThrow(
      expect.objectContaining({ code: 'DRAFT_CHANGED' })
    )
    // Without `seen` (not from a window) the place is written over as before.
    expect(drafts.save({ ...stale, text: 'From a script' }).text).toBe('From a script')
  })

  it('keeps the files byte for byte, in order, until other files are given', () => {
    const { drafts, threadId } = workspace()
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10])
    const png = Buffer.alloc(3000, 0x89)
    const saved = drafts.save({
      kind: 'reply',
      threadId,
      text: 'The quote',
      later: '',
      attachments: [draftFile('quote.pdf', pdf), draftFile('plan.png', png, 'image/png')]
    })
    expect(saved.attachments).toEqual([
      { name: 'quote.pdf', type: 'application/pdf', size: pdf.length },
      { name: 'plan.png', type: 'image/png', size: 3000 }
    ])
    // Typing on: a save without files leaves them as they are.
    drafts.save({ kind: 'reply', threadId, text: 'The quote, for Thursday', later: '' })
    const back = drafts.attachments({ kind: 'reply', threadId })
    expect(back.map((a) => [a.name, a.type, Buffer.from(a.contentBase64, 'base64')])).toEqual([
      ['quote.pdf', 'application/pdf', pdf],
      ['plan.png', 'image/png', png]
    ])

    drafts.save({ kind: 'reply', threadId, text: 'No plan after all', later: '', attachments: [] })
    expect(drafts.attachments({ kind: 'reply', threadId })).toEqual([])
    expect(drafts.list()[0]!.attachments).toEqual([])
  })

  it('refuses more than 25 MB of files as sending would, and keeps the draft as it was', () => {
    const { drafts } = workspace()
    drafts.save({ ...newMessage, attachments: [draftFile('small.pdf', Buffer.from('%PDF'))] })
    const tooMuch = [draftFile('a.bin', Buffer.alloc(13 * MB)), draftFile('b.bin', Buffer.alloc(13 * MB))]
    expect(() => drafts.save({ ...newMessage, text: 'Changed', attachments: tooMuch })).toThrow(
      expect.objectContaining({ code: 'ATTACHMENT_TOO_LARGE', field: 'attachments' })
    )
    expect(drafts.list()).toMatchObject([
      { text: 'Our catalogue', attachments: [{ name: 'small.pdf', size: 4 }] }
    ])
    // Exactly 25 MB is allowed, as for sending.
    drafts.save({ ...newMessage, attachments: [draftFile('c.bin', Buffer.alloc(25 * MB))] })
    expect(drafts.list()[0]!.attachments).toEqual([{ name: 'c.bin', type: 'application/pdf', size: 25 * MB }])
  })

  it('lets a deleted draft take its files along', () => {
    const { db, drafts } = workspace()
    drafts.save({ ...newMessage, attachments: [draftFile('small.pdf', Buffer.from('%PDF'))] })
    drafts.delete({ kind: 'new' })
    expect(db.prepare('SELECT count(*) AS n FROM draft_attachments').get()).toEqual({ n: 0 })
  })

  it('refuses a reply to a conversation it does not have', () => {
    const { drafts } = workspace()
    expect(() => drafts.save({ kind: 'reply', threadId: 999, text: 'Hi', later: '' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', field: 'threadId' })
    )
  })

  it('keeps the From of a new message only while that mailbox exists', () => {
    const { drafts } = workspace()
    expect(drafts.save({ ...newMessage, accountId: 1 }).accountId).toBe(1)
    expect(drafts.save({ ...newMessage, accountId: 42 }).accountId).toBeNull()
  })

  it("goes with its mailbox's data: replies and a new message from it, not one with the default From", () => {
    const { db, drafts, threadId } = workspace()
    drafts.save({ kind: 'reply', threadId, text: 'Thanks', later: '' })
    drafts.save({ ...newMessage, accountId: 1, attachments: [draftFile('small.pdf', Buffer.from('%PDF'))] })
    drafts.save({ ...newMessage, asideId: 2, text: 'No From picked' })
    db.prepare('DELETE FROM accounts WHERE id = 1').run()
    expect(drafts.list().map((d) => d.text)).toEqual(['No From picked'])
    expect(db.prepare('SELECT count(*) AS n FROM draft_attachments').get()).toEqual({ n: 0 })
  })

  it('is there again after the database is closed and opened again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-drafts-'))
    dirs.push(dir)
    const file1 = join(dir, 'workspace.sqlite')
    const first = openDatabase(file1)
    const clock = new ManualClock(0)
    new DraftStore(first, clock).save({
      ...newMessage,
      attachments: [draftFile('q.pdf', Buffer.from('%PDF-1.4'))]
    })
    first.close()
    const again = new DraftStore(openDatabase(file1), clock)
    expect(again.list()).toMatchObject([{ text: 'Our catalogue', attachments: [{ name: 'q.pdf' }] }])
    expect(again.attachments({ kind: 'new' })[0]!.contentBase64).toBe(
      Buffer.from('%PDF-1.4').toString('base64')
    )
  })

  it('finds a place through the drafts_place index (EXPLAIN QUERY PLAN)', () => {
    const db: Database = openDatabase(':memory:')
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM drafts WHERE ${AT_PLACE}`)
        .all({ kind: 'reply', thread: 7, aside: 0 }) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/SEARCH drafts USING (COVERING )?INDEX drafts_place/)
  })
})
