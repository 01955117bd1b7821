// Plain text sent as 8-bit bytes with no MIME charset (old mailers, scripts, some bulk mail):
// mailparser reads such a part as UTF-8 and keeps U+FFFD where each accented letter was. As in
// html-charset-relabel.ts, the part is given a charset in a copy of the message, which is parsed
// again: the one the message names elsewhere, else windows-1252, as Thunderbird reads it.
import { isUtf8 } from 'node:buffer'
import type { MimeNode } from '@zone-eu/mailsplit'
import { legacyCharsetOf } from './header-charset'
import { relabelPartCharsets } from './part-charset-relabel'

/** Whether mailparser's text may be 8-bit text read as UTF-8: all that undamaged mail costs. */
export function mayNeedTextCharset(text: string | undefined): boolean {
  return text?.includes('\uFFFD') ?? false
}

/**
 * The raw message with each text/plain part that has no MIME charset and bytes that are not
 * UTF-8 given a charset in its Content-Type; null when no part was.
 */
export function relabelTextCharsets(raw: Buffer): Promise<Buffer | null> {
  const charset = legacyCharsetOf(raw)
  return relabelPartCharsets(raw, isUnlabelledText, (body) => (isUtf8(body) ? null : charset))
}

/** A text part with no charset; one with no Content-Type at all is plain text too (RFC 2045). */
function isUnlabelledText(node: MimeNode): boolean {
  const text = node.contentType === 'text/plain' || (!node.contentType && !node.multipart)
  return text && !node.charset && node.disposition !== 'attachment'
}
