// A message with no To (Cc or Bcc only: a newsletter to oneself with everyone in Bcc) against a
// real Dovecot and a real SMTP relay: it reaches them all, goes out with "To:
// undisclosed-recipients:;" and no Bcc header, and its copy in Sent keeps the Bcc. The Outbox
// names each recipient by its field, so a blind copy is never shown as a To.
import { simpleParser, type AddressObject } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { sourcesByMessageId } from '../support/imap-probe'
import { relayed, useOutboxServer } from './fixtures/outbox-server'
import { sendFromCli } from './fixtures/cli-account'

const env = useOutboxServer(['alice', 'bob', 'carol', 'dave'])

const head = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!
// Members of a group ("undisclosed-recipients:;" has none) count as addresses of the field.
const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []]
    .flat()
    .flatMap((list) => list.value.flatMap((a) => a.group ?? [a]))
    .map((a) => a.address)
const UNDISCLOSED = /^To: undisclosed-recipients:;\r?$/m

describe('a message to Bcc only', () => {
  it('reaches the Bcc recipients with To: undisclosed-recipients:; and no Bcc header; Sent keeps the Bcc', async () => {
    const { fixture, accountId } = await env.connect('alice')
    const result = await fixture.call('messages.send', {
      accountId,
      bcc: ['bob@example.test', { name: 'Carol', address: 'carol@example.test' }],
      subject: 'Newsletter',
      text: 'This month at the shop.'
    })
    const { messageId } = result
    expect(result.notSentTo).toEqual([])

    const [sent, ...again] = relayed(env.relay, messageId)
    expect(again).toEqual([])
    expect(sent!.deliveredTo.sort()).toEqual(['bob@example.test', 'carol@example.test'])
    // What went over SMTP names none of them.
    expect(head(sent!.raw)).toMatch(UNDISCLOSED)
    expect(head(sent!.raw)).not.toMatch(/^bcc:/im)
    expect(head(sent!.raw)).not.toMatch(/bob@|carol@/)

    for (const name of ['bob', 'carol']) {
      const [copy, ...more] = await sourcesByMessageId(env.server, env.user(name), 'INBOX', messageId)
      expect(more).toEqual([])
      expect(head(copy!)).toMatch(UNDISCLOSED)
      expect(head(copy!)).not.toMatch(/^bcc:/im)
      expect(head(copy!)).not.toMatch(/bob@|carol@/)
    }

    // The sender's copy in Sent says whom it went to.
    const [inSent] = await sourcesByMessageId(env.server, env.user('alice'), 'Sent', messageId)
    expect(head(inSent!)).toMatch(UNDISCLOSED)
    const parsed = await simpleParser(inSent!)
    expect(addresses(parsed.bcc)).toEqual(['bob@example.test', 'carol@example.test'])
    expect(addresses(parsed.to)).toEqual([])

    // The Outbox (sent lately) calls them Bcc, not To.
    const listed = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(listed.find((i) => i.messageId === messageId)).toMatchObject({
      state: 'sent',
      to: [],
      cc: [],
      bcc: ['bob@example.test', 'carol@example.test']
    })
  })

  it('refuses a message with nobody in To, Cc or Bcc, naming To', async () => {
    const { fixture, accountId } = await env.connect('alice')
    for (const command of ['messages.send', 'outbox.send'] as const) {
      const error = await fixture.error(command, { accountId, to: [], cc: [], subject: 'x', text: 'x' })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'to' })
      expect(error.message).toContain('To, Cc or Bcc')
    }
  })
})

describe('the Outbox names To, Cc and Bcc apart', () => {
  it('for a message queued to go later', async () => {
    const { fixture, accountId } = await env.connect('alice')
    const sendAt = new Date(Date.now() + 3_600_000).toISOString()
    const { item } = await fixture.call('outbox.send', {
      accountId,
      to: ['bob@example.test'],
      cc: [{ name: 'Carol', address: 'carol@example.test' }],
      bcc: ['dave@example.test'],
      subject: 'Later',
      text: 'x',
      sendAt
    })
    expect(item).toMatchObject({
      to: ['bob@example.test'],
      cc: ['carol@example.test'],
      bcc: ['dave@example.test']
    })
    const [listed] = (await fixture.call('outbox.list', { accountId })).filter((i) => i.id === item.id)
    expect(listed).toMatchObject({
      to: ['bob@example.test'],
      cc: ['carol@example.test'],
      bcc: ['dave@example.test']
    })
  })
})

describe('rapport send with --bcc alone', () => {
  it('sends to the blind copies, with To: undisclosed-recipients:;', async () => {
    const { relay, server } = env
    const messageId = await sendFromCli(
      env,
      ['--bcc', 'bob@example.test', '--bcc', 'dave@example.test', '--subject', 'Blind only'],
      'Untuk semua.\n'
    )
    const [sent] = relayed(relay, messageId)
    expect(sent!.deliveredTo.sort()).toEqual(['bob@example.test', 'dave@example.test'])
    expect(head(sent!.raw)).toMatch(UNDISCLOSED)
    expect(head(sent!.raw)).not.toMatch(/^bcc:/im)
    const [inSent] = await sourcesByMessageId(server, env.user('alice'), 'Sent', messageId)
    expect(addresses((await simpleParser(inSent!)).bcc)).toEqual(['bob@example.test', 'dave@example.test'])
  })
})
