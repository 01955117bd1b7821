// The headers a reply is sent with: References that keep the whole chain, no ids Rapport made
// up, and a subject that does not stack "Re:" on a reply prefix in another language.
import { describe, expect, it } from 'vitest'
import type { AccountRecord } from '../../src-main/core/accounts/account-repository'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { isSyntheticMessageId } from '../../src-main/core/mail/message-id'
import { composeOutgoing } from '../../src-main/core/outbox/outgoing-message'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { isReplySubject } from '../../src-main/core/threading/subject'
import { replySubject } from '../../src-preload/contract/reply-target'
import { memoryWorkspace, message, ME, store } from './fixtures/workspace'

const account = { id: 1, email: ME, displayName: 'Me' } as AccountRecord

async function replyTo(ws: ReturnType<typeof memoryWorkspace>, inReplyTo: string) {
  const composed = await composeOutgoing(
    account,
    new MailQueries(ws.db),
    { to: ['carlos@client.test'], subject: 'Re: Quote', text: 'ok', inReplyTo },
    new Date('2024-03-05T10:00:00Z')
  )
  const head = composed.raw.toString('latin1').split('\r\n\r\n')[0]!
  return {
    threadId: composed.threadId,
    inReplyTo: /^In-Reply-To: (.*)$/m.exec(head)?.[1] ?? null,
    references: /^References: (.*)$/m.exec(head)?.[1] ?? null
  }
}

describe('References and In-Reply-To of a reply', () => {
  it('starts from the parent’s In-Reply-To when the parent has no References', async () => {
    const ws = memoryWorkspace()
    store(ws, message({ messageId: '<root@rapport.test>', from: { name: 'Me', address: ME } }))
    store(ws, message({ messageId: '<parent@client.test>', inReplyTo: '<root@rapport.test>' }))
    expect(await replyTo(ws, '<parent@client.test>')).toMatchObject({
      inReplyTo: '<parent@client.test>',
      references: '<root@rapport.test> <parent@client.test>'
    })
  })

  it('keeps the parent’s References when it has them', async () => {
    const ws = memoryWorkspace()
    store(
      ws,
      message({
        messageId: '<p@client.test>',
        inReplyTo: '<b@x.test>',
        references: ['<a@x.test>', '<b@x.test>']
      })
    )
    expect((await replyTo(ws, '<p@client.test>')).references).toBe('<a@x.test> <b@x.test> <p@client.test>')
  })

  it('leaves out the id Rapport made up for a parent without Message-ID, and still threads', async () => {
    const ws = memoryWorkspace()
    const raw = Buffer.from(
      [
        'From: Carlos <carlos@client.test>',
        `To: ${ME}`,
        'Subject: No id',
        'References: <earlier@client.test>',
        'Date: Tue, 05 Mar 2024 10:00:00 +0000',
        '',
        'hi',
        ''
      ].join('\r\n')
    )
    const [threadId] = store(ws, await parseMessage(raw))
    const parentId = new MailQueries(ws.db).getThread(threadId!).messages[0]!.messageId
    expect(isSyntheticMessageId(parentId)).toBe(true)
    expect(await replyTo(ws, parentId)).toEqual({
      threadId,
      inReplyTo: null,
      references: '<earlier@client.test>'
    })
  })
})

describe('the subject of a reply', () => {
  it('keeps a reply prefix of any language, and puts Re: before anything else', () => {
    const cases: Array<[string, string]> = [
      ['Quote', 'Re: Quote'],
      ['RE: Quote', 'RE: Quote'],
      ['Re[2]: Quote', 'Re[2]: Quote'],
      ['AW: Angebot', 'AW: Angebot'],
      ['SV: Tilbud', 'SV: Tilbud'],
      ['Balas: Penawaran', 'Balas: Penawaran'],
      ['回复：报价', '回复：报价'],
      ['  RE : Quote ', 'RE : Quote'],
      ['Fwd: Quote', 'Re: Fwd: Quote'],
      ['WG: Angebot', 'Re: WG: Angebot'],
      ['', 'Re:'],
      ['   ', 'Re:']
    ]
    for (const [subject, reply] of cases) expect(replySubject(subject), subject).toBe(reply)
  })

  it('is one the core’s threading takes for a reply', () => {
    for (const subject of ['Quote', 'AW: Angebot', '回复：报价', 'Fwd: Quote', ''])
      expect(isReplySubject(replySubject(subject)), subject).toBe(true)
  })
})
