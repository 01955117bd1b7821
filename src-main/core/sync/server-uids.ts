// Where stored messages are on the server now: their locations as the store has them, and their
// UIDs in the selected folder, found by Message-ID when the folder was renumbered.
import type { Database, Statement } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { uidsByMessageId } from './message-id-search'

/** A message's location on the server, with its folder's path. */
export type Location = {
  message_pk: number
  uid: number
  uid_validity: number
  folder_id: number
  path: string
}

/** The server locations of the messages in a JSON array of ids, in folders still on the server. */
export const LOCATIONS_OF = `SELECT l.message_pk, l.uid, l.uid_validity, f.id AS folder_id, f.path
  FROM message_locations l JOIN folders f ON f.id = l.folder_id
  WHERE l.message_pk IN (SELECT value FROM json_each(?)) AND l.uid > 0 AND f.on_server = 1
  ORDER BY f.id, l.uid`

/** Stored Message-IDs, for finding messages on the server by them. */
export class StoredMessageIds {
  private readonly byPk: Statement

  constructor(db: Database) {
    this.byPk = db.prepare('SELECT message_id FROM messages WHERE id = ?')
  }

  of(messagePk: number): string | null {
    return (this.byPk.get(messagePk) as { message_id: string } | undefined)?.message_id ?? null
  }

  /** The Message-IDs of these messages (one no longer stored is left out). */
  ofAll(messagePks: number[]): string[] {
    return messagePks.flatMap((messagePk) => this.of(messagePk) ?? [])
  }
}

/**
 * Where these messages are in the selected folder now. A folder the server renumbered since
 * they were stored (a new UIDVALIDITY, which the next pass will find) has them under new UIDs:
 * they are looked up by Message-ID, so the user's change is not dropped. A message without a
 * Message-ID header (Rapport made one up) cannot be found that way; the pass re-imports it.
 */
export async function onServerNow<T extends { messagePk: number; uid: number; uidValidity: number }>(
  client: ImapFlow,
  items: T[],
  ids: StoredMessageIds
): Promise<T[]> {
  // No folder selected: NaN, equal to nothing (Number(false) would be 0, a renumbered mark).
  const uidValidity = client.mailbox ? Number(client.mailbox.uidValidity) : NaN
  const current = items.filter((i) => i.uidValidity === uidValidity)
  const stale = items.flatMap((item) => {
    if (item.uidValidity === uidValidity) return []
    const messageId = ids.of(item.messagePk)
    return messageId === null ? [] : [{ item, messageId }]
  })
  if (stale.length === 0) return current
  // Not "gone": taken for gone, the message would be marked deleted once the move completes.
  const found = await uidsByMessageId(
    client,
    stale.map((s) => s.messageId),
    'search for the messages to change'
  )
  for (const { item, messageId } of stale)
    for (const uid of found.get(messageId) ?? []) current.push({ ...item, uid, uidValidity })
  return current
}
