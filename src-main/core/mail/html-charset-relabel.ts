import { isUtf8 } from 'node:buffer'
import type { MimeNode } from '@zone-eu/mailsplit'
import { declaredHtmlCharset, mentionsHtmlCharset } from './html-meta-charset'
import { relabelPartCharsets } from './part-charset-relabel'

/** Enough of a part's bytes to hold its head (see HEAD_PREFIX in html-meta-charset.ts). */
const HEAD_BYTES = 4096
const ESC = 0x1b

/**
 * Whether mailparser's html may be HTML read in the wrong charset: it holds U+FFFD where bytes
 * were not UTF-8 (or the escapes of 7-bit ISO-2022-JP read as ASCII), and a <meta> declares
 * another charset. The first test is all that undamaged mail, nearly all of it, ever costs.
 */
export function mayNeedHtmlCharset(html: string): boolean {
  return (html.includes('\uFFFD') || html.includes('\u001b')) && mentionsHtmlCharset(html)
}

/**
 * The raw message with each text/html part that has no MIME charset, bytes that are not UTF-8
 * and a <meta> declaring a charset given that charset in its Content-Type; null when no part was.
 * mailparser reads a part with no charset as UTF-8 and keeps no bytes, so parsing this copy is
 * how it reads the HTML as the sender wrote it, as a browser would. A part whose MIME header
 * names a charset is left alone even if its <meta> disagrees: the header wins, as in Thunderbird.
 */
export function relabelHtmlCharsets(raw: Buffer): Promise<Buffer | null> {
  return relabelPartCharsets(raw, isUnlabelledHtml, (body) =>
    misreadAsUtf8(body) ? declaredCharset(body) : null
  )
}

function isUnlabelledHtml(node: MimeNode): boolean {
  return node.contentType === 'text/html' && !node.charset && node.disposition !== 'attachment'
}

function misreadAsUtf8(body: Buffer): boolean {
  return !isUtf8(body) || body.includes(ESC)
}

// Read as Latin-1, each byte stays one character, so the ASCII of a <meta> reads the same in
// any charset a mailer would declare there.
function declaredCharset(body: Buffer): string | null {
  return declaredHtmlCharset(body.subarray(0, HEAD_BYTES).toString('latin1'))
}
