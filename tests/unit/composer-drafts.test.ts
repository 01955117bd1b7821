import { beforeEach, describe, expect, it } from 'vitest'
import {
  emptyNewMessage,
  emptyReply,
  useUiStore,
  type KeptDrafts
} from '../../src-renderer/src/store/ui-store'

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const pdf = new File(['%PDF-1.4'], 'quote.pdf', { type: 'application/pdf' })

beforeEach(() => {
  useUiStore.setState(initial, true)
})

describe('composer drafts in the UI store', () => {
  it('keep a reply per thread with its files and Send later time', () => {
    ui().updateReplyDraft(7, { text: 'Thanks' })
    ui().updateReplyDraft(7, { files: [pdf], later: '2030-01-02T09:00' })
    ui().updateReplyDraft(8, { text: 'Other thread' })
    expect(ui().replyDrafts[7]).toEqual({ text: 'Thanks', files: [pdf], later: '2030-01-02T09:00' })
    expect(ui().replyDrafts[8]).toEqual({ ...emptyReply, text: 'Other thread' })
  })

  it('let go of a sent reply, files included, but not of one written since', () => {
    ui().updateReplyDraft(7, { text: 'Thanks', files: [pdf] })
    const sent = ui().replyDrafts[7]!
    ui().clearReplyDraft(7, sent)
    expect(ui().replyDrafts).toEqual({})

    ui().updateReplyDraft(7, { text: 'Thanks', files: [pdf] })
    const sentAgain = ui().replyDrafts[7]!
    ui().updateReplyDraft(7, { text: 'Thanks, and one more thing' })
    ui().clearReplyDraft(7, sentAgain)
    expect(ui().replyDrafts[7]?.text).toBe('Thanks, and one more thing')
  })

  it('empty the new message once sent, unless it was changed meanwhile', () => {
    ui().updateNewMessage({
      to: 'carlos@client.test',
      text: 'Hello',
      files: [pdf],
      later: '2030-01-02T09:00'
    })
    const sent = ui().newMessage
    ui().updateNewMessage({ text: 'Hello again' })
    ui().clearNewMessage(sent)
    expect(ui().newMessage.text).toBe('Hello again')
    ui().clearNewMessage(ui().newMessage)
    expect(ui().newMessage).toEqual(emptyNewMessage)
  })
})

describe('Undo brings a draft back without writing over another', () => {
  const undone = {
    accountId: 1,
    to: 'carla@example.com',
    cc: '',
    bcc: '',
    subject: 'First',
    text: 'Message one',
    files: [pdf],
    later: ''
  }

  it('fills a blank new message', () => {
    ui().updateNewMessage({ later: '2030-01-02T09:00', text: '  ' })
    ui().restoreNewMessage(undone)
    expect(ui().newMessage).toEqual(undone)
    expect(ui().asideDrafts).toEqual([])
  })

  it('sets itself aside when another new message is being written, and the two can swap', () => {
    ui().updateNewMessage({ to: 'dewi@example.com', text: 'Message two' })
    const writing = ui().newMessage
    ui().restoreNewMessage(undone)
    expect(ui().newMessage).toBe(writing)
    expect(ui().asideDrafts).toEqual([{ id: expect.any(Number), kind: 'new', draft: undone }])

    ui().openAside(ui().asideDrafts[0]!.id)
    expect(ui().newMessage).toEqual(undone)
    expect(ui().asideDrafts.map((entry) => entry.draft)).toEqual([writing])
    ui().discardAside(ui().asideDrafts[0]!.id)
    expect(ui().asideDrafts).toEqual([])
  })

  it('counts an attachment alone as something being written', () => {
    ui().updateNewMessage({ files: [pdf] })
    ui().restoreNewMessage(undone)
    expect(ui().newMessage.text).toBe('')
    expect(ui().asideDrafts).toHaveLength(1)
  })

  it('does the same for a reply, per thread', () => {
    const reply = { text: 'Reply one', files: [pdf], later: '' }
    ui().restoreReply(7, reply)
    expect(ui().replyDrafts[7]).toEqual(reply)

    ui().updateReplyDraft(7, { text: 'Reply two', files: [] })
    ui().restoreReply(7, reply)
    expect(ui().replyDrafts[7]?.text).toBe('Reply two')
    expect(ui().asideDrafts).toEqual([{ id: expect.any(Number), kind: 'reply', threadId: 7, draft: reply }])
    ui().openAside(ui().asideDrafts[0]!.id)
    expect(ui().replyDrafts[7]).toEqual(reply)
    expect(ui().asideDrafts.map((entry) => entry.draft.text)).toEqual(['Reply two'])
  })

  it('forgets every draft with the workspace (they are kept in its database), not with the selection', () => {
    ui().updateNewMessage({ text: 'Writing' })
    ui().restoreNewMessage(undone)
    ui().updateReplyDraft(7, { text: 'Reply two' })
    ui().restoreReply(7, { text: 'Reply one', files: [], later: '' })
    ui().resetSelection()
    expect(ui().asideDrafts.map((entry) => entry.kind)).toEqual(['new', 'reply'])
    ui().clearDrafts()
    expect([ui().newMessage.text, ui().replyDrafts, ui().asideDrafts]).toEqual(['', {}, []])
  })
})

