import type { Address } from '../../../src-preload/contract'

export type SmartTag = 'contact' | 'lead'

type Addressed = { from: Address | null; to: Address[]; cc: Address[]; text?: string | null }

/** "local+tag@domain" -> base "local@domain" and tag "tag" (lower-cased). */
export function splitPlus(address: string): { base: string; tag: string | null } {
  const lower = address.toLowerCase()
  const match = /^([^+@]+)\+([^@]*)@(.+)$/.exec(lower)
  return match ? { base: `${match[1]}@${match[3]}`, tag: match[2]! } : { base: lower, tag: null }
}

/** One of the user's addresses, with or without a +tag (unknown +tags are simply ignored). */
export function isOwnAddress(address: string, own: ReadonlySet<string>): boolean {
  return own.has(splitPlus(address).base)
}

/** The smart tags of a message: `you+contact@` and `you+lead@` among its To and Cc. */
export function smartTags(message: Addressed, own: ReadonlySet<string>): Set<SmartTag> {
  const tags = new Set<SmartTag>()
  for (const a of [...message.to, ...message.cc]) {
    const { base, tag } = splitPlus(a.address)
    if (!own.has(base)) continue
    if (tag === 'contact') tags.add('contact')
    if (tag === 'lead') tags.add('lead')
  }
  return tags
}

const FORWARDED_FROM = /^\s*(?:>\s*)*(?:From|Von|De|Dari|发件人|寄件者)\s*[:：]\s*(.*)$/im

/**
 * Who a smart-addressed message is really about: its sender when that is someone else, or, when
 * the user forwarded it, the sender quoted in the forwarded header ("From: Name <addr>").
 */
export function originalSender(message: Addressed, own: ReadonlySet<string>): Address | null {
  if (message.from && !isOwnAddress(message.from.address, own)) return message.from
  const line = message.text ? FORWARDED_FROM.exec(message.text) : null
  if (line) {
    const parsed = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>/.exec(line[1]!) ?? /^()([^\s<>]+@[^\s<>]+)/.exec(line[1]!)
    if (parsed && !isOwnAddress(parsed[2]!, own))
      return { name: parsed[1]!.replace(/^"|"$/g, '').trim(), address: parsed[2]!.toLowerCase() }
  }
  return null
}
