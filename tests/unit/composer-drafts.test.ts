import { beforeEach, describe, expect, it } from 'vitest'
import { emptyReply, useUiStore } from '../../src-renderer/src/store/ui-store'

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
    expect(ui().newMessage).toEqual({ accountId: null, to: '', subject: '', text: '', files: [], later: '' })
  })
})
