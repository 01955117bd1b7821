// The earlier conversation an HTML reply carries at its end, found in the sanitized (inert) DOM
// and wrapped in one element, so the thread view can hide it until "Show quoted text" (the
// frame's stylesheet hides it: mail-srcdoc.ts). DOM calls only, never regexes on markup. Only a
// trailing quote folds: a quote with an answer after it (an inline reply) is left alone, as are
// forwards and a message that is nothing but the quote.
import { isForwardSubject } from '../../../../src-preload/contract/subject-prefixes'
import { FORWARD_WORDS, FROM_FIELD, ORIGINAL_MESSAGE, isAttribution } from './text-quote'

export const QUOTE_ATTR = 'data-rapport-quote'

// The quote itself: Gmail, Apple Mail and Thunderbird (type=cite), Yahoo, Proton.
const QUOTE_ELEMENTS = [
  'div.gmail_quote',
  'blockquote.gmail_quote',
  'blockquote[type="cite" i]',
  'div.yahoo_quoted',
  'div.protonmail_quote'
].join(',')
// Where the quote starts, everything after it at its level being the quoted mail: Outlook on the
// web (#appendonsend, #divRplyFwdMsg), new Outlook, Hotmail and Zimbra's rules.
const QUOTE_STARTS = [
  '#appendonsend',
  '#divRplyFwdMsg',
  '#mail-editor-reference-message-container',
  'hr#stopSpelling',
  'hr#zwchr'
].join(',')
// A wrapper div inside these would be moved out of them when the frame parses the document.
const NO_WRAPPING_IN = new Set('TABLE TBODY THEAD TFOOT TR UL OL DL SELECT P'.split(' '))

function hasContent(node: Node): boolean {
  if (node.nodeType === Node.TEXT_NODE) return (node.textContent ?? '').trim() !== ''
  if (node.nodeType !== Node.ELEMENT_NODE) return false
  const element = node as Element
  if (element.tagName === 'IMG') return true
  return (element.textContent ?? '').trim() !== '' || element.querySelector('img') !== null
}

function contentSibling(node: Node, direction: 'previous' | 'next'): Node | null {
  let at = direction === 'previous' ? node.previousSibling : node.nextSibling
  while (at && !hasContent(at)) at = direction === 'previous' ? at.previousSibling : at.nextSibling
  return at
}

/** Whether nothing with content comes after `node` in the body, outside it. */
function endsTheBody(node: Node, body: HTMLElement): boolean {
  for (let at: Node | null = node; at && at !== body; at = at.parentNode) {
    if (contentSibling(at, 'next')) return false
  }
  return true
}

/** Whether something with content comes before `node` in the body, outside it. */
function hasContentBefore(node: Node, body: HTMLElement): boolean {
  for (let at: Node | null = node; at && at !== body; at = at.parentNode) {
    if (contentSibling(at, 'previous')) return true
  }
  return false
}

/**
 * Outlook desktop (Word) writes no marker: a div with a top border holding "From: … Sent: …",
 * or a paragraph "-----Original Message-----".
 */
function wordHeaderStart(body: HTMLElement): Element | null {
  for (const element of body.querySelectorAll('div, p')) {
    const { text, whole } = leadingText(element)
    if (whole && ORIGINAL_MESSAGE.test(text)) return element
    const style = element.getAttribute('style') ?? ''
    if (element.tagName === 'DIV' && /border-top\s*:\s*solid/i.test(style) && FROM_FIELD.test(text))
      return element
  }
  return null
}

/**
 * The element's text, trimmed, read only as far as a header needs (`max` characters; `whole`
 * when that is all of it). Not textContent: every div's and p's whole text was read, the mail's
 * size times its depth (4.8 s for 5 MB of text in 500 nested divs, at each render of the frame).
 */
function leadingText(element: Element, max = 2_000): { text: string; whole: boolean } {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let text = ''
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    text += node.nodeValue ?? ''
    if (text.length > max) return { text: text.slice(0, max).trim(), whole: false }
  }
  return { text: text.trim(), whole: true }
}

