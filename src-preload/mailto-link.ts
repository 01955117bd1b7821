// A mailto: link read as Rapport's composer takes it (RFC 6068): whom to write to, the subject and
// the text. Shared by the main process (links from mail HTML, which only it sees) and the page
// (links in plain-text mail and the app), so both open the same New message. No electron, no zod:
// the preload checks what crosses with its own schema (mailto-bridge.ts).

/** The fields of a mailto link; everything else it asks for (attach=, in-reply-to=…) is dropped. */
export type MailtoFields = {
  to: string[]
  cc: string[]
  bcc: string[]
  subject: string
  body: string
}

/** As the contract takes a message: at most 500 recipients per field and a 998-character subject. */
export const MAILTO_LIMITS = { recipients: 500, address: 998, subject: 998, body: 10_000_000 } as const

/** Whether `url` is a mailto link (any case, leading blanks as a browser ignores them). */
export function isMailtoLink(url: string): boolean {
  return /^\s*mailto:/i.test(url)
}

/** The link's fields, or null when it is not a mailto link. */
export function parseMailto(url: string): MailtoFields | null {
  if (!isMailtoLink(url)) return null
  // A mailto URL has no fragment: RFC 6068 writes a '#' in a field as %23.
  const rest = url
    .trim()
    .replace(/^mailto:/i, '')
    .split('#')[0]!
  const question = rest.indexOf('?')
  const path = question === -1 ? rest : rest.slice(0, question)
  const query = question === -1 ? '' : rest.slice(question + 1)
  const fields: MailtoFields = { to: addresses(path), cc: [], bcc: [], subject: '', body: '' }
  let subject: string | null = null
  let body: string | null = null
  for (const field of query.split('&')) {
    const equals = field.indexOf('=')
    const name = decode(equals === -1 ? field : field.slice(0, equals)).toLowerCase()
    const value = equals === -1 ? '' : field.slice(equals + 1)
    if (name === 'to' || name === 'cc' || name === 'bcc') fields[name].push(...addresses(value))
    // The first of a repeated subject or body counts, as in the mail programs that read them.
    else if (name === 'subject') subject ??= decode(value)
    else if (name === 'body') body ??= decode(value)
  }
  return {
    to: fields.to.slice(0, MAILTO_LIMITS.recipients),
    cc: fields.cc.slice(0, MAILTO_LIMITS.recipients),
    bcc: fields.bcc.slice(0, MAILTO_LIMITS.recipients),
    // A subject is one line; a link's %0D%0A must not make it two.
    subject: (subject ?? '').replace(/[\r\n]+/g, ' ').slice(0, MAILTO_LIMITS.subject),
    // RFC 6068 writes a line break as %0D%0A; the composer's text has plain \n.
    body: (body ?? '').replace(/\r\n?/g, '\n').slice(0, MAILTO_LIMITS.body)
  }
}

/**
 * Comma-separated addresses, each decoded on its own: a %2C inside one stays in it. A line break
 * (%0A) becomes a space: the one-line To field drops it from what it shows, not from what it
 * sends, so 'boss@…%0Aeve@…' read as one odd address and went to both.
 */
function addresses(raw: string): string[] {
  return raw
    .split(',')
    .map((part) =>
      decode(part)
        .replace(/[\r\n]+/g, ' ')
        .trim()
    )
    .filter((address) => address.length > 0 && address.length <= MAILTO_LIMITS.address)
}

/**
 * %XX escapes as UTF-8; '+' stays a plus sign (RFC 6068, unlike a web form). A broken escape
 * ('100%') is kept as written rather than losing the whole field.
 */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}
