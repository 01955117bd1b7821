// A small vCard 3.0 / 4.0 reader (that also reads 2.1's quoted-printable values) and writer for the fields Rapport keeps. (npm's vcard4 writes
// and reads 4.0 only and `vcf` is unmaintained with extra dependencies, so this is ours.)

export type VCardPerson = {
  fullName: string
  firstName: string
  lastName: string
  emails: string[]
  phones: string[]
  company: string
  country: string
  language: string
  tags: string[]
  /** X-RAPPORT-<KEY> properties. */
  extra: Record<string, string>
}

// Every line break is written as \n, a lone CR too: names come from mail (an encoded word can
// hold =0D), and a reader that ends lines at a CR (ours, and most) would take the rest for
// properties of its own: an address added to the card, or a card of its own.
const escape = (v: string) =>
  v
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
const unescape = (v: string) =>
  v.replace(/\\([\\nN,;:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))

/** Splits on an unescaped separator. */
function splitValue(value: string, sep: ',' | ';'): string[] {
  const parts: string[] = []
  let current = ''
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && i + 1 < value.length) {
      current += value[i]! + value[i + 1]!
      i++
    } else if (value[i] === sep) {
      parts.push(current)
      current = ''
    } else current += value[i]
  }
  parts.push(current)
  return parts.map(unescape)
}

/**
 * Lines longer than 75 octets of UTF-8 are folded with CRLF + space (RFC 6350 §3.2), between
 * characters: a cut between the halves of an emoji's surrogate pair turns both into U+FFFD once
 * the text is written as UTF-8.
 */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    if (octets + size > 75) {
      out.push(current)
      current = ' '
      octets = 1
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n')
}

export function writeVCards(people: VCardPerson[], version: '3.0' | '4.0' = '4.0'): string {
  return people
    .map((p) => {
      const lines = ['BEGIN:VCARD', `VERSION:${version}`]
      lines.push(`FN:${escape(p.fullName || `${p.firstName} ${p.lastName}`.trim() || p.emails[0] || '')}`)
      lines.push(`N:${escape(p.lastName)};${escape(p.firstName)};;;`)
      for (const e of p.emails) lines.push(version === '4.0' ? `EMAIL:${e}` : `EMAIL;TYPE=INTERNET:${e}`)
      for (const t of p.phones) lines.push(version === '4.0' ? `TEL;VALUE=uri:tel:${t}` : `TEL:${t}`)
      if (p.company) lines.push(`ORG:${escape(p.company)}`)
      if (p.country) lines.push(`ADR:;;;;;;${escape(p.country)}`)
      if (p.language)
        lines.push(
          version === '4.0' ? `LANG:${escape(p.language)}` : `X-RAPPORT-LANGUAGE:${escape(p.language)}`
        )
      if (p.tags.length) lines.push(`CATEGORIES:${p.tags.map(escape).join(',')}`)
      for (const [key, value] of Object.entries(p.extra))
        lines.push(`X-RAPPORT-${key.toUpperCase()}:${escape(value)}`)
      lines.push('END:VCARD')
      return lines.map(fold).join('\r\n')
    })
    .join('\r\n')
    .concat('\r\n')
}

/** A card with nothing on it yet. */
export function blankVCard(): VCardPerson {
  return {
    fullName: '',
    firstName: '',
    lastName: '',
    emails: [],
    phones: [],
    company: '',
    country: '',
    language: '',
    tags: [],
    extra: {}
  }
}

export function parseVCards(text: string): VCardPerson[] {
  return readVCards(text)
    .filter((c) => c.ended)
    .map((c) => c.person)
}

/**
 * Every card of a file in order, each saying whether it ended: one that never does (a file cut
 * short, a card missing its END:VCARD before the next BEGIN) is not guessed at, so an import can
 * say so rather than leave it out without a word. A card in vCard 2.1's AGENT property (an
 * assistant's card, right after `AGENT:`) is part of the outer one and is skipped over whole.
 */
export function readVCards(text: string): Array<{ person: VCardPerson; ended: boolean }> {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n')
  const cards: Array<{ person: VCardPerson; ended: boolean }> = []
  let card: VCardPerson | null = null
  let nested = 0
  let previous = ''
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!
    const colon = indexOfValueColon(line)
    if (colon < 0) continue
    const [rawName, ...params] = line.slice(0, colon).split(';')
    const name = rawName!.replace(/^[^.]*\./, '').toUpperCase()
    let value = line.slice(colon + 1)
    const upper = params.map((p) => p.toUpperCase())
    if (upper.includes('ENCODING=QUOTED-PRINTABLE') || upper.includes('QUOTED-PRINTABLE')) {
      // A quoted-printable value goes on over lines that its '=' at the end breaks.
      while (value.endsWith('=') && n + 1 < lines.length) value = value.slice(0, -1) + lines[++n]
      const charset = upper.find((p) => p.startsWith('CHARSET='))?.slice(8) ?? 'UTF-8'
      value = decodeQuotedPrintable(value, charset)
    }
    const agent = previous
    previous = nested > 0 ? previous : `${name}:${value.trim()}`
    if (name === 'BEGIN' && value.toUpperCase() === 'VCARD') {
      if (card && (nested > 0 || agent === 'AGENT:')) nested++
      else {
        if (card) cards.push({ person: card, ended: false })
        card = blankVCard()
      }
      continue
    }
    if (!card) continue
    if (nested > 0) {
      if (name === 'END' && value.toUpperCase() === 'VCARD') nested--
      continue
    }
    if (name === 'END') {
      cards.push({ person: card, ended: true })
      card = null
    } else if (name === 'FN') card.fullName = unescape(value)
    else if (name === 'N') {
      const [last = '', first = ''] = splitValue(value, ';')
      card.lastName = last
      card.firstName = first
    } else if (name === 'EMAIL') card.emails.push(unescape(value).trim().toLowerCase())
    else if (name === 'TEL') card.phones.push(unescape(value).replace(/^tel:/i, '').trim())
    else if (name === 'ORG') card.company = splitValue(value, ';')[0] ?? ''
    else if (name === 'ADR') card.country = splitValue(value, ';')[6] ?? ''
    else if (name === 'LANG' || name === 'X-RAPPORT-LANGUAGE') card.language = unescape(value)
    else if (name === 'CATEGORIES')
      card.tags.push(
        ...splitValue(value, ',')
          .map((t) => t.trim())
          .filter(Boolean)
      )
    else if (name.startsWith('X-RAPPORT-')) card.extra[name.slice(10).toLowerCase()] = unescape(value)
  }
  if (card) cards.push({ person: card, ended: false })
  return cards
}

/**
 * vCard 2.1 (Android's and Outlook's export) writes values with other than ASCII in them as
 * quoted-printable: =XX is one byte of the text in the property's CHARSET.
 */
function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '=' ? /^[0-9A-F]{2}/i.exec(value.slice(i + 1, i + 3)) : null
    if (hex) {
      bytes.push(parseInt(hex[0], 16))
      i += 2
    } else bytes.push(...Buffer.from(value[i]!))
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(charset)
  } catch {
    decoder = new TextDecoder() // a charset Node does not know: UTF-8, what Android writes
  }
  return decoder.decode(Uint8Array.from(bytes))
}

/** The colon that ends the property name and parameters (parameters may hold quoted colons). */
function indexOfValueColon(line: string): number {
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted
    else if (line[i] === ':' && !quoted) return i
  }
  return -1
}
