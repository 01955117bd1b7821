// A text or HTML part labelled US-ASCII that holds 8-bit bytes: Outlook and old mailers label
// windows-1252 text so, smart quotes, "€" and accented letters and all. mailparser does not decode
// a part labelled ASCII: it reads it as UTF-8 and keeps U+FFFD where each such byte was. Browsers
// and Thunderbird read the label as windows-1252 (WHATWG Encoding), so, as in
// text-charset-relabel.ts, the part is labelled that in a copy of the message, which is parsed
// again. A body that is UTF-8 is left as it is: UTF-8 labelled ASCII reads as its sender wrote it.
import { isUtf8 } from 'node:buffer'
import type { MimeNode } from '@zone-eu/mailsplit'
import { relabelPartCharsets } from './part-charset-relabel'

/** What WHATWG Encoding reads the labels "us-ascii" and "ascii" as. */
const ASCII_LABEL_CHARSET = 'windows-1252'

/**
 * Whether mailparser's text or HTML may hold 8-bit bytes of a part labelled ASCII, read as UTF-8:
 * a look for U+FFFD is all that undamaged mail costs.
 */
export function mayNeedAsciiRelabel(text: string | undefined, html: string | false | undefined): boolean {
  return (text?.includes('\uFFFD') ?? false) || (typeof html === 'string' && html.includes('\uFFFD'))
}

/**
 * The raw message with each text/plain and text/html part labelled ASCII whose bytes are not
 * UTF-8 labelled windows-1252 instead; null when no part was.
 */
export function relabelAsciiParts(raw: Buffer): Promise<Buffer | null> {
  return relabelPartCharsets(raw, isAsciiLabelledText, (body) => (isUtf8(body) ? null : ASCII_LABEL_CHARSET))
}

function isAsciiLabelledText(node: MimeNode): boolean {
  const text = node.contentType === 'text/plain' || node.contentType === 'text/html'
  return text && isAsciiLabel(node.charset) && node.disposition !== 'attachment'
}

/** The labels mailparser does not decode but reads as UTF-8 (its own test, in mail-parser.js). */
function isAsciiLabel(charset: string | false): boolean {
  return !!charset && ['ascii', 'usascii'].includes(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''))
}
