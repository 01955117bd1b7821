// Header text sent as raw 8-bit bytes instead of RFC 2047 words, as old mailers and some bulk
// mail still do, mostly in Latin-1 or windows-1252: mailparser reads every header as UTF-8 and
// keeps U+FFFD where a byte was not, so "Café crème" from "René Müller" was stored, shown and
// found as "Caf� cr�me" from "Ren� M�ller", with no bytes left to read it again from.
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { decoderFor } from './charset-label'

/** No header block is longer; past this the rest is left as it is (mailparser has its own limit). */
const MAX_HEADER_BYTES = 256 * 1024
const FALLBACK_CHARSET = 'windows-1252'
/** How far into the message a part's Content-Type is looked for. */
const CHARSET_SEARCH_BYTES = 64 * 1024

/**
 * The raw message with each line of its top-level header that is not UTF-8 read in the charset
 * it names (else windows-1252, as Thunderbird and browsers do) and written as
 * UTF-8; null when every header line is UTF-8 already, as in nearly all mail. Lines that are
 * UTF-8 are kept: one header in Latin-1 does not turn a UTF-8 one next to it into mojibake.
 */
export function utf8HeaderLines(raw: Buffer): Buffer | null {
  const end = headerEnd(raw)
  const head = raw.subarray(0, end)
  if (isUtf8(head)) return null
  return Buffer.concat([utf8Lines(head, legacyCharsetOf(raw)), raw.subarray(end)])
}

/**
 * A header block with each line that is not UTF-8 read in `charset` and written as UTF-8, the
 * others kept as they are. One pass: linear in the block, however many lines it has.
 */
export function utf8Lines(head: Buffer, charset: string): Buffer {
  const lines: Buffer[] = []
  for (let start = 0; start < head.length;) {
    const newline = head.indexOf(0x0a, start)
    const next = newline === -1 ? head.length : newline + 1
    const line = head.subarray(start, next)
    lines.push(isUtf8(line) ? line : Buffer.from(iconv.decode(line, charset), 'utf8'))
    start = next
  }
  return Buffer.concat(lines)
}

/** Where the top-level header block ends (its blank line included), within MAX_HEADER_BYTES. */
function headerEnd(raw: Buffer): number {
  const window = raw.subarray(0, MAX_HEADER_BYTES)
  const crlf = window.indexOf('\r\n\r\n')
  const end = crlf === -1 ? window.length : crlf + 4
  // A bare-LF blank line counts only before that one: for CRLF mail (nearly all) this reads the
  // header again, not the whole window.
  const lf = window.subarray(0, end).indexOf('\n\n')
  return lf === -1 ? end : Math.min(end, lf + 2)
}

/**
 * The decoder to read unlabelled 8-bit text of this message with: that of the charset it names,
 * else windows-1252.
 */
export function legacyCharsetOf(message: Buffer): string {
  return declaredCharset(message) ?? FALLBACK_CHARSET
}

/**
 * The first legacy charset the message names, in its Content-Type or a part's (a multipart
 * message names it only in its parts): mail whose body is GB2312 or ISO-8859-2 was written by a
 * program that wrote its raw headers in that charset too, as Thunderbird assumes.
 */
function declaredCharset(message: Buffer): string | null {
  // Latin-1 keeps one character per byte, so the ASCII of the headers reads the same. A
  // parameter may be on a folded line of its own.
  const whole = message.subarray(0, CHARSET_SEARCH_BYTES).toString('latin1')
  // An attached message (a forwarded .eml) names its own charsets: they say nothing of this one's.
  const attached = whole.search(/^content-type:\s*message\/(?:rfc822|global)\b/im)
  const text = attached === -1 ? whole : whole.slice(0, attached)
  for (const [, charset] of text.matchAll(/^content-type:(?:[^\n]|\n[ \t])*?charset\s*=\s*"?([\w.:-]+)/gim)) {
    // UTF-8 named for bytes that are not: the usual Western fallback reads them best.
    if (/^(utf-?8|us-ascii|ascii)$/i.test(charset!)) continue
    // As mailparser reads the body that names it: "iso-8859-1" is windows-1252 (charset-label.ts).
    const decoder = decoderFor(charset!)
    if (decoder && asciiCompatible(decoder)) return decoder
  }
  return null
}

/** Tab, CR, LF and printable ASCII: what a header line's names, addresses and encoded words are. */
const ASCII_PROBE = '\t\r\n' + Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('')

/**
 * Whether the charset reads ASCII bytes as ASCII. Named by a text attachment, UTF-16 (or UTF-7,
 * or iconv-lite's "base64") would turn each 8-bit line whole into other characters, its field
 * name and addresses too, and charset-less text likewise: the next charset named is taken instead.
 */
function asciiCompatible(charset: string): boolean {
  return iconv.decode(Buffer.from(ASCII_PROBE, 'latin1'), charset) === ASCII_PROBE
}
