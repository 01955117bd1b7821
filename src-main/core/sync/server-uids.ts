// Where stored messages are on the server now: their locations as the store has them, and their
// UIDs in the selected folder, found by Message-ID when the folder was renumbered.
import type { Database, Statement } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { isSyntheticMessageId } from '../mail/message-id'
import type { MessageParser } from '../mail/parse-pool'
import { findByMessageId } from './message-id-search'
import { findBySyntheticId } from './synthetic-id-search'

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
    this.byPk = db.prepare('SELECT message_id, size FROM messages WHERE id = ?')
  }

  of(messagePk: number): string | null {
    return this.row(messagePk)?.message_id ?? null
  }

  /** The size of the copy Rapport imported (its RFC822.SIZE), to tell it from a namesake. */
  sizeOf(messagePk: number): number | null {
    return this.row(messagePk)?.size ?? null
  }

  private row(messagePk: number) {
    return this.byPk.get(messagePk) as { message_id: string; size: number } | undefined
  }

  /** The Message-IDs of these messages (one no longer stored is left out). */
  ofAll(messagePks: number[]): string[] {
    return messagePks.flatMap((messagePk) => this.of(messagePk) ?? [])
  }
}

/** What onServerNow needs of an item: `take` only for a move source whose UID was never known. */
type ServerItem = { messagePk: number; uid: number; uidValidity: number; take?: number }

/**
 * Where these messages are in the selected folder now. A folder the server renumbered since
 * they were stored (a new UIDVALIDITY, which the next pass will find) has them under new UIDs:
 * they are looked up by Message-ID, so the user's change is not dropped; one not found there
 * (moved or expunged since) is left out, for the caller to look for elsewhere. A message without a
 * Message-ID header (Rapport made one up) is looked up by what its id was made of (findBySyntheticId).
 * The folder may hold a Message-ID more than once (a list copy and a direct one, a sender who
 * reused it, an older copy below the import window that Rapport never showed): each item takes
 * only the copies it stands for (copiesOf), in claimOrder, so deleting or flagging the one the
 * user saw leaves its namesakes alone.
 */
export async function onServerNow<T extends ServerItem>(
  client: ImapFlow,
  items: T[],
  ids: StoredMessageIds,
  parser: MessageParser
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
  const what = 'search for the messages to change'
  // Not "gone": taken for gone, the message would be marked deleted once the move completes.
  const found = await copiesByMessageId(
    client,
    stale.filter((s) => !isSyntheticMessageId(s.messageId)).map((s) => s.messageId),
    what
  )
  // One without a Message-ID header, by what Rapport made its id of: left out, a flag change on it
  // would be dropped unsaid, and a delete refused as "moved by another program".
  const made = stale.filter((s) => isSyntheticMessageId(s.messageId))
  if (made.length > 0) {
    const wanted = made.flatMap((s) => {
      const size = ids.sizeOf(s.item.messagePk)
      return size === null ? [] : [{ messageId: s.messageId, size }]
    })
    for (const [messageId, copies] of await findBySyntheticId(client, wanted, what, parser))
      found.set(messageId, copies)
  }
  // Per message, the UIDs not yet taken by one of its items, in the order they are claimed.
  const unclaimed = new Map<number, number[]>()
  for (const { item, messageId } of stale) {
    let uids = unclaimed.get(item.messagePk)
    if (!uids) {
      uids = claimOrder(found.get(messageId) ?? [], ids.sizeOf(item.messagePk))
      unclaimed.set(item.messagePk, uids)
    }
    for (const uid of uids.splice(0, copiesOf(item))) current.push({ ...item, uid, uidValidity })
  }
  return current
}

/**
 * How many server copies a stale item stands for: one, the copy at its old UID. A move source
 * whose copy's UID was never known (MovePusher.resolveSources: the answer to the move that put it
 * there was lost) stands for its `take`, or, without one, every copy there.
 */
const copiesOf = (item: ServerItem): number => (item.uid > 0 ? 1 : (item.take ?? Infinity))

/** A message's copy in the selected folder, found by Message-ID. */
export type ServerCopy = { uid: number; size?: number }

/** The copies of each Message-ID in the selected folder, with their sizes. */
async function copiesByMessageId(
  client: ImapFlow,
  messageIds: string[],
  what: string
): Promise<Map<string, ServerCopy[]>> {
  const found = new Map<string, ServerCopy[]>()
  for await (const m of findByMessageId(client, messageIds, what, { size: true }))
    found.set(m.messageId, [...(found.get(m.messageId) ?? []), { uid: m.uid, size: m.size }])
  return found
}

/**
 * The order in which a stored message claims its copies in a renumbered folder: first those of
 * the size Rapport stored, the copy it imported (a namesake, another message under a reused id
 * or a list copy with its footer, mostly differs in size; Rapport keeps no arrival time to tell
 * them apart further), then the newest first, as claimCopies does when the pass matches the
 * folder again: the import window is the newest mail, an older twin is mail Rapport never had.
 */
export function claimOrder(copies: ServerCopy[], storedSize: number | null): number[] {
  const mismatch = (c: ServerCopy) => (c.size === storedSize ? 0 : 1)
  return [...copies].sort((a, b) => mismatch(a) - mismatch(b) || b.uid - a.uid).map((c) => c.uid)
}
