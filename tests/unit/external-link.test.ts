// Links handed to the system browser or mail handler: only http(s) and mailto, and a mailto link
// without the parameters with which some mail programs attach the user's local files.
import { describe, expect, it } from 'vitest'
import { externalLink } from '../../src-main/app/external-link'

describe('links that leave Rapport', () => {
  it('opens http, https and mailto, and nothing else', () => {
    expect(externalLink('https://example.test/a?b=c')).toBe('https://example.test/a?b=c')
    expect(externalLink('http://example.test/')).toBe('http://example.test/')
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'tel:+62123',
      'nonsense'
    ])
      expect(externalLink(url), url).toBeNull()
  })

  it('keeps whom to write to, the subject and the body of a mailto link, and drops attach=', () => {
    const link = externalLink(
      'mailto:ana@example.test?subject=Hi%20there&attach=/home/user/.ssh/id_rsa&body=Hello&Attachment=~/x&cc=bo@example.test'
    )!
    const url = new URL(link)
    expect(url.pathname).toBe('ana@example.test')
    expect([...url.searchParams.keys()]).toEqual(['subject', 'body', 'cc'])
    expect(url.searchParams.get('subject')).toBe('Hi there')
  })
})

// RFC 6068: in a mailto URL '+' is a plus sign, not a space; a space is %20.
const mailtoField = (link: string, name: string): string | undefined => {
  const query = link.split('?')[1] ?? ''
  for (const part of query.split('&')) {
    const [key, value = ''] = part.split('=')
    if (decodeURIComponent(key!) === name) return decodeURIComponent(value)
  }
  return undefined
}

describe('a mailto link handed on keeps its words', () => {
  it('keeps the spaces of the subject and body (not turned into plus signs)', () => {
    const link = externalLink('mailto:ana@example.test?subject=Hi%20there&body=See%20you%20soon&attach=/x')!
    expect(mailtoField(link, 'subject')).toBe('Hi there')
    expect(mailtoField(link, 'body')).toBe('See you soon')
    expect(mailtoField(link, 'attach')).toBeUndefined()
  })

  it('keeps a literal plus sign a plus sign', () => {
    const link = externalLink('mailto:ana@example.test?subject=C++%20question')!
    expect(mailtoField(link, 'subject')).toBe('C++ question')
  })
})

// A mailto URL has no fragment (RFC 6068: a '#' in a field is written %23); mail programs that
// read the fields from everything after '?' (or after the address) read a '#…&attach=' as a field.
describe('a mailto link with a fragment', () => {
  it('does not carry attach= past the filter in a fragment', () => {
    for (const url of [
      'mailto:ana@example.test?subject=Hi#&attach=/home/user/.ssh/id_rsa',
      'mailto:ana@example.test#?attach=/home/user/.ssh/id_rsa'
    ]) {
      const link = externalLink(url)!
      expect(link, url).not.toMatch(/attach/i)
      expect(link, url).toMatch(/^mailto:ana@example\.test/)
    }
    expect(mailtoField(externalLink('mailto:ana@example.test?subject=a%23b&attach=/x')!, 'subject')).toBe('a#b')
  })

  it('keeps the rest of the link as written', () => {
    expect(externalLink('mailto:?to=ana@example.test&attach=/x')).toBe('mailto:?to=ana@example.test')
    expect(externalLink('MAILTO:ana@example.test?ATTACH=/x&Subject=Hi&&to&attach%00=/x')).toBe(
      'mailto:ana@example.test?Subject=Hi&to'
    )
    expect(externalLink('https://example.test/a?attach=1#top')).toBe('https://example.test/a?attach=1#top')
  })
})
