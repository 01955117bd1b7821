// Splits plain text into text and link parts, so links in text mail become clickable while
// everything else stays text (React escapes it; nothing is ever parsed as HTML).

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

// CJK punctuation (、。「」【】《》〜 and the full-width ！（），：；？), curly quotes and the ellipsis
// never belong to a URL, and Chinese and Japanese text puts them right after one without a space
// ("见https://a.com/x。谢谢"): a link ends at the first of them. Ideographs, kana and marks like
// 々 stay allowed (https://a.com/报价).
const CJK_PUNCTUATION = String.raw`\u3000-\u3004\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026`
const LINK = new RegExp(
  String.raw`\b(?:https?:\/\/|www\.)[^\s<>"'${CJK_PUNCTUATION}]+|\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b`,
  'gi'
)
const TRAILING_PUNCTUATION = new RegExp(String.raw`[.,;:!?'")\]}>${CJK_PUNCTUATION}]+$`)

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
