// The addresses Rapport sends to: one check shared by the composer and the contract, Unicode
// domains sent in their ASCII form, names kept, each address once.
import { describe, expect, it } from 'vitest'
import { simpleParser } from 'mailparser'
import { isEmailAddress, OutgoingMessage } from '../../src-preload/contract'
import { dispatch } from '../../src-main/core/api/dispatcher'
import { composeOutgoing } from '../../src-main/core/outbox/outgoing-message'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import type { AccountRecord } from '../../src-main/core/accounts/account-repository'
import { addressProblem, formatAddressList, parseAddressList } from '../../src-preload/contract/address-list'
import { memoryWorkspace } from './fixtures/workspace'

const accepted = [
  'ana@example.com',
  'first=last@x.com',
  'a&b@x.com',
  'a#b@x.com',
  'user/dept@x.com',
  'a%b@x.com',
  'a!b@x.com',
  "o'brien@x.ie",
  '"john doe"@x.com',
  'info@müller.de',
  'info@xn--mller-kva.de',
  'ana@пример.рф',
  'ana@mail.co.id'
]
const refused = [
  'a@b.c',
  'ana@example.com.',
  'ana@example..com',
  '.ana@example.com',
  'ana..b@example.com',
  'ana@localhost',
  'ana@-x.com',
  'ana@1.2.3.4',
  'jürgen@example.de',
  'ana@x.com\nBcc: b@x.com',
  'Ana <ana@x.com>',
  `${'a'.repeat(65)}@x.com`
]
const to = OutgoingMessage.to

describe('the address check shared by the composer and the contract', () => {
  it('takes every RFC 5321 local part and Unicode domains, and refuses what no server takes', () => {
    for (const address of accepted) {
      expect(isEmailAddress(address), address).toBe(true)
      expect(to.safeParse([address]).success, address).toBe(true)
      expect(parseAddressList(address), address).toEqual({ addresses: [{ name: '', address }], invalid: [] })
    }
    for (const address of refused) {
      expect(isEmailAddress(address), address).toBe(false)
      expect(to.safeParse([address]).success, address).toBe(false)
    }
    for (const address of ['a@b.c', 'ana@example.com.', 'ana@example..com'])
      expect(parseAddressList(address)).toEqual({ addresses: [], invalid: [address] })
  })

  it('names the address the core refuses, and takes recipients with names', async () => {
    const handlers = { 'outbox.send': async () => ({}) } as never
    const send = (input: object) =>
      dispatch(handlers, 'outbox.send', { accountId: 1, subject: 'Hi', text: 'x', ...input }, () => {})
    const response = await send({ to: ['ana@x.com'], cc: ['ok@x.com', 'a@b.c'] })
    expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'cc.1' } })
    expect(!response.ok && response.error.message).toContain('“a@b.c” is not a valid email address.')
    expect(
      await send({ to: [{ name: 'Smith, John', address: 'john@x.com' }, 'info@müller.de'] })
    ).toMatchObject({
      ok: true
    })
    expect(await send({ to: [{ name: 'Ana\r\nBcc: b@x.com', address: 'ana@x.com' }] })).toMatchObject({
      ok: false,
      error: { field: 'to.0.name' }
    })
  })
})

