// What continuing another program's HTML draft as plain text would lose (lost-formatting.ts):
// formatting beyond paragraphs, links whose words are not their address, images and tables are;
// the paragraphs and line breaks phones and webmail wrap plain words in are not.
import { describe, expect, it } from 'vitest'
import { losesFormatting } from '../../src-main/core/drafts/lost-formatting'

describe('what an HTML draft would lose as plain text', () => {
  it('loses nothing for no HTML, or words in paragraphs, divs and line breaks', () => {
    expect(losesFormatting(null)).toBe(false)
    expect(losesFormatting('')).toBe(false)
    expect(losesFormatting('<div dir="ltr">Hi Ana,<div><br></div><div>See you at 10.</div></div>')).toBe(
      false
    )
    // Apple Mail's page: a head with its styles, a body styled for wrapping only.
    expect(
      losesFormatting(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>b { color: red }</style></head>' +
          '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space;"><p>Hi</p><!-- x --></body></html>'
      )
    ).toBe(false)
    // Outlook's markers, and the font it sets on everything.
    expect(
      losesFormatting(
        '<p class=MsoNormal><span style="font-family:Calibri;font-size:11pt">Hi<o:p></o:p></span></p>'
      )
    ).toBe(false)
  })

  it('loses bold, italics, colours, headings and lists', () => {
    for (const html of [
      '<p>Price: <b>200</b></p>',
      '<p><strong>200</strong></p>',
      '<p><i>soon</i></p>',
      '<span style="font-weight: bold">200</span>',
      '<span style="font-weight:700">200</span>',
      '<span style="font-style:italic">soon</span>',
      '<span style="text-decoration: underline">soon</span>',
      '<span style="color:#c00">late</span>',
      '<div style="background-color: yellow">late</div>',
      '<h1>Offer</h1>',
      '<ul><li>chairs</li></ul>',
      '<font color="red">late</font>'
    ])
      expect(losesFormatting(html), html).toBe(true)
  })

  it('does not count the message a reply quotes, formatted or not', () => {
    expect(
      losesFormatting('<div>Yes, Thursday.</div><blockquote type="cite">You <b>wrote</b></blockquote>')
    ).toBe(false)
    expect(
      losesFormatting('<div>Yes.</div><div class="gmail_quote"><div>On Mon, Ana wrote:</div><b>200</b></div>')
    ).toBe(false)
    expect(losesFormatting('<p><b>Yes.</b></p><blockquote>You wrote</blockquote>')).toBe(true)
  })

  it('keeps a link whose words are its address, and loses one with words of its own', () => {
    expect(losesFormatting('<a href="https://example.com/">https://example.com</a>')).toBe(false)
    expect(losesFormatting('See <a href="http://example.com">example.com</a>')).toBe(false)
    expect(losesFormatting('<a href="mailto:ana@client.test">ana@client.test</a>')).toBe(false)
    expect(losesFormatting('<a href="https://example.com/"><span>example.com</span></a>')).toBe(false)
    expect(losesFormatting('<a href="https://example.com/terms">our terms</a>')).toBe(true)
    expect(losesFormatting('<a href="https://example.com/"><b>example.com</b></a>')).toBe(true)
  })

  it('loses images, inline or not, and tables', () => {
    expect(losesFormatting('<p>Logo: <img src="cid:logo@phone"></p>')).toBe(true)
    expect(losesFormatting('<img src="data:image/png;base64,iVBORw0KGgo=">')).toBe(true)
    expect(losesFormatting('<a href="https://example.com/"><img src="https://example.com/x.png"></a>')).toBe(
      true
    )
    expect(losesFormatting('<table><tr><td>200 chairs</td><td>€4,000</td></tr></table>')).toBe(true)
  })
})
