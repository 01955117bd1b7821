// Where a link in mail really goes, shown before it is followed: the frame runs no script and the
// app has no status bar, so each link's title (its tooltip) is its destination, set by the
// sanitizer over any title the mail gave it (which could lie). Plain string logic, tested in Node.

const SAFE_LINK = /^(https?:|mailto:|tel:)/i

/**
 * The URL a link's href opens, written as the browser reads it (blanks and tabs dropped, a
 * Unicode host in its xn-- form, which shows a look-alike letter), or null if it may not open.
 * A user name and password are dropped: mail has no use for them, and in
 * https://mybank.example@evil.example/ they are there to make the title name another host.
 */
export function linkDestination(href: string): string | null {
  const trimmed = href.trim()
  if (!SAFE_LINK.test(trimmed)) return null
  try {
    const url = new URL(trimmed)
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      url.username = ''
      url.password = ''
    }
    return url.href
  } catch {
    return null
  }
}

/** A host as the text writes it, and as a URL has it (xn--, lower case) to compare. */
type Host = { written: string; ascii: string }

/**
 * The host a link's visible text names, when it reads as a web address ('https://…', 'www.…'):
 * what a reader takes for the host, which ends at an '@' too ('https://mybank.example@evil…').
 */
function hostRead(text: string): Host | null {
  const shown = text.trim()
  if (!/^(https?:\/\/|www\.)\S+$/i.test(shown)) return null
  const written = shown.replace(/^https?:\/\//i, '').split(/[/?#:@\\]/)[0]!
  try {
    const ascii = new URL(`https://${written}`).hostname
    return ascii.includes('.') ? { written: written.toLowerCase(), ascii } : null
  } catch {
    return null
  }
}

/** The host a link's visible text names, as the text writes it, or null if it names none. */
export function hostShown(text: string): string | null {
  return hostRead(text)?.written ?? null
}

/** One host is the other or within it (www.bank.example shows bank.example's page). */
function sameSite(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`)
}

/**
 * The host a link goes to when its text names another one (text 'https://mybank.example', going
 * to evil.example): the classic phishing link. Null when the text names no host or the same site.
 */
export function misleadingHost(destination: string, text: string): { shown: string; real: string } | null {
  const shown = hostRead(text)
  if (!shown) return null
  let real: string
  try {
    const url = new URL(destination)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    real = url.hostname
  } catch {
    return null
  }
  // Said as the text writes it: a Chinese or German host in its xn-- form is not what it shows.
  return sameSite(shown.ascii, real) ? null : { shown: shown.written, real }
}
