// A multipart boundary with 8-bit bytes in it (boundary="=_Teil_ä" in Latin-1, as some old mailers
// write it): mailsplit reads a header line that is not UTF-8 as Latin-1, but looks for the
// boundary in the body as the UTF-8 of that text, so it finds no delimiter line and the message's
// whole body, text and attachments, was lost. In a copy of the message, which mailparser reads
// instead, each such boundary is replaced by an ASCII one, in its header and its delimiter lines.
import { isAscii, isUtf8 } from 'node:buffer'

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

// A boundary parameter whose value holds an 8-bit byte, in any header (a nested part's, a
// forwarded message's): what asciiBoundaries would replace. One found in a body's text too only
// costs the message a second, whole fetch.
const EIGHT_BIT_BOUNDARY_PARAM = /[;\s]boundary\s*=\s*(?:"[^"\r\n]*|[^\s;"]*)[\u0080-\u00ff]/i
/** How much of the pieces before is looked at with the next: a boundary parameter's length, and more. */
const CARRIED_CHARS = 1024

/**
 * Watches a message read from a stream, piece by piece, for a multipart boundary with 8-bit
 * bytes. A stream cannot be read again with the boundary replaced (asciiBoundaries), and one in a
 * nested part's header leaves no trace in mailparser's reading but a lost body: such a message
 * must be fetched whole. Pieces of plain ASCII, nearly all of a large message, are only checked
 * as such.
 */
export class EightBitBoundaryWatch {
  private found = false
  /** The end of the pieces seen: a parameter may start in one piece and its 8-bit byte come in the next. */
  private carried = ''

  see(piece: Buffer): void {
    if (this.found) return
    const tail = piece.subarray(Math.max(0, piece.length - CARRIED_CHARS)).toString('latin1')
    if (!isAscii(piece)) this.found = EIGHT_BIT_BOUNDARY_PARAM.test(this.carried + piece.toString('latin1'))
    this.carried = (this.carried + tail).slice(-CARRIED_CHARS)
  }

  /** Whether a piece seen held a boundary parameter with an 8-bit byte. */
  get seen(): boolean {
    return this.found
  }
}

/** A boundary the message does not hold anywhere, so it can delimit nothing but its parts. */
function unusedBoundary(text: string, index: number): string {
  for (let attempt = 0; ; attempt++) {
    const boundary = `=_rapport_ascii_boundary_${index}_${attempt}`
    if (!text.includes(boundary)) return boundary
  }
}
