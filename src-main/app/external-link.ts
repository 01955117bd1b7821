// Which links leave Rapport for the system: the browser for http(s), the mail handler for mailto.
// A window's mailto links never get here (they open Rapport's own composer, security.ts); only a
// URL the core asks to open could. Kept apart from Electron so the rule is tested under plain Node.

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])
/**
 * What a mailto link may ask of a mail program: whom to write to, the subject and the body.
 * Not `attach=` / `attachment=`, with which some mail programs have attached local files (a
 * mail's link then sends the user's files to its author), nor anything else a handler may take.
 */
const MAILTO_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body', 'in-reply-to'])

/** The URL to hand to the system for `url`, or null when Rapport opens nothing for it. */
export function externalLink(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) return null
  if (parsed.protocol !== 'mailto:') return parsed.toString()
  // Each field kept as written: URLSearchParams would read '+' as a space and write a space as
  // '+', which a mail program reads as a plus sign (RFC 6068), so 'Hi%20there' became 'Hi+there'.
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((field) => MAILTO_FIELDS.has(fieldName(field)))
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : ''
  // A mailto URL has no fragment (RFC 6068 writes a '#' in a field as %23): a mail program that
  // reads its fields from all that follows '?' would take '#&attach=…' as one more.
  parsed.hash = ''
  return parsed.toString()
}

/** A mailto field's name, decoded and in lower case ('' when it cannot be decoded). */
function fieldName(field: string): string {
  try {
    return decodeURIComponent(field.split('=')[0]!).toLowerCase()
  } catch {
    return ''
  }
}
