// Mail HTML is hostile. DOMPurify removes scripts, handlers and dangerous elements; the pass
// after it enforces our own rules on the inert document DOMPurify returns: remote images are
// blocked unless allowed (the mail's own cid: images become data: URLs of their parts' bytes),
// links may only go to http(s)/mailto/tel and say where they go (link-destination.ts), and CSS
// may not fetch.
// The iframe's sandbox and meta CSP remain the real enforcement; this keeps the markup honest.
import DOMPurify from 'dompurify'
import { wrapTrailingQuote } from './html-quote'
import { linkDestination, misleadingHost } from './link-destination'
import { bodyStyle, cleanInlineStyle, cleanStyleSheet, unwrapStyleComments } from './mail-css'

/** A cid: URL as the HTML writes it, and the image's bytes as a data:image/… URL. */
export type LoadedInlineImage = { url: string; dataUrl: string }

export type MailLayoutMetrics = {
  /** Visible characters, whitespace collapsed. */
  textLength: number
  /** Line breaks and block boundaries. */
  breaks: number
  /** Pixels of images that will load: their height attribute, or a guess (blocked ones take none). */
  imageHeight: number
}

export type SanitizedMail = {
  /** <style> elements of the mail, cleaned, to go into the srcdoc <head>. */
  styles: string
  /** The mail's own <body> styling (colours, background), to go on the srcdoc's <body>. */
  bodyStyle: string
  body: string
  blockedImages: number
  /** Remote images the mail refers to, blocked or not (none blocked once they are allowed). */
  remoteImages: number
  metrics: MailLayoutMetrics
  /**
   * With foldQuote, when the body ends in the earlier conversation (wrapped in a
   * <div data-rapport-quote>, see html-quote.ts): the metrics of the rest, for the frame's height
   * while the quote is hidden. Null when nothing folds.
   */
  foldedMetrics: MailLayoutMetrics | null
}

// A private instance, so these settings and any hooks never affect another DOMPurify user.
const purifier = DOMPurify(window)
// Runs before DOMPurify's own checks, which would otherwise remove Outlook's stylesheets.
purifier.addHook('uponSanitizeElement', (node, data) => {
  if (data.tagName === 'style') node.textContent = unwrapStyleComments(node.textContent ?? '')
})

// Active content, forms, embedded documents and media that could fetch on their own.
const FORBID_TAGS = (
  'script iframe frame frameset object embed applet form input button textarea select option ' +
  'link meta base audio video source track picture noscript template portal dialog'
).split(' ')
const FORBID_ATTR = ['srcset', 'ping', 'action', 'formaction', 'poster', 'lowsrc', 'dynsrc', 'longdesc']
const REMOTE = /^(https?:)?\/\//i
const SAFE_IMAGE = /^(data:image\/|cid:)/i
const BLOCK_TAGS = new Set('P DIV TR LI H1 H2 H3 H4 H5 H6 BLOCKQUOTE PRE HR BR'.split(' '))

export const BLOCKED_SRC_ATTR = 'data-rapport-blocked-src'

/**
 * A link's tooltip: where it goes, and when its text names another host, that it does (in the
 * user's language, so HtmlBody words it). The default gives the destination alone.
 */
export type LinkTitle = (destination: string, misleading: { shown: string; real: string } | null) => string

export type SanitizeOptions = {
  allowRemoteImages: boolean
  /** The images the mail carries, for its cid: URLs (MessageDetail.inlineImages, read). */
  inlineImages?: readonly LoadedInlineImage[]
  linkTitle?: LinkTitle
  /**
   * Wrap a trailing quote of the message with this subject so the thread view can fold it (the
   * thread view; not for counting).
   */
  foldQuote?: { subject: string }
}

const destinationOnly: LinkTitle = (destination) => destination

/**
 * Handles one remote-capable attribute: puts in the mail's own images for cid: URLs, keeps
 * other safe values, blocks or allows remote ones. Says what it did with a remote one.
 */
function guardImageUrl(
  element: Element,
  attribute: string,
  allowRemote: boolean,
  inline: ReadonlyMap<string, string>
): 'blocked' | 'allowed' | null {
  const value = element.getAttribute(attribute)?.trim() ?? ''
  const dataUrl = inline.get(value)
  if (dataUrl) {
    element.setAttribute(attribute, dataUrl)
    return null
  }
  if (!value || SAFE_IMAGE.test(value)) return null
  element.removeAttribute(attribute)
  // Relative URLs would resolve against the app's own origin: never useful, so dropped.
  if (!REMOTE.test(value)) return null
  if (allowRemote) {
    element.setAttribute(attribute, value.startsWith('//') ? `https:${value}` : value)
    return 'allowed'
  }
  element.setAttribute(attribute === 'src' ? BLOCKED_SRC_ATTR : `data-rapport-blocked-${attribute}`, value)
  return 'blocked'
}