describe('the To field of the composer', () => {
  it('takes names with the addresses, quoted ones with commas too', () => {
    expect(parseAddressList('"Smith, John" <john@x.com>, Ana <ana@x.com>; <b@y.test>')).toEqual({
      addresses: [
        { name: 'Smith, John', address: 'john@x.com' },
        { name: 'Ana', address: 'ana@x.com' },
        { name: '', address: 'b@y.test' }
      ],
      invalid: []
    })
  })

  it('separates addresses without names by spaces too, and says what is not an address', () => {
    expect(parseAddressList('a@x.test  c@z.co.id; nope')).toEqual({
      addresses: [
        { name: '', address: 'a@x.test' },
        { name: '', address: 'c@z.co.id' }
      ],
      invalid: ['nope']
    })
    // A missing comma must not turn the first address into the name of the second.
    expect(parseAddressList('a@x.test <b@y.test>').invalid).toEqual(['a@x.test <b@y.test>'])
    expect(parseAddressList('Ana <a@b.c>').invalid).toEqual(['Ana <a@b.c>'])
  })

  it('lists an address once, whatever its case', () => {
    expect(parseAddressList('ana@x.com, Ana <ANA@X.com>, bob@x.com').addresses).toEqual([
      { name: '', address: 'ana@x.com' },
      { name: '', address: 'bob@x.com' }
    ])
  })

  it('takes the members of a group (RFC 5322) as recipients, and an empty group as none', () => {
    expect(parseAddressList('Team: a@x.test, Bob <b@y.test>; c@z.test')).toEqual({
      addresses: [
        { name: '', address: 'a@x.test' },
        { name: 'Bob', address: 'b@y.test' },
        { name: '', address: 'c@z.test' }
      ],
      invalid: []
    })
    expect(parseAddressList('"Sales: EU, Asia": ana@x.test;').addresses).toEqual([
      { name: '', address: 'ana@x.test' }
    ])
    expect(parseAddressList('undisclosed-recipients:;')).toEqual({ addresses: [], invalid: [] })
    // An address before the colon is no group name: it is said, not dropped.
    expect(parseAddressList('ana@x.test: bob@y.test').invalid).toEqual(['ana@x.test:'])
  })

  it('reads a hostile unterminated quote (300k characters, as a mailto link may hold) in one pass', () => {
    // Quadratic before: ~23 s for this field, the window frozen at Send.
    const hostile = `"${'\\"'.repeat(150_000)} <ana@x.test>`
    const parsed = parseAddressList(hostile)
    expect(parsed.addresses).toEqual([])
    expect(parsed.invalid).toHaveLength(1)
    // Quoted strings that close still hide their "<": a name, not an address.
    expect(parseAddressList('"a <b>" <ana@x.test>').addresses).toEqual([
      { name: 'a <b>', address: 'ana@x.test' }
    ])
  })

  it('refuses the names the core refuses, and only those', () => {
    const names = ['Ana', 'a'.repeat(256), 'a'.repeat(257), 'Ana\tLima', '李雷 🙂']
    for (const name of names) {
      const field = parseAddressList(`"${name}" <ana@x.com>`)
      expect(field.addresses, name).toEqual([{ name, address: 'ana@x.com' }])
      const coreTakes = to.safeParse([{ name, address: 'ana@x.com' }]).success
      expect(addressProblem(field) === null, name).toBe(coreTakes)
    }
    expect(addressProblem(parseAddressList(`"${'a'.repeat(257)}" <ana@x.com>`))).toEqual({
      problem: 'nameTooLong',
      text: 'ana@x.com'
    })
    expect(addressProblem(parseAddressList('Ana\tLima <ana@x.com>, nope'))).toEqual({
      problem: 'invalidAddress',
      text: 'nope'
    })
    expect(addressProblem(parseAddressList('Ana\tLima <ana@x.com>'))).toEqual({
      problem: 'nameControlCharacter',
      text: 'ana@x.com'
    })
  })
})

describe('recipients written back into the To field', () => {
  it('reads back as the same recipients, whatever their names hold', () => {
    const recipients = [
      { name: 'Ana Lima', address: 'ana@client.test' },
      { name: 'Smith, John', address: 'john@x.test' },
      { name: 'Pat "the boss" <Prospect>', address: 'pat@prospect.test' },
      { name: 'back\\slash; semi', address: 'bs@x.test' },
      { name: '', address: 'lee@prospect.test' },
      { name: '李雷', address: 'li@例子.测试' }
    ]
    const text = formatAddressList(recipients)
    expect(parseAddressList(text)).toEqual({ addresses: recipients, invalid: [] })
    expect(text).toContain('"Smith, John" <john@x.test>')
  })

  it('leaves out a name that is an address, which would read as a second recipient', () => {
    const text = formatAddressList([{ name: 'boss@x.test', address: 'pat@prospect.test' }])
    expect(text).toBe('pat@prospect.test')
    expect(parseAddressList(text).addresses).toEqual([{ name: '', address: 'pat@prospect.test' }])
  })
})

describe('recipients as the core sends them', () => {
  const account = { id: 1, email: 'me@rapport.test', displayName: 'Me' } as AccountRecord
  const compose = (input: { to: Parameters<typeof composeOutgoing>[2]['to']; cc?: string[] }) =>
    composeOutgoing(
      account,
      new MailQueries(memoryWorkspace().db),
      { subject: 'Hi', text: 'x', ...input },
      new Date('2024-03-05T10:00:00Z')
    )

  it('sends a Unicode domain in its ASCII form, in the envelope and in the headers', async () => {
    const composed = await compose({ to: [{ name: 'Jens', address: 'info@müller.de' }] })
    expect(composed.recipients).toEqual(['info@xn--mller-kva.de'])
    const head = composed.raw.toString('latin1').split('\r\n\r\n')[0]!
    expect(head).toMatch(/^To: Jens <info@xn--mller-kva\.de>$/m)
  })

  it('keeps the names and sends to each address once, leaving out of Cc who is in To', async () => {
    const composed = await compose({
      to: [{ name: 'Smith, John', address: 'john@x.com' }, 'ana@x.com', 'ANA@x.com'],
      cc: ['John@X.com', 'boss@x.com', 'Boss@x.com']
    })
    expect(composed.recipients).toEqual(['john@x.com', 'ana@x.com', 'boss@x.com'])
    const parsed = await simpleParser(composed.raw)
    expect(parsed.to).toMatchObject({ text: '"Smith, John" <john@x.com>, ana@x.com' })
    expect(parsed.cc).toMatchObject({ text: 'boss@x.com' })
  })
})
