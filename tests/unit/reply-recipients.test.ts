// Who the reply box answers, from mail as it is stored: Reply-To before From for received mail,
// every other recipient for a follow-up to our own message.
import { describe, expect, it } from 'vitest'
import type { MessageDetail, ThreadSummary } from '../../src-preload/contract'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { replyTarget } from '../../src-preload/contract/reply-target'
import { memoryWorkspace, store } from './fixtures/workspace'

const mail = (...headers: string[]) =>
  Buffer.from(
    [...headers, 'To: me@rapport.test', 'Date: Tue, 05 Mar 2024 10:00:00 +0000', '', 'Hello', ''].join('\r\n')
  )

/** The thread of one stored message, as the reply box gets it. */
async function storedThread(raw: Buffer) {
  const ws = memoryWorkspace()
  const [threadId] = store(ws, await parseMessage(raw))
  return new MailQueries(ws.db).getThread(threadId!)
}

describe('replying to received mail', () => {
  it('answers every Reply-To address rather than the sender', async () => {
    const { thread, messages } = await storedThread(
      mail(
        'From: Website Form <noreply@shop.test>',
        'Reply-To: Customer Carla <carla@customer.test>, dewi@customer.test',
        'Subject: Quote request',
        'Message-ID: <form1@shop.test>'
      )
    )
    expect(messages[0]!.replyTo).toEqual([
      { name: 'Customer Carla', address: 'carla@customer.test' },
      { name: '', address: 'dewi@customer.test' }
    ])
    expect(replyTarget(thread, messages)).toMatchObject({
      to: [
        { name: 'Customer Carla', address: 'carla@customer.test' },
        { name: '', address: 'dewi@customer.test' }
      ],
      cc: [],
      toName: 'Customer Carla',
      others: 1
    })
  })

  it('answers the sender when there is no Reply-To, on an IDN domain too', async () => {
    const { thread, messages } = await storedThread(
      mail('From: Jens <info@xn--mller-kva.de>', 'Subject: Anfrage', 'Message-ID: <idn1@xn--mller-kva.de>')
    )
    expect(messages[0]!.replyTo).toEqual([])
    expect(replyTarget(thread, messages)).toMatchObject({
      to: [{ name: 'Jens', address: 'info@müller.de' }],
      others: 0,
      invalid: null
    })
  })
})

describe('a follow-up to our own message', () => {
  const ours = (to: string, cc?: string) =>
    storedThread(
      Buffer.from(
        [
          'From: Me <me@rapport.test>',
          `To: ${to}`,
          ...(cc ? [`Cc: ${cc}`] : []),
          'Subject: Proposal',
          'Message-ID: <out1@rapport.test>',
          'Date: Tue, 05 Mar 2024 10:00:00 +0000',
          '',
          'Here it is.',
          ''
        ].join('\r\n')
      )
    )

  it('goes to all of its To and Cc but ourselves, each address once', async () => {
    const { thread, messages } = await ours(
      'Carla <carla@customer.test>, Dewi <dewi@customer.test>, ME@rapport.test',
      'Boss <boss@customer.test>, CARLA@customer.test, me@rapport.test'
    )
    expect(messages[0]!.direction).toBe('out')
    expect(replyTarget(thread, messages)).toMatchObject({
      to: [
        { name: 'Carla', address: 'carla@customer.test' },
        { name: 'Dewi', address: 'dewi@customer.test' }
      ],
      cc: [{ name: 'Boss', address: 'boss@customer.test' }],
      toName: 'Carla',
      others: 2
    })
  })

  it('sends to the Cc when the To was only ourselves, and to ourselves a note to self', async () => {
    const ccOnly = await ours('me@rapport.test', 'Boss <boss@customer.test>')
    expect(replyTarget(ccOnly.thread, ccOnly.messages)).toMatchObject({
      to: [{ name: 'Boss', address: 'boss@customer.test' }],
      cc: []
    })
    const note = await ours('Me <me@rapport.test>')
    expect(replyTarget(note.thread, note.messages)?.to).toEqual([{ name: 'Me', address: 'me@rapport.test' }])
  })
})

describe('a recipient no server would take', () => {
  it('is named, so the reply box can say why it does not send', () => {
    const thread = { subject: 'Hi' } as ThreadSummary
    const received = {
      messageId: '<a@x>',
      subject: 'Hi',
      direction: 'in',
      from: { name: 'Daemon', address: 'daemon@localhost' },
      to: [],
      cc: [],
      replyTo: []
    } as unknown as MessageDetail
    expect(replyTarget(thread, [received])?.invalid).toBe('daemon@localhost')
  })
})
