import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { headerMessageIds } from './message-id-search'
import { editFlags, MessageFlags, normalizeFlags } from '../store/message-flags'
import { ThreadAggregates } from '../threading/thread-aggregates'
import type { FolderRecord, FolderRepository } from './folder-repository'
import { purgedMessageIds, rekeyPurged } from './trash-retention'
import type { PendingChanges } from './task-queue'
import { fetchMessages, sessionLost } from '../mail-server/guarded-commands'
import { draftCopyIds, followRenumberedCopies, type DatedCopy } from '../drafts/renumbered-copies'

/** What a renumbered folder still holds of the mail Rapport had there: server UID -> message. */
export type Rematch = {
  matched: Array<{ uid: number; messagePk: number; flags: string[] }>
  /** Mail Rapport purged from this folder (Trash), found again: it stays purged. */
  purged: Array<{ uid: number; messageId: string }>
  /** Not Rapport's: no Message-ID it has there, or an older twin of one (claimCopies). */
  unmatched: number[]
  /** Rapport's draft copies there (renumbered-copies.ts), with their INTERNALDATEs where given. */
  draftCopies: DatedCopy[]
}

/**
 * The server renumbered the folder (a new UIDVALIDITY): every stored UID is void. Instead of
 * downloading the folder again, fetch only each message's Message-ID header and flags, and find
 * the mail Rapport already has, and the mail it purged from Trash. That covers mail older than
 * the import window too, which a re-import would leave marked "deleted on the server" until a
 * backfill found it. Read-only: the caller applies it in the reset's own transaction
 * (`applyRematch`).
 */
export async function rematchByMessageId(
  client: ImapFlow,
  db: Database,
  folder: FolderRecord,
  uidValidity: number
): Promise<Rematch> {
  const stored = db
    .prepare(
      `SELECT m.id, m.message_id, CASE WHEN m.is_draft = 0 AND m.date_by_header = 1 THEN m.date ELSE 0 END AS date, count(*) AS copies
       FROM message_locations l
       JOIN messages m ON m.id = l.message_pk WHERE l.folder_id = ? AND l.uid > 0 GROUP BY m.id`
    )
    .all(folder.id) as Array<{ id: number; message_id: string; date: number; copies: number }>
  const byMessageId = new Map(stored.map((r) => [r.message_id, r.id]))
  const dateOf = new Map(stored.map((r) => [r.id, r.date]))
  const purged = purgedMessageIds(db, folder.id, uidValidity)
  const copyIds = draftCopyIds(db, folder.id)
  const rematch: Rematch = { matched: [], purged: [], unmatched: [], draftCopies: [] }
  // Not "the folder is empty": a session the server ended has nothing selected.
  if (!client.mailbox) throw sessionLost(client)
  if (client.mailbox.exists === 0) return rematch
  const found: Rematch['matched'] = []
  const fields = { uid: true, flags: true, internalDate: true, headers: ['message-id', 'date'] }
  for await (const m of fetchMessages(client, '1:*', fields)) {
    // Every id the header gives (a message may carry two Message-ID lines, and the parser keeps
    // the last): the one Rapport stored it under, else the first.
    const { idLines, sent } = idAndDate(m.headers)
    const ids = headerMessageIds(idLines)
    const messageId =
      ids.find((id) => byMessageId.has(id)) ??
      ids.find((id) => purged.has(id) || copyIds.has(id)) ??
      ids[0] ??
      ''
    let messagePk = byMessageId.get(messageId)
    // Another message under that Message-ID (its own Date): not the row's. Fetched again, the
    // store files it as itself (message-id-collision.ts), as it did the first time. Not for a
    // draft, whose versions share one id with dates of their own (the store keeps them as one).
    const storedDate = messagePk === undefined ? 0 : (dateOf.get(messagePk) ?? 0)
    if (storedDate !== 0 && sent !== null && sent !== storedDate) messagePk = undefined
    const date = m.internalDate ? new Date(m.internalDate).getTime() : NaN
    if (copyIds.has(messageId) && !Number.isNaN(date))
      rematch.draftCopies.push({ uid: m.uid, messageId, date })
    if (messagePk !== undefined) found.push({ uid: m.uid, messagePk, flags: normalizeFlags(m.flags ?? []) })
    else if (purged.has(messageId)) rematch.purged.push({ uid: m.uid, messageId })
    // Without a Message-ID header, Rapport's own id for a message is a hash of its contents:
    // the importer fetches those again and the store finds them by that hash.
    else rematch.unmatched.push(m.uid)
  }
  const copies = new Map(stored.map((r) => [r.id, r.copies]))
  const { own, twins } = claimCopies(found, copies)
  rematch.matched = own
  rematch.unmatched.push(...twins)
  return rematch
}

