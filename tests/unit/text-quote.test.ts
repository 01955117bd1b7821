// Where the earlier conversation a plain-text reply quotes at its end starts, as the clients our
// users write from format it, so the thread view can fold it behind "Show quoted text".
import { describe, expect, it } from 'vitest'
import { endsWithQuote, trailingQuoteStart } from '../../src-renderer/src/features/thread/text-quote'

/** The part that stays visible, or null when nothing folds. */
function visible(text: string, subject = 'Re: Offer'): string | null {
  const start = trailingQuoteStart(text, subject)
  return start === null ? null : text.slice(0, start)
}

const reply = (attribution: string) =>
  `Thanks, that works.\n\n${attribution}\n> The offer is attached.\n> Bob\n`

describe('the trailing quote of a plain-text reply', () => {
  it.each([
    ['en, Gmail', 'On Tue, Mar 5, 2024 at 10:00 AM Bob Smith <bob@example.com> wrote:'],
    ['en, Thunderbird', 'On 05/03/2024 10:00, Bob Smith wrote:'],
    ['en, Apple Mail', 'On 5 Mar 2024, at 10:00, Bob Smith <bob@example.com> wrote:'],
    ['de, Thunderbird', 'Am 05.03.2024 um 10:00 schrieb Bob Smith:'],
    ['de, Gmail', 'Bob Smith <bob@example.com> schrieb am Di., 5. März 2024, 10:00:'],
    ['de, name and address', 'Bob Smith <bob@example.com> schrieb:'],
    ['fr', 'Le mar. 5 mars 2024 à 10:00, Bob Smith <bob@example.com> a écrit :'],
    ['es', 'El mar, 5 mar 2024 a las 10:00, Bob Smith (<bob@example.com>) escribió:'],
    ['pt', 'Em ter., 5 de mar. de 2024 às 10:00, Bob Smith <bob@example.com> escreveu:'],
    ['id, Gmail', 'Pada tanggal Sel, 5 Mar 2024 pukul 10.00 Bob Smith <bob@example.com> menulis:'],
    ['id', 'Pada Sel, 5 Mar 2024 10.00, Bob Smith menulis:'],
    ['zh, Gmail', 'Bob Smith <bob@example.com> 于2024年3月5日周二 10:00写道：'],
    ['zh', '在 2024年3月5日 10:00，Bob Smith 写道：'],
    ['nl', 'Op di 5 mrt 2024 om 10:00 schreef Bob Smith <bob@example.com>:']
  ])('folds the attribution and "> " lines (%s)', (_client, attribution) => {
    expect(visible(reply(attribution))).toBe('Thanks, that works.')
  })

  it('takes in an attribution Gmail wrapped over two lines', () => {
    const text =
      'Thanks.\n\nOn Tue, Mar 5, 2024 at 10:00 AM Bob Smith <\nbob@example.com> wrote:\n\n> The offer.\n'
    expect(visible(text)).toBe('Thanks.')
  })

  it('folds a trailing run of "> " lines with no attribution above it', () => {
    expect(visible('Agreed.\n\n> Shall we meet on Friday?\n>\n> Bob')).toBe('Agreed.')
  })

  it.each([
    ['en', '-----Original Message-----\nFrom: Bob Smith\nSent: Tuesday, March 5, 2024 10:00 AM'],
    [
      'en, Outlook on the web',
      '________________________________\nFrom: Bob Smith <bob@example.com>\nSent: Tuesday, March 5, 2024 10:00\nTo: Ana\nSubject: Offer'
    ],
    [
      'en, bold fields',
      '*From:* Bob Smith <bob@example.com>\n*Sent:* Tuesday, March 5, 2024 10:00\n*To:* Ana\n*Subject:* Offer'
    ],
    ['de', '-----Ursprüngliche Nachricht-----\nVon: Bob Smith\nGesendet: Dienstag, 5. März 2024 10:00'],
    [
      'de, no separator',
      'Von: Bob Smith <bob@example.com>\nGesendet: Dienstag, 5. März 2024 10:00\nAn: Ana\nBetreff: Angebot'
    ],
    ['fr', 'De : Bob Smith <bob@example.com>\nEnvoyé : mardi 5 mars 2024 10:00\nÀ : Ana\nObjet : Offre'],
    [
      'es',
      'De: Bob Smith <bob@example.com>\nEnviado el: martes, 5 de marzo de 2024 10:00\nPara: Ana\nAsunto: Oferta'
    ],
    [
      'pt',
      'De: Bob Smith <bob@example.com>\nEnviada em: terça-feira, 5 de março de 2024 10:00\nPara: Ana\nAssunto: Oferta'
    ],
    [
      'id',
      'Dari: Bob Smith <bob@example.com>\nDikirim: Selasa, 5 Maret 2024 10.00\nKepada: Ana\nSubjek: Penawaran'
    ],
    [
      'zh, Outlook',
      '发件人: Bob Smith <bob@example.com>\n发送时间: 2024年3月5日 10:00\n收件人: Ana\n主题: 报价'
    ],
    [
      'zh, Foxmail',
      '------------------ 原始邮件 ------------------\n发件人: "Bob Smith"<bob@example.com>;\n发送时间: 2024年3月5日(星期二) 上午10:00'
    ]
  ])('folds from an Outlook-style header to the end, unquoted lines too (%s)', (_client, header) => {
    const text = `Thanks, that works.\n\nAna\n\n${header}\n\nThe offer is attached.\n\nBob\n`
    expect(visible(text)).toBe('Thanks, that works.\n\nAna')
  })

  // Outlook wraps a long To: or Cc: at 76 columns, its continuation lines carry no field name.
  const recipients = (count: number, indent = '') =>
    Array.from({ length: count }, (_, i) => `${indent}Person ${i} <person${i}@example.com>;`).join('\n')

  it.each([
    ['To: over many lines', `To: Ana Lima <ana@example.com>;\n${recipients(12)}`],
    [
      'To: and Cc: both wrapped',
      `To: Ana Lima <ana@example.com>;\n${recipients(6)}\nCc: Carlos;\n${recipients(6)}`
    ],
    ['continuation lines indented', `To: Ana Lima <ana@example.com>;\n${recipients(8, '\t')}`],
    ['de', `An: Ana Lima <ana@example.com>;\n${recipients(5)}\nCc: Carlos;\n${recipients(5)}`]
  ])('folds an Outlook header whose recipients wrap over many lines (%s)', (_case, recipientLines) => {
    const text =
      'Thanks, that works.\n\nAna\n\n________________________________\nFrom: Bob Smith <bob@example.com>\n' +
      `Sent: Tuesday, March 5, 2024 10:00\n${recipientLines}\nSubject: Offer\n\nThe offer is attached.\n`
    expect(visible(text)).toBe('Thanks, that works.\n\nAna')
    expect(endsWithQuote(text)).toBe(true)
  })

  it('follows a wrapped To: past a recipient whose name has a colon', () => {
    const text =
      'Thanks.\n\n________________________________\nFrom: Bob Smith <bob@example.com>\nSent: Tuesday\n' +
      `To: Ana Lima <ana@example.com>;\n${recipients(3)}\nSales: Ana <sales@example.com>;\n${recipients(8)}\n` +
      'Subject: Offer\n\nThe offer is attached.\n'
    expect(visible(text)).toBe('Thanks.')
  })

  it('still wants the Subject: near the From: when no To: or Cc: wraps above it', () => {
    const text = `Thanks.\n\nFrom: Bob\nSent: Monday\n\n${recipients(8)}\nSubject: Offer\n\nHi`
    expect(trailingQuoteStart(text, 'Re: Offer')).toBeNull()
  })

  it('folds from the first of several Outlook headers, the whole older thread', () => {
    const older = 'From: Bob\nSent: Monday\n\nFirst\n\nFrom: Ana\nSent: Sunday\n\nZero'
    expect(visible(`Reply\n\n-----Original Message-----\n${older}`)).toBe('Reply')
  })

  it('keeps quotes between answers visible and folds only the trailing one (an inline reply)', () => {
    const text =
      'On Tue, Bob wrote:\n> Price?\n100 EUR.\n\n> Date?\nFriday.\n\n> Thanks, Bob\n> --\n> Bob Smith'
    expect(visible(text)).toBe('On Tue, Bob wrote:\n> Price?\n100 EUR.\n\n> Date?\nFriday.')
  })

  it('folds nothing when the answer comes after the quote (bottom posting)', () => {
    expect(trailingQuoteStart('On Tue, Bob wrote:\n> Price?\n\n100 EUR.\n', 'Re: Price')).toBeNull()
  })

  it('never folds a message that is only a quote', () => {
    expect(trailingQuoteStart('On Tue, Bob wrote:\n> Price?\n', 'Re: Price')).toBeNull()
    expect(trailingQuoteStart('\n\n> Price?\n> Bob', 'Re: Price')).toBeNull()
    expect(
      trailingQuoteStart('-----Original Message-----\nFrom: Bob\nSent: Monday\n\nHello', 'RE: Hello')
    ).toBeNull()
  })

  it.each([
    [
      'Gmail',
      '---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: Tue, Mar 5, 2024\nSubject: Offer'
    ],
    ['Thunderbird', '-------- Forwarded Message --------\nSubject: Offer\nDate: Tue, 5 Mar 2024\nFrom: Bob'],
    [
      'Apple Mail',
      'Begin forwarded message:\n\nFrom: Bob <bob@example.com>\nDate: 5 March 2024\nSubject: Offer'
    ],
    [
      'Gmail, German',
      '---------- Weitergeleitete Nachricht ---------\nVon: Bob <bob@example.com>\nDate: Di., 5. März 2024'
    ]
  ])('does not fold what a forward carries (%s)', (_client, forward) => {
    expect(
      trailingQuoteStart(`FYI, see below.\n\n${forward}\n\nThe offer is attached.\n> once quoted\n`, 'Offer')
    ).toBeNull()
  })

  it.each([
    'FW: Offer',
    'Fwd: Offer',
    'WG: Angebot',
    'TR: Offre',
    'RV: Oferta',
    'Enc: Oferta',
    '转发：报价',
    'PD: Oferta'
  ])('does not fold an Outlook forward with a note above it, told by its subject (%s)', (subject) => {
    const text =
      'Ana, see below.\n\n________________________________\nFrom: Bob Smith <bob@example.com>\n' +
      'Sent: Tuesday, March 5, 2024 10:00\nTo: Carlos\nSubject: Offer\n\nThe offer is attached.\n'
    expect(trailingQuoteStart(text, subject)).toBeNull()
    // The same block under a reply's subject is the quoted conversation.
    expect(visible(text, 'RE: Offer')).toBe('Ana, see below.')
  })

  it('folds the quote of a reply to a forward ("Re: Fwd:"), a reply, not a forward', () => {
    expect(visible(reply('On Tue, Bob wrote:'), 'Re: Fwd: Offer')).toBe('Thanks, that works.')
    expect(visible(reply('On Tue, Bob wrote:'), 'AW: WG: Angebot')).toBe('Thanks, that works.')
  })

  it('does not take an ordinary sentence ending in a colon for an attribution', () => {
    expect(visible('Here is the list:\n> one\n> two')).toBe('Here is the list:')
  })

  it('does not take a lone From: line in the text for an Outlook header', () => {
    expect(trailingQuoteStart('Sent from my phone.\nFrom: the team, with thanks\n\nBye', 'Bye')).toBeNull()
  })

  it('keeps CRLF text intact: the visible part and the quote make up the whole', () => {
    const text = 'Yes.\r\n\r\nOn Tue, Bob wrote:\r\n> Ok?\r\n'
    const start = trailingQuoteStart(text, 'Re: Ok?')
    expect(text.slice(0, start!)).toBe('Yes.')
  })
})

