// A reply to mail whose subject is long (RFC 5322 folds a header over many lines, so a received
// subject has no length limit): the reply box has no Subject field, so the reply it sends (and
// the draft it keeps on the server) must be one the core takes, whatever the subject received.
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/core/api/dispatcher'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { replySubject, replyTarget } from '../../src-preload/contract/reply-target'
import { memoryWorkspace, store } from './fixtures/workspace'

/** A subject of `length` characters, folded as a mailer writes it. */
function foldedSubject(length: number): { header: string; subject: string } {
  const words = Array.from({ length: Math.ceil(length / 10) }, (_, i) => `word${String(i).padStart(5, '0')}`)
  const subject = words.join(' ').slice(0, length).trim()
  const lines: string[] = []
  let line = 'Subject:'
  for (const word of subject.split(' ')) {
    if (line.length + word.length + 1 > 76) {
      lines.push(line)
      line = ''
    }
    line += ` ${word}`
  }
  lines.push(line)
  return { header: lines.join('\r\n'), subject }
}

async function replyToSubject(length: number) {
  const { header, subject } = foldedSubject(length)
  const raw = Buffer.from(
    [
      'From: Ticket system <tickets@vendor.test>',
      'To: me@rapport.test',
      header,
      'Message-ID: <ticket-1@vendor.test>',
      'Date: Tue, 05 Mar 2024 10:00:00 +0000',
      '',
      'Your ticket was updated.',
      ''
    ].join('\r\n')
  )
  const ws = memoryWorkspace()
  const [threadId] = store(ws, await parseMessage(raw))
  const { thread, messages } = new MailQueries(ws.db).getThread(threadId!)
  expect(messages[0]!.subject).toBe(subject)
  return replyTarget(thread, messages)!
}

describe('a reply to mail with a long subject', () => {
  it('is sent: the reply box’s message (no Subject field to shorten) is one the core takes', async () => {
    const target = await replyToSubject(996)
    // As the reply box sends it (ReplyBox.tsx).
    const input = {
      accountId: 1,
      to: target.to,
      subject: target.subject,
      text: 'Thanks, noted.',
      inReplyTo: target.inReplyTo
    }
    const handlers = { 'outbox.send': async () => ({ queued: true }) } as never
    const response = await dispatch(handlers, 'outbox.send', input, () => {})
    expect(response).toMatchObject({ ok: true })
  })

  it('is cut to what the core takes, never inside a character', () => {
    const subject = replySubject(`${'x'.repeat(992)}🙂🙂 and more`)
    expect(subject.length).toBeLessThanOrEqual(998)
    expect(subject).toBe(`Re: ${'x'.repeat(992)}🙂`)
  })
})
