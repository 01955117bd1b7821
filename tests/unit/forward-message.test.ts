// What Forward puts in New message: "Fwd:" once, and the forwarded header block and text.
import { describe, expect, it } from 'vitest'
import type { MessageDetail } from '../../src-preload/contract'
import { forwardBody, forwardedParts, forwardSubject } from '../../src-preload/contract/forward-message'
import { isForwardSubject } from '../../src-preload/contract/subject-prefixes'
import { messageDetail } from './fixtures/message-detail'

describe('forwardSubject', () => {
  it('titles a forward "Fwd:" once, whatever language the earlier forward was in', () => {
    expect(forwardSubject('Quote for 40 chairs')).toBe('Fwd: Quote for 40 chairs')
    expect(forwardSubject('Fwd: Quote')).toBe('Fwd: Quote')
    expect(forwardSubject('FW: Quote')).toBe('FW: Quote')
    expect(forwardSubject('WG: Angebot')).toBe('WG: Angebot')
    expect(forwardSubject('转发：报价')).toBe('转发：报价')
  })

  it('forwards a reply as "Fwd: Re:", and an empty subject as "Fwd:"', () => {
    expect(forwardSubject('Re: Quote')).toBe('Fwd: Re: Quote')
    expect(forwardSubject('   ')).toBe('Fwd:')
  })

  it('keeps within the 998 characters a Subject may hold, never cutting a character in two', () => {
    const subject = forwardSubject(`${'x'.repeat(992)}😀😀`)
    expect(subject.length).toBeLessThanOrEqual(998)
    expect(subject).toBe(`Fwd: ${'x'.repeat(992)}`)
  })
})

describe('forwardBody', () => {
  const labels = {
    title: '---------- Forwarded message ---------',
    from: 'From',
    date: 'Date',
    subject: 'Subject',
    to: 'To',
    cc: 'Cc'
  }
  const message = {
    subject: 'Quote',
    from: { name: 'Carlos Mendes', address: 'carlos@client.test' },
    to: [{ name: '', address: 'alice@example.test' }],
    cc: [
      { name: 'Dewi', address: 'dewi@client.test' },
      { name: '', address: 'boss@client.test' }
    ],
    text: 'Hello from Carlos.\n'
  } as MessageDetail

  it('starts with an empty line, then the header block and the message text', () => {
    expect(forwardBody(message, labels, '2 Nov 2026, 09:00')).toBe(
      [
        '',
        '',
        '---------- Forwarded message ---------',
        'From: Carlos Mendes <carlos@client.test>',
        'Date: 2 Nov 2026, 09:00',
        'Subject: Quote',
        'To: alice@example.test',
        'Cc: Dewi <dewi@client.test>, boss@client.test',
        '',
        'Hello from Carlos.\n'
      ].join('\n')
    )
  })

  it('leaves out Cc when there is none, and a subject cannot break the block into more lines', () => {
    const body = forwardBody({ ...message, cc: [], subject: 'a\r\nFrom: evil', text: null }, labels, 'd')
    expect(body).not.toContain('Cc:')
    expect(body).toContain('Subject: a From: evil\n')
    expect(body.endsWith('To: alice@example.test\n\n')).toBe(true)
  })
})

describe('forwardedParts', () => {
  const file = (id: number, size: number) => ({ id, filename: `f${id}`, contentType: 'image/png', size })

  it('carries the images of the HTML body after the attachments, an image in both lists once', () => {
    const message = messageDetail({
      attachments: [file(3, 300), file(5, 500)],
      // 5 is shown and also marked as an attachment by its sender; 7 shown under two spellings.
      inlineImages: [
        { url: 'cid:logo', attachmentId: 7, size: 700 },
        { url: 'cid:shot', attachmentId: 5, size: 500 },
        { url: 'cid:%3Clogo%3E', attachmentId: 7, size: 700 }
      ]
    })
    expect(forwardedParts(message)).toEqual([
      { id: 3, size: 300 },
      { id: 5, size: 500 },
      { id: 7, size: 700 }
    ])
  })
})

describe('isForwardSubject', () => {
  it("tells a forward by its first prefix, in mail programs' languages, any case", () => {
    for (const subject of [
      'Fw: Offer',
      'FWD: Offer',
      'wg: Angebot',
      'TR : Offre',
      'RV: Oferta',
      'ENC: Oferta'
    ]) {
      expect(isForwardSubject(subject)).toBe(true)
    }
    for (const subject of [
      '转发：报价',
      '轉寄: 報價',
      'PD: Oferta',
      'Пересл: Счёт',
      'FW: RE: Offer',
      '[team] Fwd: Offer'
    ]) {
      expect(isForwardSubject(subject)).toBe(true)
    }
  })

  it('takes a reply to a forward, a plain subject or a word merely starting like one for no forward', () => {
    for (const subject of [
      'Re: Fwd: Offer',
      'AW: WG: Angebot',
      'Offer',
      'Forward plan',
      'Trial: week 2',
      ''
    ]) {
      expect(isForwardSubject(subject)).toBe(false)
    }
  })

  it('reads a hostile subject (a prefix word, a long run of spaces, no colon) in one pass', () => {
    // Quadratic before: ~13 s for this subject at each render of the message (the test then
    // fails on its timeout); the core's thread key uses the same pattern at import.
    const spaces = ' '.repeat(200_000)
    expect(isForwardSubject(`Fw${spaces}x`)).toBe(false)
    expect(isForwardSubject(`[team] Fw${spaces}[2]${spaces}: Offer`)).toBe(true)
  })
})
