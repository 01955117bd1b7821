import { describe, expect, it } from 'vitest'
import {
  bodyStyle,
  cleanInlineStyle,
  cleanStyleSheet,
  unwrapStyleComments
} from '../../src-renderer/src/features/thread/mail-css'

// Whether a cleaned stylesheet could still make the browser fetch: the browser reads the
// escapes the cleaner left, so the check does too.
const fetches = (css: string) => /url\s*\((?!\s*['"]?data:)|@import|image-set\s*\(|\\/i.test(css)

describe('stylesheets of mail', () => {
  it('keeps ordinary styling and data: images', () => {
    const css = 'p.MsoNormal{margin:0;color:#c00000} td{background:url(data:image/png;base64,AA)}'
    expect(cleanStyleSheet(css)).toBe(css)
  })

  it('cannot fetch through url(), @import or image-set()', () => {
    for (const css of [
      'body{background:url(https://t.example/a)}',
      '@import "https://t.example/a.css"; p{color:red}',
      'div{background-image:-webkit-image-set("https://t.example/a" 1x)}',
      '@font-face{font-family:x;src:local(a),url(https://t.example/font)}'
    ]) {
      expect(cleanStyleSheet(css), css).not.toSatisfy(fetches)
    }
  })

  it('cannot fetch through url or @import spelled with CSS escapes', () => {
    for (const css of [
      'body{background:\\75rl(https://t.example/a)}',
      'body{background:\\000075 rl(https://t.example/a)}',
      'body{background:u\\72l(https://t.example/a)}',
      '@\\69mport "https://t.example/a.css";',
      '@font-face{font-family:x;src:\\75rl(https://t.example/font)}',
      // An escaped backslash must not leave one behind to start another escape.
      'body{background:\\5c 75rl(https://t.example/a)}',
      'body{background:\\\\75rl(https://t.example/a)}',
      'body{background:\\'
    ]) {
      expect(cleanStyleSheet(css), css).not.toSatisfy(fetches)
    }
  })

  it('keeps escaped font names, as Outlook writes Chinese ones', () => {
    expect(cleanStyleSheet('p{font-family:\\5B8B\\4F53;}')).toBe('p{font-family:宋体;}')
    expect(cleanStyleSheet('p{font-family:Microsoft\\20YaHei}')).toBe('p{font-family:Microsoft YaHei}')
  })

  it('cannot close the <style> it goes back into', () => {
    expect(cleanStyleSheet('p{color:red}</style><img src=x>')).not.toContain('<')
  })
})

describe('inline styles of mail', () => {
  it('drops only the declarations that could fetch, escapes included', () => {
    expect(cleanInlineStyle('color:red;background:url(https://t.example/a);margin:0')).toBe(
      'color:red;margin:0'
    )
    expect(cleanInlineStyle('color:red;background:\\75rl(https://t.example/a)')).toBe('color:red')
  })
})

describe("Outlook's commented stylesheets", () => {
  it('loses the <!-- --> wrapper and keeps the rules', () => {
    expect(unwrapStyleComments('<!--\np.MsoNormal{color:red}\n-->')).toBe('\np.MsoNormal{color:red}\n')
    expect(unwrapStyleComments('p{color:red}</style>')).toBe('p{color:red}</style>')
  })
})

describe("the mail's own <body> styling", () => {
  it('becomes an inline style, its own style last so it wins as it would', () => {
    expect(bodyStyle({ bgcolor: '#111111', text: 'EEEEEE', style: 'color:#ffffff;margin:0' })).toBe(
      'background-color:#111111;color:#EEEEEE;color:#ffffff;margin:0'
    )
    expect(bodyStyle({ bgcolor: 'black' })).toBe('background-color:black')
    expect(bodyStyle({})).toBe('')
  })

  it('keeps only colours from bgcolor and text, and nothing that could fetch from style', () => {
    expect(bodyStyle({ bgcolor: 'red;background:url(https://t.example/a)', text: 'rgb(1,2,3)' })).toBe('')
    expect(bodyStyle({ style: 'background:url(https://t.example/a);color:#eee' })).toBe('color:#eee')
  })

  it('quotes a background image so its URL cannot end the declaration', () => {
    expect(bodyStyle({ background: 'https://t.example/a")x;color:red' })).toBe(
      'background-image:url("https://t.example/a%22)x;color:red")'
    )
  })
})
