import { shell, type WebContents } from 'electron'
import { MAILTO_CHANNEL } from '../../src-preload/host-hooks'
import { parseMailto } from '../../src-preload/mailto-link'
import { externalLink } from './external-link'

/** Opens a link in the user's browser or mail handler, only for allow-listed protocols. */
export function openExternalSafely(url: string): void {
  const link = externalLink(url)
  if (link !== null) void shell.openExternal(link)
}

/**
 * Whether a navigation goes to the app's own page: `appUrl` is its index.html (a file: URL) or,
 * in development, the dev server. Only that one file counts, not any file: a file dropped on the
 * window is a navigation to it, and a saved HTML attachment opened that way would run its own
 * script in a window that looks like Rapport.
 */
export function isAppPage(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url)
    const app = new URL(appUrl)
    if (app.protocol !== 'file:') return target.origin === app.origin
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname
  } catch {
    return false
  }
}

/**
 * A link followed in a window: a mailto link opens Rapport's own New message in that window (its
 * page gets the link's fields, and the user still sends), never the system's mail program; others
 * go to the system browser if allowed.
 */
function followLink(contents: WebContents, url: string): void {
  const mailto = parseMailto(url)
  if (mailto) contents.send(MAILTO_CHANNEL, mailto)
  else openExternalSafely(url)
}

/**
 * Windows never navigate away from the app and never open new Electron windows: links from
 * mail go to the system browser instead (Electron security checklist items 13 and 14), or for
 * mailto to the composer.
 */
export function lockDownNavigation(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppPage(url, appUrl)) {
      event.preventDefault()
      followLink(contents, url)
    }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    followLink(contents, url)
    return { action: 'deny' }
  })
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Mail HTML lives only in sandboxed srcdoc iframes, which inherit this policy on top of their
  // own: remote images stay blocked there until the user allows them for a message.
  "img-src 'self' data: https: http:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' about: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'"
].join('; ')
