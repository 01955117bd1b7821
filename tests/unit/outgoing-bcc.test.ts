// Bcc as the outbox builds a message: the bytes kept (for Sent, for Drafts) name the blind copies,
// the envelope reaches them, and the bytes sent over SMTP carry no Bcc header.
import { simpleParser, type AddressObject } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { withoutBcc } from '../../src-main/core/send/bcc-header'
import { composeMessage } from '../../src-main/core/send/compose-message'
import { sendingRecipients } from '../../src-main/core/outbox/outgoing-message'

/** The header section: a body may hold a line that looks like one. */
const head = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []].flat().flatMap((list) => list.value.map((a) => a.address))

async function composed(bcc: string[], text = 'Bcc: not a header here') {
  return composeMessage(
    {
      from: { name: 'Ana', address: 'ana@example.test' },
      to: ['bob@example.test'],
      cc: ['carol@example.test'],
      bcc,
      subject: 'Quote',
      text,
      references: [],
      date: new Date('2030-01-05T10:00:00Z')
    },
    '<id@example.test>'
  )
}

describe('Bcc in an outgoing message', () => {
  it('is kept in the composed bytes and taken out of the bytes sent, nothing else changed', async () => {
    const raw = await composed(['dave@example.test'])
    expect(addresses((await simpleParser(raw)).bcc)).toEqual(['dave@example.test'])
    const sent = withoutBcc(raw)
    const parsed = await simpleParser(sent)
    expect(parsed.bcc).toBeUndefined()
    expect(head(sent)).not.toMatch(/^bcc:/im)
    expect(sent.toString('latin1')).not.toContain('dave@example.test')
    expect(addresses(parsed.to)).toEqual(['bob@example.test'])
    expect(addresses(parsed.cc)).toEqual(['carol@example.test'])
    expect(parsed.messageId).toBe('<id@example.test>')
    // The body's own "Bcc:" line is text, not a header: it stays.
    expect(parsed.text?.trim()).toBe('Bcc: not a header here')
    expect(raw.toString('latin1').replace(/^Bcc:.*\r\n/m, '')).toBe(sent.toString('latin1'))
  })

  it('takes out a Bcc header folded over several lines, all of it', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `blind-recipient-${i}@example.test`)
    const raw = await composed(many)
    expect(raw.toString('latin1')).toMatch(/^Bcc:.*\r\n[ \t]/m)
    const sent = withoutBcc(raw).toString('latin1')
    expect(sent).not.toContain('blind-recipient')
    expect(addresses((await simpleParser(Buffer.from(sent, 'latin1'))).to)).toEqual(['bob@example.test'])
  })

  it('leaves a message without Bcc as it is', async () => {
    const raw = await composed([])
    expect(head(raw)).not.toMatch(/^bcc:/im)
    expect(withoutBcc(raw)).toBe(raw)
  })

  it('sends to each address once: one in To or Cc is left out of Bcc', () => {
    const { to, cc, bcc } = sendingRecipients({
      to: ['bob@example.test'],
      cc: [{ name: 'Carol', address: 'CAROL@example.test' }],
      bcc: ['BOB@example.test', 'carol@example.test', 'dave@example.test', 'Dave@example.test']
    })
    expect(to.map((m) => m.address)).toEqual(['bob@example.test'])
    expect(cc.map((m) => m.address)).toEqual(['CAROL@example.test'])
    expect(bcc.map((m) => m.address)).toEqual(['dave@example.test'])
  })
})
