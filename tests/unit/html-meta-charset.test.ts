import { describe, expect, it } from 'vitest'
import { declaredHtmlCharset, mentionsHtmlCharset } from '../../src-main/core/mail/html-meta-charset'

const doc = (head: string, body = '<p>x</p>') =>
  `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`

describe('the charset an HTML document declares', () => {
  it.each([
    ['<meta charset="gb2312">', 'gb2312'],
    ["<meta charset='big5'>", 'big5'],
    ['<meta charset=shift_jis>', 'shift_jis'],
    ['<META CHARSET="Windows-1251">', 'windows-1251'],
    ['<meta charset=" koi8-r ">', 'koi8-r'],
    ['<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', 'gb2312'],
    ['<META HTTP-EQUIV=content-type CONTENT="text/html;charset=EUC-KR">', 'euc-kr'],
    ["<meta content='text/html; charset=\"euc-jp\"' http-equiv='Content-Type'>", 'euc-jp'],
    ['<meta http-equiv="content-type" content="text/html; CHARSET = iso-8859-2; x=y"/>', 'iso-8859-2'],
    ['<meta http-equiv="Content-Type" content="text/html; charset=ISO-2022-JP">', 'iso-2022-jp']
  ])('reads %s', (meta, charset) => {
    expect(declaredHtmlCharset(doc(`<title>t</title>${meta}`))).toBe(charset)
  })

  it('takes the first declaration it can decode, skipping an unknown one', () => {
    expect(
      declaredHtmlCharset(doc('<meta charset="x-klingon"><meta charset="gbk"><meta charset="big5">'))
    ).toBe('gbk')
  })

  it('ignores UTF-8 and the other Unicode labels: mailparser already read the part so', () => {
    for (const label of ['utf-8', 'UTF8', 'utf-16', 'unicode-1-1-utf-8']) {
      expect(declaredHtmlCharset(doc(`<meta charset="${label}"><meta charset="gb2312">`))).toBeNull()
    }
  })

  it('ignores a charset iconv-lite does not know', () => {
    expect(declaredHtmlCharset(doc('<meta charset="x-made-up-8">'))).toBeNull()
    expect(
      declaredHtmlCharset(doc('<meta http-equiv="Content-Type" content="text/html; charset=">'))
    ).toBeNull()
  })

  it('reads a declaration of ASCII as windows-1252, as browsers do', () => {
    expect(declaredHtmlCharset(doc('<meta charset="us-ascii">'))).toBe('windows-1252')
  })

  it('needs http-equiv Content-Type for the charset in content', () => {
    expect(
      declaredHtmlCharset(doc('<meta name="description" content="text/html; charset=gb2312">'))
    ).toBeNull()
    expect(declaredHtmlCharset(doc('<meta http-equiv="refresh" content="5; charset=gb2312">'))).toBeNull()
  })

  it('ignores what is not a meta tag or is commented out', () => {
    expect(declaredHtmlCharset(doc('<metadata charset="gb2312"><!-- <meta charset="big5"> -->'))).toBeNull()
    expect(declaredHtmlCharset(doc('<title>charset=gb2312</title>'))).toBeNull()
  })

  it('reads attributes as browsers do: a > inside quotes is in the value, a repeated one counts once', () => {
    expect(declaredHtmlCharset(doc('<meta name="a>b" charset="big5">'))).toBe('big5')
    expect(declaredHtmlCharset(doc('<meta charset="big5" charset="gb2312">'))).toBe('big5')
  })

  it('looks only in the head', () => {
    expect(declaredHtmlCharset(doc('', '<meta charset="gb2312">'))).toBeNull()
    expect(declaredHtmlCharset('<html><body><p>hi</p><meta charset="gb2312"></body></html>')).toBeNull()
    // A fragment with no head: the declaration at its start still counts.
    expect(declaredHtmlCharset('<meta charset="gb2312"><p>hi</p>')).toBe('gb2312')
  })

  it('looks only at the first 4 KB, as a browser commits to an encoding early', () => {
    const style = `<style>${'p{margin:0}\n'.repeat(400)}</style>`
    expect(style.length).toBeGreaterThan(4096)
    expect(declaredHtmlCharset(doc(`<meta charset="gb2312">${style}`))).toBe('gb2312')
    expect(declaredHtmlCharset(doc(`${style}<meta charset="gb2312">`))).toBeNull()
  })
})

describe('whether HTML mentions a charset anywhere', () => {
  it('finds a declaration past the head, as in the later part of several HTML parts joined', () => {
    expect(mentionsHtmlCharset(`<p>${'x'.repeat(10_000)}</p><br/>\n${doc('<meta charset="big5">')}`)).toBe(
      true
    )
  })

  it('does not count UTF-8, unknown or commented-out declarations', () => {
    expect(
      mentionsHtmlCharset(doc('<meta charset="utf-8"><meta charset="x-made-up"><!--<meta charset=big5>-->'))
    ).toBe(false)
  })
})
