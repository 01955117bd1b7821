import { describe, expect, it } from 'vitest'
import type { MessageDetail, ThreadSummary } from '../../src-preload/contract'
import { parseAddressList } from '../../src-renderer/src/features/composer/address-list'
import { replySubject, replyTarget } from '../../src-renderer/src/features/composer/reply-target'
import { linkify } from '../../src-renderer/src/features/thread/linkify'

const thread = { subject: 'Quote' } as ThreadSummary
const msg = (overrides: Partial<MessageDetail>) =>
  ({
    messageId: '<m@x>',
    subject: 'Quote',
    direction: 'in',
    from: null,
    to: [],
    ...overrides
  }) as MessageDetail

describe('reply target', () => {
  it('does not double the Re: prefix', () => {
    expect(replySubject('Quote')).toBe('Re: Quote')
    expect(replySubject('RE: Quote')).toBe('RE: Quote')
    expect(replySubject('Re[2]: Quote')).toBe('Re[2]: Quote')
  })

  it('answers the sender of received mail, and the recipient of our own last message', () => {
    const received = msg({ from: { name: 'Carlos', address: 'carlos@x.test' }, messageId: '<in@x>' })
    expect(replyTarget(thread, [received])).toEqual({
      to: 'carlos@x.test',
      toName: 'Carlos',
      subject: 'Re: Quote',
      inReplyTo: '<in@x>'
    })
    const ours = msg({
      direction: 'out',
      from: { name: 'Me', address: 'me@x.test' },
      to: [{ name: '', address: 'dewi@x.test' }]
    })
    expect(replyTarget(thread, [received, ours])?.to).toBe('dewi@x.test')
    expect(replyTarget(thread, [])).toBeNull()
  })
})

describe('composer address list', () => {
  it('splits on commas, semicolons and spaces and reports what is not an address', () => {
    expect(parseAddressList('a@x.test, <b@y.test>; nope  c@z.co.id')).toEqual({
      addresses: ['a@x.test', 'b@y.test', 'c@z.co.id'],
      invalid: ['nope']
    })
  })
})

describe('linkify for text mail', () => {
  it('turns URLs and addresses into links and leaves markup as text', () => {
    const parts = linkify('See https://example.com/doc). Mail me@x.test or <script>alert(1)</script>')
    expect(parts).toContainEqual({
      kind: 'link',
      text: 'https://example.com/doc',
      href: 'https://example.com/doc'
    })
    expect(parts).toContainEqual({ kind: 'link', text: 'me@x.test', href: 'mailto:me@x.test' })
    expect(
      parts
        .filter((p) => p.kind === 'text')
        .map((p) => p.text)
        .join('')
    ).toContain('<script>alert(1)</script>')
  })

  it('never links javascript: URLs', () => {
    expect(linkify('javascript:alert(1)').every((p) => p.kind === 'text')).toBe(true)
  })
})
