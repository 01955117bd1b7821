// Reply on an earlier message of a conversation answers that message: the reply's In-Reply-To and
// subject are its (the core takes References and the Answered flag from the In-Reply-To), while
// Reply on the newest message answers the newest, as the reply box always did.
import { describe, expect, it } from 'vitest'
import { a, messageDetail } from './fixtures/message-detail'
import type { MessageDetail, ThreadSummary } from '../../src-preload/contract'
import { messageReply } from '../../src-preload/contract/message-reply'
import { answeredHeaders, replyTarget } from '../../src-preload/contract/reply-target'
import { messageReplyDraft } from '../../src-renderer/src/features/composer/message-reply-draft'

const message = (fields: Partial<MessageDetail>) =>
  messageDetail({
    messageId: '<venue1@client.test>',
    subject: 'Venue for the offsite',
    date: '2026-11-03T09:00:00.000Z',
    text: 'Which venue?',
    ...fields
  })

const thread = { subject: 'Venue for the offsite' } as ThreadSummary
const asked = message({})
/** Dewi's answer from a German mail program: the newest message. */
const answered = message({
  id: 2,
  messageId: '<venue2@client.test>',
  subject: 'AW: Venue for the offsite',
  from: a('dewi@client.test', 'Dewi'),
  inReplyTo: '<venue1@client.test>',
  references: ['<venue1@client.test>']
})
const conversation = [asked, answered]
const own = ['alice@example.test']

describe('the headers of a reply', () => {
  const target = replyTarget(thread, conversation)!

  it('answer the newest message when the reply answers none in particular', () => {
    expect(answeredHeaders(target, thread, conversation, undefined)).toEqual({
      subject: 'AW: Venue for the offsite',
      inReplyTo: '<venue2@client.test>'
    })
  })

  it('answer the earlier message Reply was on: its Message-ID, "Re:" its subject', () => {
    expect(answeredHeaders(target, thread, conversation, asked.id)).toEqual({
      subject: 'Re: Venue for the offsite',
      inReplyTo: '<venue1@client.test>'
    })
  })

  it("take the conversation's subject for a message without one", () => {
    const untitled = [message({ subject: '' }), answered]
    expect(answeredHeaders(target, thread, untitled, asked.id).subject).toBe('Re: Venue for the offsite')
  })

  it('answer the newest again once the message answered is gone from the conversation', () => {
    expect(answeredHeaders(target, thread, [answered], asked.id)).toEqual({
      subject: 'AW: Venue for the offsite',
      inReplyTo: '<venue2@client.test>'
    })
  })
})

describe('Reply on one message of a conversation', () => {
  const draftFor = (m: MessageDetail, list = conversation) =>
    messageReplyDraft(m, list, messageReply(m, own, false), replyTarget(thread, list))

  it('on the newest message answers none in particular and keeps no recipients, as before', () => {
    expect(draftFor(answered)).toEqual({ to: '', cc: '', bcc: '', chosen: false, answering: undefined })
  })

  it('on an earlier message answers it, with its sender as the recipients', () => {
    expect(draftFor(asked)).toEqual({
      to: 'Carlos <carlos@client.test>',
      cc: '',
      bcc: '',
      chosen: true,
      answering: asked.id
    })
  })

  it('on an earlier message from the sender of the newest answers it, the recipients being the usual', () => {
    const again = message({ id: 3, messageId: '<venue3@client.test>', date: '2026-11-03T11:00:00.000Z' })
    expect(draftFor(asked, [asked, again])).toEqual({
      to: '',
      cc: '',
      bcc: '',
      chosen: false,
      answering: asked.id
    })
  })
})
