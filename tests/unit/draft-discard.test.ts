// Discard in New message and a reply box, in the UI store: only the draft written there goes,
// kept whole (recipients, subject, text, files, Send later time) for the notice's Undo, which
// brings it back by the rules of Undo: where it was, or beside what is written there now.
import { beforeEach, describe, expect, it } from 'vitest'
import {
  emptyNewMessage,
  useUiStore,
  type NewMessageDraft,
  type ReplyDraft
} from '../../src-renderer/src/store/ui-store'

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const pdf = new File(['%PDF-1.4'], 'quote.pdf', { type: 'application/pdf' })

const written: NewMessageDraft = {
  accountId: 2,
  to: 'ana@client.test',
  cc: 'budi@client.test',
  bcc: 'boss@example.test',
  subject: 'Quote for 40 chairs',
  text: 'Here is the quote.',
  files: [pdf],
  later: '2030-01-02T09:00'
}
const aside: NewMessageDraft = { ...emptyNewMessage, to: 'dewi@client.test', text: 'Set aside' }

beforeEach(() => {
  useUiStore.setState(initial, true)
})

describe('Discard in New message', () => {
  it('empties it and keeps drafts set aside beside it', () => {
    ui().updateNewMessage(written)
    ui().restoreNewMessage(aside)
    const asides = ui().asideDrafts
    expect(asides).toHaveLength(1)

    ui().discardNewMessage()
    expect(ui().newMessage).toEqual(emptyNewMessage)
    expect(ui().asideDrafts).toBe(asides)
    expect(ui().discarded).toMatchObject({ kind: 'new', draft: written })
  })

  it('brings the whole draft back on Undo, files and all, once', () => {
    ui().updateNewMessage(written)
    const before = ui().newMessage
    ui().discardNewMessage()

    const undone = ui().undoDiscard()
    expect(undone).toMatchObject({ kind: 'new' })
    // The same draft: the draft saver keeps it again at once, as after Undo of a send.
    expect(ui().newMessage).toBe(before)
    expect(ui().newMessage.files).toEqual([pdf])
    expect(ui().discarded).toBeNull()
    expect(ui().undoDiscard()).toBeNull()
    expect(ui().newMessage).toBe(before)
  })

  it('sets the undone draft aside when another was begun meanwhile', () => {
    ui().updateNewMessage(written)
    ui().discardNewMessage()
    ui().updateNewMessage({ to: 'carla@client.test', text: 'Something else' })
    const other = ui().newMessage

    ui().undoDiscard()
    expect(ui().newMessage).toBe(other)
    expect(ui().asideDrafts).toEqual([{ id: expect.any(Number), kind: 'new', draft: written }])
  })

  it('offers no Undo for a message with nothing in it, and keeps the notice of one that had', () => {
    ui().updateNewMessage(written)
    ui().discardNewMessage()
    const notice = ui().discarded
    ui().updateNewMessage({ later: '2030-01-02T09:00', text: '  ' })
    ui().discardNewMessage()
    expect(ui().newMessage).toEqual(emptyNewMessage)
    expect(ui().discarded).toBe(notice)
  })

  it('gives each discard a notice of its own, which only its own end takes away', () => {
    ui().updateNewMessage(written)
    ui().discardNewMessage()
    const first = ui().discarded!
    ui().updateNewMessage({ to: 'carla@client.test', text: 'Second' })
    ui().discardNewMessage()
    const second = ui().discarded!
    expect(second.id).not.toBe(first.id)

    // The first notice's time running out does not take the second's Undo.
    ui().forgetDiscarded(first.id)
    expect(ui().discarded).toBe(second)
    ui().forgetDiscarded(second.id)
    expect(ui().discarded).toBeNull()
  })
})

describe('Discard in a reply box', () => {
  const reply: ReplyDraft = {
    text: 'Thursday works',
    to: 'ana@client.test',
    cc: '',
    bcc: '',
    chosen: true,
    answering: 41,
    files: [pdf],
    later: ''
  }

  it("drops that conversation's reply only, and Undo puts it back", () => {
    ui().updateReplyDraft(7, reply)
    ui().updateReplyDraft(8, { text: 'Another conversation' })
    ui().restoreReply(7, { text: 'Set aside', files: [], later: '' })
    const mine = ui().replyDrafts[7]
    const asides = ui().asideDrafts

    ui().discardReply(7)
    expect(ui().replyDrafts[7]).toBeUndefined()
    expect(ui().replyDrafts[8]?.text).toBe('Another conversation')
    expect(ui().asideDrafts).toBe(asides)

    ui().undoDiscard()
    expect(ui().replyDrafts[7]).toBe(mine)
    expect(ui().replyDrafts[7]).toMatchObject({ ...reply, files: [pdf] })
  })

  it('offers no Undo for recipients Reply all chose with nothing written', () => {
    ui().updateReplyDraft(7, { to: 'ana@client.test', chosen: true })
    ui().discardReply(7)
    expect(ui().replyDrafts[7]).toBeUndefined()
    expect(ui().discarded).toBeNull()
  })

  it('comes back in the conversation that stays when its own was merged meanwhile', () => {
    ui().updateReplyDraft(7, reply)
    ui().discardReply(7)
    ui().followMerge({ from: 7, to: 3, drafts: [] })
    ui().undoDiscard()
    expect(ui().replyDrafts[3]).toMatchObject({ text: 'Thursday works' })
    expect(ui().replyDrafts[7]).toBeUndefined()
  })

  it('is forgotten with the workspace it was written in', () => {
    ui().updateReplyDraft(7, reply)
    ui().discardReply(7)
    ui().clearDrafts()
    expect(ui().discarded).toBeNull()
  })
})
