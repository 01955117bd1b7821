import { describe, expect, it } from 'vitest'
import { parseAutoconfig } from '../../src-main/core/providers/autoconfig'

const doc = (incoming: string, outgoing: string) => `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="example.net">
  <displayName>Example</displayName>
  ${incoming}
  ${outgoing}
</emailProvider></clientConfig>`

const server = (
  kind: 'incomingServer' | 'outgoingServer',
  type: string,
  host: string,
  port: number,
  socket: string
) =>
  `<${kind} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socket}</socketType>
   <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></${kind}>`

describe('autoconfig documents as providers write them', () => {
  it('fills %EMAILDOMAIN% in a host name, as Thunderbird does (hosting companies serve one file for all their domains)', () => {
    const xml = doc(
      server('incomingServer', 'imap', 'mail.%EMAILDOMAIN%', 993, 'SSL'),
      server('outgoingServer', 'smtp', 'mail.%EMAILDOMAIN%', 465, 'SSL')
    )
    const found = parseAutoconfig(xml, 'ana@customer.example')
    expect(found.imap).toEqual({ host: 'mail.customer.example', port: 993, security: 'tls' })
    expect(found.smtp).toEqual({ host: 'mail.customer.example', port: 465, security: 'tls' })
  })

  it('takes the encrypted IMAP server when the document offers a plain one first', () => {
    const xml = doc(
      server('incomingServer', 'imap', 'imap.example.net', 143, 'plain') +
        server('incomingServer', 'imap', 'imap.example.net', 993, 'SSL'),
      server('outgoingServer', 'smtp', 'smtp.example.net', 25, 'plain') +
        server('outgoingServer', 'smtp', 'smtp.example.net', 587, 'STARTTLS')
    )
    const found = parseAutoconfig(xml, 'ana@example.net')
    expect(found.imap).toEqual({ host: 'imap.example.net', port: 993, security: 'tls' })
    expect(found.smtp).toEqual({ host: 'smtp.example.net', port: 587, security: 'starttls' })
  })
})

describe('placeholders with an internationalized domain', () => {
  it('puts the domain in a host name as punycode', () => {
    const xml = doc(
      server('incomingServer', 'imap', 'imap.%EMAILDOMAIN%', 993, 'SSL'),
      server('outgoingServer', 'smtp', 'smtp.%EMAILDOMAIN%', 465, 'SSL')
    )
    expect(parseAutoconfig(xml, 'ana@bücher.example').imap.host).toBe('imap.xn--bcher-kva.example')
  })

  it('puts an internationalized host name the file spells out as punycode too', () => {
    const xml = doc(
      server('incomingServer', 'imap', 'imap.bücher.example', 993, 'SSL'),
      server('outgoingServer', 'smtp', 'SMTP.Bücher.example', 465, 'SSL')
    )
    const found = parseAutoconfig(xml, 'ana@bücher.example')
    expect([found.imap.host, found.smtp.host]).toEqual([
      'imap.xn--bcher-kva.example',
      'smtp.xn--bcher-kva.example'
    ])
  })
})

describe('fields a hostile document inflates with placeholders', () => {
  const withUser = (username: string) =>
    doc(
      server('incomingServer', 'imap', 'imap.example.net', 993, 'SSL').replace(
        '<username>%EMAILADDRESS%</username>',
        `<username>${username}</username>`
      ),
      server('outgoingServer', 'smtp', 'smtp.example.net', 465, 'SSL')
    )
  const longLocal = `${'a'.repeat(64)}@example.net`

  it('refuses a user name that expands to hundreds of kilobytes, rather than suggesting it', () => {
    const xml = withUser('%EMAILADDRESS%'.repeat(4_000))
    expect(xml.length).toBeLessThan(64 * 1024)
    expect(() => parseAutoconfig(xml, longLocal)).toThrow(/user name is longer than 320 characters/)
  })

  it('keeps a long but real user name, and refuses one with a line break', () => {
    expect(parseAutoconfig(withUser('%EMAILADDRESS%'), longLocal).user).toBe(longLocal)
    expect(() => parseAutoconfig(withUser('ana\nA1 LOGOUT'), 'ana@example.net')).toThrow(/control characters/)
  })

  it('suggests the address when the document names no user name (<username></username>)', () => {
    for (const empty of ['', '  '])
      expect(parseAutoconfig(withUser(empty), 'ana@example.net').user).toBe('ana@example.net')
    const selfClosing = withUser('').replace('<username></username>', '<username/>')
    expect(parseAutoconfig(selfClosing, 'ana@example.net').user).toBe('ana@example.net')
  })

  it('refuses a host name with a label longer than DNS allows (63) or with a port', () => {
    const withHost = (host: string) =>
      doc(
        server('incomingServer', 'imap', host, 993, 'SSL'),
        server('outgoingServer', 'smtp', 'smtp.example.net', 465, 'SSL')
      )
    expect(() => parseAutoconfig(withHost('imap.%EMAILLOCALPART%.example.net'), longLocal)).toThrow(
      /IMAP host name/
    )
    expect(() => parseAutoconfig(withHost('imap.example.net:993'), 'ana@example.net')).toThrow(
      /IMAP host name/
    )
    // A fully qualified name keeps working, without its root dot.
    expect(parseAutoconfig(withHost('imap.example.net.'), 'ana@example.net').imap.host).toBe(
      'imap.example.net'
    )
  })
})
