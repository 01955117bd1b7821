import { createHash } from 'node:crypto'

const ANGLE_ID = /<([^<>\s]+)>/g

/** "<Abc@Host>" with angle brackets, whitespace removed; null when there is nothing usable. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null
  const ids = extractMessageIds(value)
  if (ids.length > 0) return ids[0] ?? null
  const bare = value.trim().replace(/\s+/g, '')
  return bare ? `<${bare}>` : null
}

/** Every id in a References / In-Reply-To value, in order, without duplicates. */
export function extractMessageIds(value: string | string[] | null | undefined): string[] {
  if (!value) return []
  const text = Array.isArray(value) ? value.join(' ') : value
  const seen = new Set<string>()
  for (const match of text.matchAll(ANGLE_ID)) seen.add(`<${match[1]}>`)
  if (seen.size === 0) {
    // Some mailers omit the brackets; accept bare tokens that look like ids.
    for (const token of text.split(/[\s,]+/)) if (token.includes('@')) seen.add(`<${token}>`)
  }
  return [...seen]
}

/** Identity for a message without a Message-ID: stable across re-syncs of the same message. */
export function syntheticMessageId(parts: {
  date: number
  from: string
  subject: string
  size: number
}): string {
  const digest = createHash('sha256')
    .update(`${parts.date}\n${parts.from.toLowerCase()}\n${parts.subject}\n${parts.size}`)
    .digest('hex')
    .slice(0, 32)
  return `<sha256.${digest}${SYNTHETIC_DOMAIN}>`
}

const SYNTHETIC_DOMAIN = '@rapport.invalid'

/** Whether Rapport made this id up (the message had none): no server search can find it. */
export const isSyntheticMessageId = (messageId: string): boolean => messageId.endsWith(`${SYNTHETIC_DOMAIN}>`)
