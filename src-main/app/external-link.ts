// Which links from mail and the app leave it for the system: the browser for http(s), the mail
// handler for mailto. Kept apart from Electron so the rule is tested under plain Node.

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
  const kept = [...parsed.searchParams].filter(([name]) => MAILTO_FIELDS.has(name.toLowerCase()))
  parsed.search = new URLSearchParams(kept).toString()
  return parsed.toString()
}