/** A quote element, with the attribution line just before it ("On …, Bob wrote:"), if any. */
function withAttribution(quote: Element): Node {
  const before = contentSibling(quote, 'previous')
  if (!before || before.nodeType !== Node.ELEMENT_NODE) return quote
  const element = before as Element
  const text = (element.textContent ?? '').trim()
  return element.classList.contains('moz-cite-prefix') || isAttribution(text) ? element : quote
}

/**
 * The start marker lifted to the child of the element that holds the quoted mail after it:
 * Word puts its header div inside a div of its own, with the quoted paragraphs after that div.
 */
function liftStart(start: Node, body: HTMLElement): Node {
  let at = start
  while (at.parentNode && at.parentNode !== body && !contentSibling(at, 'next')) {
    const parent = at.parentNode
    if (contentSibling(at, 'previous')) break
    at = parent
  }
  return at
}

/**
 * Whether a quote container (Gmail's div) has answers between its quotes: Gmail keeps an inline
 * reply inside the div, so folding the div would hide what was written.
 */
function holdsAnswers(container: Element): boolean {
  if (container.tagName === 'BLOCKQUOTE') return false
  let seenQuote = false
  for (const child of container.childNodes) {
    if (!hasContent(child)) continue
    const isQuote = child instanceof Element && child.tagName === 'BLOCKQUOTE'
    if (seenQuote && !isQuote) return true
    seenQuote ||= isQuote
  }
  return false
}

type QuoteRange = { first: Node; last: Node }

function trailingQuoteElement(body: HTMLElement): QuoteRange | null {
  for (const quote of body.querySelectorAll(QUOTE_ELEMENTS)) {
    if (!endsTheBody(quote, body) || holdsAnswers(quote)) continue
    return { first: withAttribution(quote), last: quote }
  }
  return null
}

function trailingQuoteStart(body: HTMLElement): QuoteRange | null {
  const start = body.querySelector(QUOTE_STARTS) ?? wordHeaderStart(body)
  if (!start) return null
  const first = liftStart(start, body)
  const parent = first.parentNode
  if (!parent || !endsTheBody(parent, body)) return null
  return { first, last: parent.lastChild! }
}

/** The first and last node (siblings) of the trailing quote, the one starting earliest, or null. */
function findTrailingQuote(body: HTMLElement): QuoteRange | null {
  const quotes = [trailingQuoteElement(body), trailingQuoteStart(body)].filter((q) => q !== null)
  quotes.sort((a, b) =>
    a.first.compareDocumentPosition(b.first) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
  )
  return quotes[0] ?? null
}

/**
 * Wraps the body's trailing quote in a <div data-rapport-quote>, and says whether it did. Any
 * such attribute the mail brought is removed first, so a mail cannot hide its own text with it.
 * `subject`, the message's: a forward (Outlook heads it as it heads a reply's quote) never folds.
 */
export function wrapTrailingQuote(body: HTMLElement, subject: string): Element | null {
  for (const element of body.querySelectorAll(`[${QUOTE_ATTR}]`)) element.removeAttribute(QUOTE_ATTR)
  if (isForwardSubject(subject)) return null
  const quote = findTrailingQuote(body)
  if (!quote) return null
  const parent = quote.first.parentNode
  if (!parent || (parent instanceof Element && NO_WRAPPING_IN.has(parent.tagName))) return null
  if (!hasContentBefore(quote.first, body)) return null
  if (FORWARD_WORDS.test((quote.first.textContent ?? '').slice(0, 300))) return null
  const wrapper = body.ownerDocument.createElement('div')
  wrapper.setAttribute(QUOTE_ATTR, '')
  parent.insertBefore(wrapper, quote.first)
  for (let node: Node | null = quote.first; node;) {
    const next: Node | null = node === quote.last ? null : node.nextSibling
    wrapper.append(node)
    node = next
  }
  return wrapper
}