describe('drafts kept by the core come back', () => {
  const kept = (overrides: Partial<KeptDrafts> = {}): KeptDrafts => ({
    newMessage: null,
    replies: [],
    asides: [],
    ...overrides
  })
  const catalogue = {
    accountId: 2,
    to: 'carlos@client.test',
    cc: '',
    bcc: '',
    subject: 'Catalogue',
    text: 'Ours',
    files: [pdf],
    later: ''
  }

  it('where they were: the new message in the dialog, each reply in its conversation', () => {
    expect(ui().draftsReady).toBe(false)
    const reply = { text: 'Thanks', files: [pdf], later: '2030-01-02T09:00' }
    ui().loadDrafts(kept({ newMessage: catalogue, replies: [{ threadId: 7, draft: reply }] }))
    expect(ui().newMessage).toBe(catalogue)
    expect(ui().replyDrafts).toEqual({ 7: reply })
    expect(ui().asideDrafts).toEqual([])
    expect(ui().draftsReady).toBe(true)
  })

  it('beside a draft being written there, never over it', () => {
    ui().updateNewMessage({ text: 'Being written' })
    ui().updateReplyDraft(7, { text: 'Reply being written' })
    const reply = { text: 'Kept reply', files: [], later: '' }
    ui().loadDrafts(kept({ newMessage: catalogue, replies: [{ threadId: 7, draft: reply }] }))
    expect(ui().newMessage.text).toBe('Being written')
    expect(ui().replyDrafts[7]!.text).toBe('Reply being written')
    expect(ui().asideDrafts).toEqual([
      { id: expect.any(Number), kind: 'new', draft: catalogue },
      { id: expect.any(Number), kind: 'reply', threadId: 7, draft: reply }
    ])
  })

  it('undone drafts set aside keep their numbers, and later ones are numbered after them', () => {
    const first = { text: 'One', files: [], later: '' }
    ui().loadDrafts(kept({ asides: [{ id: 40, kind: 'reply', threadId: 7, draft: first }] }))
    ui().updateReplyDraft(7, { text: 'Two' })
    ui().restoreReply(7, { text: 'Three', files: [], later: '' })
    expect(ui().asideDrafts.map((entry) => entry.id)).toEqual([40, 41])
  })

  it('a kept aside whose number is taken here gets another', () => {
    ui().updateNewMessage({ text: 'Writing' })
    ui().restoreNewMessage({ ...catalogue, subject: 'Undone' })
    const taken = ui().asideDrafts[0]!.id
    ui().loadDrafts(kept({ asides: [{ id: taken, kind: 'new', draft: catalogue }] }))
    const ids = ui().asideDrafts.map((entry) => entry.id)
    expect(ids).toHaveLength(2)
    expect(new Set(ids).size).toBe(2)
    expect(ui().asideDrafts[1]!.draft).toBe(catalogue)
  })
})
