// CSS from mail, cleaned as text so that it cannot fetch or run anything: no url() but data:,
// no @import, image-set() or expression(), no "<" to break out of <style>. Pure string work,
// shared by the sanitizer's inline styles and <style> elements (see sanitize-mail-html.ts).

// CSS that could fetch or run something. Escapes (\) are dropped because they can spell url(.
const UNSAFE_DECLARATION = /url\s*\(|image-set\s*\(|expression\s*\(|@import|behavior\s*:|-moz-binding|\\/i

/** An inline style attribute without the declarations that could fetch or run something. */
export function cleanInlineStyle(style: string): string {
  return style
    .split(';')
    .filter((declaration) => declaration.trim() && !UNSAFE_DECLARATION.test(declaration))
    .join(';')
}

// One CSS escape: up to six hex digits and an optional space, an escaped newline, any other
// escaped character, or a backslash at the very end.
const ESCAPE = /\\(?:([0-9a-f]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\s\S])|$)/gi
// What an escape may turn into: characters that can only continue a name or a value.
// Anything else ("\5c" for another backslash, quotes, brackets, "*" or "/" of a comment)
// would change how the stylesheet is read, so such escapes are dropped.
function isNameCharacter(character: string): boolean {
  return /^[\w\- ]$/.test(character) || (character.codePointAt(0) ?? 0) > 0x7f
}

/**
 * Writes escapes as the characters they stand for, so the filters below see what the browser
 * will see: "\75rl(" is url(, "@\69mport" is @import. Outlook's "font-family:\5B8B\4F53"
 * becomes 宋体. No backslash is left, so the browser cannot decode anything the filters missed.
 */
function decodeEscapes(css: string): string {
  return css.replace(ESCAPE, (_escape, hex: string | undefined, literal: string | undefined) => {
    let character = literal ?? ''
    if (hex !== undefined) {
      const codePoint = Number.parseInt(hex, 16)
      const valid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
      character = valid ? String.fromCodePoint(codePoint) : ''
    }
    return isNameCharacter(character) ? character : ''
  })
}

/** The text of a <style> element of the mail, made unable to fetch; to go back inside <style>. */
export function cleanStyleSheet(css: string): string {
  return (
    decodeEscapes(css)
      .replace(/@import[^;]*;?/gi, '')
      .replace(/url\s*\((?!\s*['"]?data:)[^)]*\)/gi, 'none')
      .replace(/(image-set|expression)\s*\(/gi, 'none(')
      // Re-serialized inside <style>, so "<" could only ever be used to break out of it.
      .replace(/</g, '')
  )
}

/**
 * Outlook and Word wrap their stylesheets in "<!-- … -->" for mail clients of the 1990s. CSS
 * ignores these markers, but DOMPurify removes a <style> whose text holds "<!" or "</" (it
 * could be markup in an XML reading), which lost every such mail's styling. Only the markers
 * go; a stylesheet with any other "<" is still removed.
 */
export function unwrapStyleComments(css: string): string {
  return css.replace(/<!--|-->/g, '')
}

/** What the mail's own <body> says about its look, its attributes already cleaned. */
export type BodyLook = {
  bgcolor?: string | null
  text?: string | null
  /** A background image the sanitizer kept: data:, or remote once the user allowed images. */
  background?: string | null
  style?: string | null
}

// The colours of bgcolor= and text=: a name or hex, with or without "#" as browsers accept them.
const LEGACY_COLOR = /^(?:#?([0-9a-f]{3}|[0-9a-f]{6})|([a-z]+))$/i

function legacyColor(value: string | null | undefined): string | null {
  const match = LEGACY_COLOR.exec(value?.trim() ?? '')
  if (!match) return null
  return match[1] ? `#${match[1]}` : match[2]!
}

/**
 * The mail's <body> styling as one inline style for the <body> of the srcdoc, which has only
 * the body's content: without it a dark design with light text showed as light text on white.
 * Presentational attributes become declarations because any stylesheet (Rapport's defaults
 * included) would override them; the mail's own style comes last and wins, as it would.
 */
export function bodyStyle(look: BodyLook): string {
  const declarations: string[] = []
  const background = legacyColor(look.bgcolor)
  if (background) declarations.push(`background-color:${background}`)
  const color = legacyColor(look.text)
  if (color) declarations.push(`color:${color}`)
  if (look.background) {
    // Inside url("…"): a quote, backslash or newline could end the string, so they are encoded.
    const url = look.background.replace(/["\\\r\n\f]/g, (c) => encodeURIComponent(c))
    declarations.push(`background-image:url("${url}")`)
  }
  const style = cleanInlineStyle(look.style ?? '').trim()
  if (style) declarations.push(style)
  return declarations.join(';')
}
