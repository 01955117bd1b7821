// A mailbox's plain-text signature in the text of a message: put at its end, after the RFC 3676
// sig dash ("-- " alone on a line, trailing space included), below a blank line. For the core,
// the CLI and the UI alike; without zod, so the renderer can import it without the schemas.
//
// At the end even in a forward: mail programs take everything after "-- " as the signature (they
// grey it out, and leave it out of a quote), so one above the forwarded message would take that
// message along.

/** A signature may be this long, in characters (accounts.setSignature refuses longer). */
export const SIGNATURE_MAX_CHARS = 10_000

export const SIGNATURE_TOO_LONG = `A signature may be at most ${SIGNATURE_MAX_CHARS.toLocaleString('en')} characters long.`

const SIG_DASH = '-- '

/**
 * As kept: line ends as \n, no blank lines or spaces around it. A line of its own that is the sig
 * dash is taken out: the separator is put in once, above it.
 */
export function normalizeSignature(signature: string): string {
  const lines = signature.replace(/\r\n?/g, '\n').trim().split('\n')
  const body = lines[0]?.trimEnd() === '--' ? lines.slice(1) : lines
  return body.join('\n').trim()
}

/** `text` with `signature` after it; without one, `text` as it is. */
export function withSignature(text: string, signature: string): string {
  if (signature === '') return text
  return `${text.trimEnd()}\n\n${SIG_DASH}\n${signature}`
}

/**
 * The text still ends with `signature` as it was put in (spaces after it aside). No signature is
 * untouched by anything: a mailbox without one leaves nothing to change.
 */
export function endsWithSignature(text: string, signature: string): boolean {
  if (signature === '') return true
  const block = `${SIG_DASH}\n${signature}`
  const end = text.trimEnd()
  if (!end.endsWith(block)) return false
  const start = end.length - block.length
  return start === 0 || end[start - 1] === '\n'
}

/** What the user wrote: the text without `signature` at its end (when untouched there). */
export function writtenText(text: string, signature: string | undefined): string {
  if (!signature || !endsWithSignature(text, signature)) return text
  const block = `${SIG_DASH}\n${signature}`
  return text.trimEnd().slice(0, -block.length).trimEnd()
}

/**
 * The From changed: `from`'s signature, still untouched at the end, gives way to `to`'s. Null
 * when the user changed it (or wrote below it): then it stays as they made it.
 */
export function swapSignature(text: string, from: string, to: string): string | null {
  if (!endsWithSignature(text, from)) return null
  return withSignature(writtenText(text, from), to)
}
