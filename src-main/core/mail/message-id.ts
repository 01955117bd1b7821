import { createHash } from 'node:crypto'

// Whitespace inside the brackets too: the obsolete syntax allows it (RFC 5322 4.5.4) and it is
// no part of the id. Matched without it, "<a b@x>" fell to the bare-token rule below as
// "<b@x>>", the id of every "<… b@x>" as well: different messages were stored as one.
const ANGLE_ID = /<([^<>]+)>/g

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
  for (const match of text.matchAll(ANGLE_ID)) {
    const id = match[1]!.replace(/\s+/g, '')
    if (id) seen.add(`<${id}>`)
  }
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

/**
 * Identity for a message fetched under a Message-ID that a different message stored first
 * already has (see message-store's collision check): its own, stable across re-syncs of it, and
 * made up, so no server search looks for it under the other message's id.
 */
export function collidingMessageId(parts: { messageId: string; date: number; from: string }): string {
  const digest = createHash('sha256')
    .update(`collision\n${parts.messageId}\n${parts.date}\n${parts.from.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32)
  return `<sha256.${digest}${SYNTHETIC_DOMAIN}>`
}

const SYNTHETIC_DOMAIN = '@rapport.invalid'

/** Whether Rapport made this id up (the message had none): no server search can find it. */
export const isSyntheticMessageId = (messageId: string): boolean => messageId.endsWith(`${SYNTHETIC_DOMAIN}>`)