/**
 * Keeps a link only to a safe destination, written as it will be opened, and makes its title say
 * that destination: the mail's own title on it, or on anything in it (the innermost shows on
 * hover), could name another.
 */
function guardLink(element: Element, linkTitle: LinkTitle): void {
  const destination = linkDestination(element.getAttribute('href') ?? '')
  if (destination === null) {
    element.removeAttribute('href')
  } else {
    element.setAttribute('href', destination)
    for (const inner of element.querySelectorAll('[title]')) inner.removeAttribute('title')
    const misleading = misleadingHost(destination, element.textContent ?? '')
    element.setAttribute('title', linkTitle(destination, misleading))
  }
  element.setAttribute('target', '_blank')
  element.setAttribute('rel', 'noopener noreferrer')
}

function collectMetrics(body: Element): MailLayoutMetrics {
  let breaks = 0
  let imageHeight = 0
  for (const element of body.querySelectorAll('*')) {
    if (BLOCK_TAGS.has(element.tagName)) breaks++
    if (element.tagName === 'IMG' && element.hasAttribute('src')) {
      imageHeight += Number.parseInt(element.getAttribute('height') ?? '', 10) || 120
    }
  }
  const textLength = (body.textContent ?? '').replace(/\s+/g, ' ').trim().length
  return { textLength, breaks, imageHeight }
}

/** The body's metrics less its quote's: close enough for an estimate (see estimate-mail-height.ts). */
function withoutQuote(body: MailLayoutMetrics, quote: MailLayoutMetrics): MailLayoutMetrics {
  return {
    textLength: Math.max(0, body.textLength - quote.textLength),
    breaks: Math.max(0, body.breaks - quote.breaks),
    imageHeight: Math.max(0, body.imageHeight - quote.imageHeight)
  }
}

export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedMail {
  const inline = new Map((options.inlineImages ?? []).map((image) => [image.url, image.dataUrl]))
  const linkTitle = options.linkTitle ?? destinationOnly
  // With WHOLE_DOCUMENT and RETURN_DOM, DOMPurify hands back the <html> element.
  const root = purifier.sanitize(html, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR
  }) as Element
  // DOMPurify parsed into a DOMParser document: inert, so nothing here loads or runs.
  const body = root.ownerDocument.body ?? root.ownerDocument.createElement('body')
  const remote = { blocked: 0, allowed: 0 }
  const count = (outcome: 'blocked' | 'allowed' | null) => {
    if (outcome) remote[outcome]++
  }
  for (const element of root.querySelectorAll('*')) {
    if (element.tagName === 'IMG') count(guardImageUrl(element, 'src', options.allowRemoteImages, inline))
    if (element.hasAttribute('background'))
      count(guardImageUrl(element, 'background', options.allowRemoteImages, inline))
    if (element.tagName === 'A' || element.tagName === 'AREA') guardLink(element, linkTitle)
    const style = element.getAttribute('style')
    if (style !== null) element.setAttribute('style', cleanInlineStyle(style))
  }
  const styleElements = [...root.querySelectorAll('style')]
  const styles = styleElements
    .map((style) => `<style>${cleanStyleSheet(style.textContent ?? '')}</style>`)
    .join('\n')
  for (const style of styleElements) style.remove()
  // Read after the loop above: style cleaned, a remote background kept only when allowed.
  const look = {
    bgcolor: body.getAttribute('bgcolor'),
    text: body.getAttribute('text'),
    background: body.getAttribute('background'),
    style: body.getAttribute('style')
  }
  const metrics = collectMetrics(body)
  const quote = options.foldQuote ? wrapTrailingQuote(body, options.foldQuote.subject) : null
  return {
    styles,
    bodyStyle: bodyStyle(look),
    body: body.innerHTML,
    blockedImages: remote.blocked,
    remoteImages: remote.blocked + remote.allowed,
    metrics,
    foldedMetrics: quote ? withoutQuote(metrics, collectMetrics(quote)) : null
  }
}