/**
 * The Message-ID lines (for headerMessageIds) and the Date of a fetch of both headers, folded lines
 * unfolded; the date null when absent or unreadable (the message is then dated by its arrival).
 */
function idAndDate(headers: Buffer | undefined): { idLines: Buffer; sent: number | null } {
  const lines = (headers?.toString('utf8') ?? '').replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)
  const idLines = lines.filter((line) => /^message-id:/i.test(line)).join('\r\n')
  // The last Date line, as mailparser keeps it.
  const date = lines
    .filter((line) => /^date:/i.test(line))
    .at(-1)
    ?.replace(/^date:\s*/i, '')
  const sent = date ? new Date(date).getTime() : NaN
  return { idLines: Buffer.from(idLines), sent: Number.isNaN(sent) ? null : sent }
}

/**
 * A Message-ID can be in a folder more than once: a mailing-list copy and a direct one, a
 * duplicate, a reused ID. Of a message Rapport had there N times, the newest N server copies
 * are its own (the import window is the newest mail); an older twin, often far below the
 * window, is older mail like any other. Placed as Rapport's, it would pull the synced range down
 * to itself and make the pass fetch everything in between (on a big INBOX, the whole folder).
 */
export function claimCopies(
  found: Rematch['matched'],
  copies: Map<number, number>
): { own: Rematch['matched']; twins: number[] } {
  const claimed = new Map<number, number>()
  const own: Rematch['matched'] = []
  const twins: number[] = []
  for (const m of [...found].sort((a, b) => b.uid - a.uid)) {
    const n = claimed.get(m.messagePk) ?? 0
    if (n < (copies.get(m.messagePk) ?? 0)) {
      claimed.set(m.messagePk, n + 1)
      own.push(m)
    } else twins.push(m.uid)
  }
  return { own: own.reverse(), twins }
}

/**
 * Places the re-found mail at its new UIDs (after resetForUidValidity, in its transaction), keeps
 * the purged mail purged, and, in a synced folder, records the range it spans as synced: the
 * window Rapport had, so the pass fetches only mail that is new to Rapport and keeps the window's
 * size. Returns the server UIDs inside that range that were not found: they are fetched like new
 * mail, and the range is recorded only up to the first of them. A folder not synced holds only mail Rapport moved there, so the range says nothing of
 * what lies between: recorded, it would be skipped once the user turns sync on.
 */
export function applyRematch(
  db: Database,
  folders: FolderRepository,
  folder: FolderRecord,
  uidValidity: number,
  rematch: Rematch,
  synced: boolean,
  pending: PendingChanges
): number[] {
  rekeyPurged(db, folder.id, uidValidity, rematch.purged)
  followRenumberedCopies(db, folder.id, uidValidity, rematch.draftCopies)
  if (rematch.matched.length === 0) return []
  const place =
    db.prepare(`INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid, flags_json)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
  const found = db.prepare('UPDATE messages SET deleted_on_server = 0 WHERE id = ? AND deleted_on_server = 1')
  const threadOf = db.prepare('SELECT thread_id FROM messages WHERE id = ?')
  const flags = new MessageFlags(db)
  const threads = new Set<number>()
  for (const m of rematch.matched) {
    // A flag change still on its way up shows as made, as over any pass (LocationStore.applyServerFlags).
    const edits = pending.get(m.messagePk) ?? []
    const shown = edits.reduce<string[]>((f, e) => editFlags(f, e.add, e.remove), m.flags)
    place.run(m.messagePk, folder.id, uidValidity, m.uid, JSON.stringify(normalizeFlags(shown)))
    found.run(m.messagePk)
    flags.merge(m.messagePk)
    const thread = (threadOf.get(m.messagePk) as { thread_id: number | null }).thread_id
    if (thread !== null) threads.add(thread)
  }
  new ThreadAggregates(db).refresh([...threads])
  if (!synced) return []
  const uids = rematch.matched.map((m) => m.uid)
  const [low, high] = [Math.min(...uids), Math.max(...uids)]
  const refetch = rematch.unmatched.filter((uid) => uid > low && uid < high)
  // Synced only up to the first of those: a pass cut short before fetching them (a quit, a lost
  // connection) leaves them above uid_next, where the next pass finds them as new mail. Recorded
  // past them, they would sit inside the synced range, fetched by nothing, and shown as deleted.
  folders.recordBatch(folder.id, uidValidity, refetch.length > 0 ? [low, Math.min(...refetch) - 1] : uids)
  return refetch
}
