// A multipart boundary with 8-bit bytes in it (boundary="=_Teil_ä" in Latin-1, as some old mailers
// write it): mailsplit reads a header line that is not UTF-8 as Latin-1, but looks for the
// boundary in the body as the UTF-8 of that text, so it finds no delimiter line and the message's
// whole body, text and attachments, was lost. In a copy of the message, which mailparser reads
// instead, each such boundary is replaced by an ASCII one, in its header and its delimiter lines.
import { isUtf8 } from 'node:buffer'

// The boundary of a Content-Type header, which may be folded; quoted, or a token.
const BOUNDARY_PARAM =
  /^content-type:(?:[^\n]|\n(?=[ \t]))*?[;\s]boundary\s*=\s*(?:"([^"\r\n]*)"|([^\s;"]+))/gim
const EIGHT_BIT = /[\u0080-\u00ff]/

/**
 * The raw message with each multipart boundary that holds 8-bit bytes replaced by an ASCII one
 * found nowhere in it; null when none does. A message that is UTF-8 throughout is not read: its
 * boundaries match as they are (mailsplit reads their header lines as UTF-8), and that is nearly
 * all mail.
 */
export function asciiBoundaries(raw: Buffer): Buffer | null {
  if (isUtf8(raw)) return null
  // Latin-1 keeps one character per byte, so the copy is the message, byte for byte, elsewhere.
  let text = raw.toString('latin1')
  const boundaries = new Set<string>()
  for (const [, quoted, token] of text.matchAll(BOUNDARY_PARAM)) {
    const boundary = quoted ?? token ?? ''
    if (EIGHT_BIT.test(boundary)) boundaries.add(boundary)
  }
  if (boundaries.size === 0) return null
  let count = 0
  for (const boundary of boundaries) {
    const ascii = unusedBoundary(text, count++)
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    text = text
      // Its parameter, wherever a header names it (a forwarded message's own header too).
      .replace(new RegExp(`([;\\s]boundary\\s*=\\s*"?)${escaped}(?=["\\s;]|$)`, 'gi'), `$1${ascii}`)
      // Its delimiter lines: "--" and the boundary at a line's start, then "--", space or the line's end.
      .replace(new RegExp(`(^|\\n)--${escaped}(?=--|[ \\t]*(?:\\r?\\n|$))`, 'g'), `$1--${ascii}`)
  }
  return Buffer.from(text, 'latin1')
}

/** A boundary the message does not hold anywhere, so it can delimit nothing but its parts. */
function unusedBoundary(text: string, index: number): string {
  for (let attempt = 0; ; attempt++) {
    const boundary = `=_rapport_ascii_boundary_${index}_${attempt}`
    if (!text.includes(boundary)) return boundary
  }
}
