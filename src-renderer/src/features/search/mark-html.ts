// Marks find-in-conversation matches inside a sanitized HTML mail body, before it goes into
// its sandboxed iframe. The parent cannot reach into that iframe (no allow-same-origin, by
// design), so the marks are part of the document the iframe is given. The body is parsed into
// an inert document (DOMParser runs no scripts and loads nothing), text nodes are split with
// DOM calls, and the result is serialized back: mail text never meets innerHTML of the app.
import { QUOTE_ATTR } from '../thread/html-quote'
import { findInText, foldNeedle, isFindable, type TextRange } from './find-in-text'

export const MATCH_STYLE = 'background:#fde68a;color:#1d2129;border-radius:2px'
export const ACTIVE_MATCH_STYLE =
  'background:#f59e0b;color:#1d2129;border-radius:2px;outline:2px solid #b45309'

const SKIPPED = new Set(['STYLE', 'SCRIPT', 'TEMPLATE', 'NOSCRIPT', 'TITLE'])

function textNodes(root: Node): Text[] {
  const nodes: Text[] = []
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement && SKIPPED.has(node.parentElement.tagName)
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT
  })
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
  return nodes
}

function wrap(node: Text, ranges: TextRange[], first: number, active: number | null): void {
  const doc = node.ownerDocument
  const text = node.data
  const fragment = doc.createDocumentFragment()
  let at = 0
  ranges.forEach(([start, end], i) => {
    if (start > at) fragment.append(doc.createTextNode(text.slice(at, start)))
    const mark = doc.createElement('mark')
    mark.setAttribute('style', first + i === active ? ACTIVE_MATCH_STYLE : MATCH_STYLE)
    mark.textContent = text.slice(start, end)
    fragment.append(mark)
    at = end
  })
  if (at < text.length) fragment.append(doc.createTextNode(text.slice(at)))
  node.replaceWith(fragment)
}

/**
 * The body HTML with every match of the query in a <mark> (the active one, counted from 0,
 * styled apart), and how many there are, and how many of them are in the folded quote (which
 * then opens, html-quote.ts). A match split by markup ("in<b>voice</b>") is not found.
 */
export function markHtml(
  bodyHtml: string,
  query: string,
  active: number | null
): { html: string; count: number; quoted: number } {
  // Nothing to find: the body as it is, without a parse (the common case, every render).
  if (!isFindable(foldNeedle(query))) return { html: bodyHtml, count: 0, quoted: 0 }
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${bodyHtml}</body>`, 'text/html')
  let count = 0
  let quoted = 0
  for (const node of textNodes(doc.body)) {
    const ranges = findInText(node.data, query)
    if (ranges.length === 0) continue
    if (node.parentElement?.closest(`[${QUOTE_ATTR}]`)) quoted += ranges.length
    wrap(node, ranges, count, active)
    count += ranges.length
  }
  return count === 0 ? { html: bodyHtml, count, quoted } : { html: doc.body.innerHTML, count, quoted }
}
