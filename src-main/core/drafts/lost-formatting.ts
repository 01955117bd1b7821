// Whether a draft's HTML says more than its text can: Rapport's composer writes plain text, so
// continuing such a draft (server-drafts.ts) drops its bold, lists, links, images and tables.
// The message a reply quotes is not counted: its text keeps the quote as "> " lines.
// The UI asks before it does, and the other program's copy then stays in Drafts until the
// message is sent or thrown away. HTML that is only paragraphs and line breaks (what a phone
// saves for plain words) loses nothing, and asks nothing.
import { DomUtils, parseDocument } from 'htmlparser2'

type Node = ReturnType<typeof parseDocument>['children'][number]
type Element = Extract<Node, { attribs: unknown }>

/** Elements that are only structure, or say nothing shown: their text reads the same as plain text. */
const PLAIN = new Set([
  'html',
  'head',
  'body',
  'title',
  'meta',
  'style',
  'link',
  'base',
  'div',
  'p',
  'span',
  'br',
  'wbr',
  // Outlook's empty paragraph marker.
  'o:p'
])

/** Left out, not read: their content is not shown in the message. */
const UNSHOWN = new Set(['head', 'script', 'template', 'noscript'])

/**
 * Styles that show on the words themselves. Fonts and sizes are left out: mail programs set them
 * on everything by default (Outlook's Calibri 11pt), and a plain-text message shows in the
 * reader's font anyway.
 */
const VISIBLE_STYLE =
  /(?:^|;)\s*(?:font-weight\s*:\s*(?:bold|bolder|[6-9]00)|font-style\s*:\s*(?:italic|oblique)|text-decoration(?:-line)?\s*:\s*(?:underline|line-through|overline)|(?:background-)?color\s*:|background\s*:\s*(?!none|transparent)\S)/i

/** True when the HTML has formatting, links, images or tables that its text alone would lose. */
export function losesFormatting(html: string | null | undefined): boolean {
  if (!html) return false
  return parseDocument(html).children.some(formatted)
}

function formatted(node: Node): boolean {
  if (!DomUtils.isTag(node)) return false
  const name = node.name.toLowerCase()
  if (name === 'a') return linkSaysMore(node)
  // The message a reply quotes (a phone's reply draft always has one): its text comes as quoted
  // lines ("> "), and what its formatting was matters no more than in any plain-text reply.
  if (name === 'blockquote' || /\bgmail_quote\b/.test(DomUtils.getAttributeValue(node, 'class') ?? ''))
    return false
  if (!PLAIN.has(name)) return true
  if (VISIBLE_STYLE.test(DomUtils.getAttributeValue(node, 'style') ?? '')) return true
  if (UNSHOWN.has(name)) return false
  return node.children.some(formatted)
}

/**
 * A link is kept when its words are its address, which the reader's mail program links again
 * (`example.com` for http://example.com/, an address for its mailto:); words of their own, or an
 * image or formatting inside, are lost with the address.
 */
function linkSaysMore(link: Element): boolean {
  if (link.children.some(formatted)) return true
  const href = DomUtils.getAttributeValue(link, 'href')
  if (href === undefined) return false
  return bare(DomUtils.textContent(link)) !== bare(href)
}

/** An address as its words may give it: no scheme, no mailto:, no closing slash, any case. */
function bare(address: string): string {
  return address
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/$/, '')
    .toLowerCase()
}
