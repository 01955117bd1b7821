import { decoderFor } from './charset-label'

/**
 * How far into a document a browser looks for its <meta> charset before it commits to an
 * encoding. The HTML standard's prescan reads 1024 bytes; mailers put long <style> blocks and
 * comments first, so a little more, but never past the head.
 */
const HEAD_PREFIX = 4096

// Unquoted text stops at "<" too: one that did not would, from every unclosed "<meta", scan to the
// end of the document, quadratic in its size (a hostile 240 KB message took 15 s).
const META_TAG = /<meta(?=[\s/>])((?:"[^"]*"|'[^']*'|[^"'<>])*)>/gi
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g
// The charset inside http-equiv's content, as the HTML standard extracts it: quoted, or up to ";".
const CONTENT_CHARSET = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i

/**
 * The charset the <meta> of an HTML document declares, as a browser's prescan finds it:
 * `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">`, the first
 * one it can decode, within the head. Null when none does, or when it declares UTF-8 (then the
 * body is what mailparser already assumed). The value is the label as written, lower-cased,
 * for mailparser to resolve (it maps gb2312 to GBK, as browsers do).
 */
export function declaredHtmlCharset(html: string): string | null {
  for (const label of metaCharsets(headPrefix(html))) {
    if (isUtf(label)) return null
    const charset = decodable(label)
    if (charset) return charset
  }
  return null
}

/**
 * Whether a <meta> anywhere in the text declares a charset other than UTF-8 that could be
 * decoded. For mailparser's html, which joins all HTML parts of a message into one string, so
 * a part's head can be anywhere in it: a cheap test for whether to look at the parts at all.
 */
export function mentionsHtmlCharset(html: string): boolean {
  for (const label of metaCharsets(withoutComments(html))) {
    if (!isUtf(label) && decodable(label)) return true
  }
  return false
}

function headPrefix(html: string): string {
  const prefix = withoutComments(html.slice(0, HEAD_PREFIX))
  const bodyStart = prefix.search(/<\/head\s*>|<body[\s/>]/i)
  return bodyStart < 0 ? prefix : prefix.slice(0, bodyStart)
}

// A commented-out <meta> declares nothing; an unclosed comment hides the rest.
function withoutComments(html: string): string {
  return html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
}

function* metaCharsets(html: string): Generator<string> {
  for (const [, attributeText = ''] of html.matchAll(META_TAG)) {
    const attributes = new Map<string, string>()
    for (const [, name = '', double, single, bare] of attributeText.matchAll(ATTRIBUTE)) {
      // As in browsers, the first of a repeated attribute counts.
      const key = name.toLowerCase()
      if (!attributes.has(key)) attributes.set(key, double ?? single ?? bare ?? '')
    }
    const label = attributes.has('charset')
      ? attributes.get('charset')
      : attributes.get('http-equiv')?.trim().toLowerCase() === 'content-type'
        ? contentCharset(attributes.get('content') ?? '')
        : undefined
    const trimmed = label?.trim().toLowerCase()
    if (trimmed) yield trimmed
  }
}

function contentCharset(content: string): string | undefined {
  const match = CONTENT_CHARSET.exec(content)
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined
}

// Any Unicode label: one that says UTF-16 in ASCII is not UTF-16, and browsers read it as UTF-8.
function isUtf(label: string): boolean {
  return /^(?:utf|unicode)/.test(label)
}

/**
 * The label mailparser should be given, or null when it could not decode it. mailparser decodes
 * with iconv-lite (after libmime's mapping, see charset-label.ts), ISO-2022-JP with its own
 * decoder, and reads ASCII as UTF-8; a document declaring ASCII but holding 8-bit bytes is
 * windows-1252, as browsers read it.
 */
function decodable(label: string): string | null {
  if (/^(?:us-?)?ascii$/.test(label)) return 'windows-1252'
  if (/^jis|^iso-?2022-?jp/.test(label)) return label
  return decoderFor(label) ? label : null
}