describe('a hostile body, read when the message opens', () => {
  it('is read in one pass: lines made to backtrack the header patterns do not freeze the window', () => {
    // Each line a header word, a long run of spaces and no colon; quadratic before (~13 s here, a minute at twice the length).
    const spaces = ' '.repeat(100_000)
    const hostile = [
      'Hello,',
      `From${spaces}x`,
      `From: Ana\nSent${spaces}x`,
      `Forwarded message${spaces}x`,
      '> the end'
    ].join('\n')
    expect(trailingQuoteStart(hostile, 'Re: Hello')).toBe(hostile.lastIndexOf('\n'))
    expect(endsWithQuote(hostile)).toBe(true)
  })

  it('follows a wrapped To: only so far: many From: and recipient lines are read in one pass', () => {
    // Each From: line looks a bounded way down: a From: line is a field, so it ends a wrapped To:,
    // and a To: wraps over a bounded number of lines (quadratic otherwise: ~16 s here).
    const manyFroms = `Hello,\n${'From: Ana\nTo: Bob\n'.repeat(20_000)}> the end`
    expect(trailingQuoteStart(manyFroms, 'Re: Hello')).toBe(manyFroms.lastIndexOf('\n'))
    const longTo = `Hello,\nFrom: Ana\nSent: Monday\nTo: Bob;\n${'Carl;\n'.repeat(100_000)}Subject: x\n\nHi`
    expect(trailingQuoteStart(longTo, 'Re: Hello')).toBeNull()
    const wideTo = `Hello,\nFrom: Ana\nSent: Monday\nTo: Bob\n${'x'.repeat(500_000)}\nSubject: x\n\nHi`
    expect(visible(wideTo)).toBe('Hello,')
  })

  it('still reads a header field and a forward marker with spaces around the star and dashes', () => {
    expect(visible('Ok.\n\n*From* :  Ana\n*Sent* :  Monday\n*Subject* :  Hi\n\nHi')).toBe('Ok.')
    expect(trailingQuoteStart('Look:\n---------- Forwarded message ---------  \n> Hi', 'Look')).toBeNull()
  })
})

