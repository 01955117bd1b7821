import { htmlToText } from 'html-to-text'

/**
 * The text of a body for search and snippets: the text part, or else the HTML made text.
 * mailparser converts the HTML only when it is the whole message (or an alternative with no
 * text part); HTML inside multipart/mixed or multipart/related with no text part (newsletters
 * with inline images, most receipts) comes back with no text at all. The conversion is
 * mailparser's own, with its defaults, so such mail reads as the HTML-only mail it converts.
 */
export function bodyText(text: unknown, html: unknown): string | null {
  if (typeof text === 'string') return text
  return typeof html === 'string' ? htmlToText(html) : null
}
