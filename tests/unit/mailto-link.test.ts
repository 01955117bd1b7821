// A mailto link opens Rapport's own New message: its fields as RFC 6068 writes them, read the
// same in the main process and the page, and checked again where they cross into the page.
import { describe, expect, it } from 'vitest'
import { readMailtoFields } from '../../src-preload/mailto-bridge'
import { parseMailto } from '../../src-preload/mailto-link'

describe('a mailto link read for the composer', () => {
  it('takes whom to write to, the subject and the text, decoded as RFC 6068 says', () => {
    expect(
      parseMailto(
        'mailto:ana@example.test,bo@example.test?cc=cy@example.test&subject=C++%20question%20%26%20more' +
          '&body=Hello%20there,%0D%0A%0D%0A2+2%3D4&bcc=di@example.test'
      )
    ).toEqual({
      to: ['ana@example.test', 'bo@example.test'],
      cc: ['cy@example.test'],
      bcc: ['di@example.test'],
      subject: 'C++ question & more',
      body: 'Hello there,\n\n2+2=4'
    })
  })

  it('joins the to= fields to the addresses before the ?, and reads field names in any case', () => {
    expect(
      parseMailto('MAILTO:?To=ana@example.test,%20bo@example.test&TO=cy@example.test&CC=di@x.test')
    ).toMatchObject({ to: ['ana@example.test', 'bo@example.test', 'cy@example.test'], cc: ['di@x.test'] })
  })

  it('decodes UTF-8 and keeps a broken escape as written instead of losing the field', () => {
    expect(
      parseMailto('mailto:ana@example.test?subject=%E4%BD%A0%E5%A5%BD%20100%&body=caf%C3%A9')
    ).toMatchObject({
      subject: '你好 100%',
      body: 'café'
    })
  })

  it('drops attach= and every other field, and all after a #', () => {
    expect(
      parseMailto(
        'mailto:ana@example.test?attach=/home/me/.ssh/id_rsa&in-reply-to=%3Cx@y%3E&subject=Hi#&body=no'
      )
    ).toEqual({ to: ['ana@example.test'], cc: [], bcc: [], subject: 'Hi', body: '' })
  })

  it('keeps a subject on one line', () => {
    expect(parseMailto('mailto:a@example.test?subject=One%0D%0ATwo')?.subject).toBe('One Two')
  })

  it('reads nothing but mailto links', () => {
    expect(parseMailto('https://example.test/?to=a@example.test')).toBeNull()
    expect(parseMailto('tel:+123')).toBeNull()
    expect(parseMailto('mailto:')).toEqual({ to: [], cc: [], bcc: [], subject: '', body: '' })
  })
})

describe('the mailto fields as they cross into the page', () => {
  it('passes the fields of a link', () => {
    const fields = parseMailto('mailto:ana@example.test?subject=Hi')!
    expect(readMailtoFields(fields)).toEqual(fields)
  })

  it('refuses anything else: other keys, other types, too many addresses', () => {
    const fields = { to: ['a@example.test'], cc: [], bcc: [], subject: 'Hi', body: '' }
    expect(readMailtoFields({ ...fields, attach: '/etc/passwd' })).toBeNull()
    expect(readMailtoFields({ ...fields, to: 'a@example.test' })).toBeNull()
    expect(
      readMailtoFields({ ...fields, cc: Array.from({ length: 501 }, (_, i) => `p${i}@x.test`) })
    ).toBeNull()
    expect(readMailtoFields({ ...fields, subject: 'x'.repeat(999) })).toBeNull()
    expect(readMailtoFields('mailto:a@example.test')).toBeNull()
  })

  it('always passes what the reader makes of a link, however long', () => {
    const many = Array.from({ length: 600 }, (_, i) => `p${i}@example.test`).join(',')
    const fields = parseMailto(`mailto:${many}?subject=${'x'.repeat(2000)}&cc=${many}`)!
    expect(readMailtoFields(fields)).toEqual(fields)
    expect(fields.to).toHaveLength(500)
  })
})

describe('the addresses of a mailto link, as the To field shows them', () => {
  it('holds no line break, which the one-line field drops from what it shows but not from what is sent', () => {
    // Shown as "boss@company.testeve@evil.test" (one odd address), sent to boss and eve.
    const fields = parseMailto('mailto:boss@company.test%0D%0Aeve@evil.test?cc=cy@x.test%0Ady@x.test')!
    for (const address of [...fields.to, ...fields.cc]) expect(address).not.toMatch(/[\r\n]/)
    expect(fields.to).toEqual(['boss@company.test eve@evil.test'])
  })
})