describe('a From and a Date that are no quoted mail', () => {
  it('folds nothing of a booking whose itinerary has From: and Date: lines (Outlook always writes a Subject)', () => {
    const booking =
      'Your booking is confirmed.\n\nFrom: Jakarta (CGK)\nTo: Singapore (SIN)\nDate: 12 Mar 2026\n\nPassenger: Ana Lima'
    expect(trailingQuoteStart(booking, 'Booking confirmed')).toBeNull()
    // Nor when its To: goes on over lines: following them does not make a Subject: up.
    const stops =
      'Your booking is confirmed.\n\nFrom: Jakarta (CGK)\nTo: Singapore (SIN)\nvia Kuala Lumpur (KUL)\n' +
      'then Bangkok (BKK)\nDate: 12 Mar 2026\nGate: B4\nSeat: 12A\n\nPassenger: Ana Lima'
    expect(trailingQuoteStart(stops, 'Booking confirmed')).toBeNull()
    // A reply that pastes such lines still gets its quote when sent.
    expect(
      endsWithQuote('Hi Ana,\n\nFrom: Bank\nDate: Mon\n\nYour transfer failed.\n\nCan you check it?')
    ).toBe(false)
  })
})

describe('a reply that carries its quote already (continued from a phone), not quoted again', () => {
  it('ends with a quote when its last lines are quoted or an Outlook header block', () => {
    expect(endsWithQuote('Yes.\n\nOn Mon, Ana wrote:\n> Thursday?\n')).toBe(true)
    expect(endsWithQuote('> Thursday?')).toBe(true)
    expect(endsWithQuote('Yes.\n\n-----Original Message-----\nFrom: Ana\nSent: Monday\n\nThursday?')).toBe(
      true
    )
    expect(endsWithQuote('> Thursday?\nYes, Thursday.')).toBe(false)
    expect(endsWithQuote('Thursday suits us.')).toBe(false)
    expect(endsWithQuote('')).toBe(false)
  })
})
