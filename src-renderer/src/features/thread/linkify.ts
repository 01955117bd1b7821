// Splits plain text into text and link parts, so links in text mail become clickable while
// everything else stays text (React escapes it; nothing is ever parsed as HTML).

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>]+$/

/** Drops trailing punctuation, keeping a ")" that closes a "(" inside the link. */
function trimLink(raw: string): string {
  let link = raw.replace(TRAILING_PUNCTUATION, '')
  const rest = raw.slice(link.length)
  if (rest.startsWith(')') && link.split('(').length > link.split(')').length) link += ')'
  return link
}

function hrefOf(link: string): string {
  if (/^https?:\/\//i.test(link)) return link
  if (/^www\./i.test(link)) return `https://${link}`
  return `mailto:${link}`
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(LINK)) {
    const start = match.index
    const link = trimLink(match[0])
    if (!link) continue
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: link, href: hrefOf(link) })
    last = start + link.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}
