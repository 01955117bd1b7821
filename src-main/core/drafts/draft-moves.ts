import type { Database } from 'better-sqlite3'
import type { DraftMove, DraftPlace } from '../../../src-preload/contract'
import { prepared } from '../db/statement-cache'

type Moving = { id: number; aside_id: number | null }

const replyPlace = (threadId: number, asideId: number | null): DraftPlace =>
  asideId ? { kind: 'reply', threadId, asideId } : { kind: 'reply', threadId }

/**
 * A conversation merged into another takes its reply drafts along: they answer the same people.
 * Where the surviving conversation has a reply being written already, the one moved waits beside
 * it as a draft set aside (a new number), as Undo does; nothing is written over. Returns each
 * move, so the windows can move their copies exactly the same way (threads.merged). Call inside
 * the merge's transaction, before `from` is deleted.
 */
export function moveReplyDrafts(db: Database, from: number, to: number): DraftMove[] {
  // Compiled once per connection: sync merges threads during imports.
  const moving = prepared(
    db,
    "SELECT id, aside_id FROM drafts WHERE kind = 'reply' AND thread_id = ? ORDER BY aside_id IS NOT NULL, id"
  ).all(from) as Moving[]
  if (moving.length === 0) return []
  const taken = prepared(
    db,
    "SELECT 1 FROM drafts WHERE kind = 'reply' AND thread_id = ? AND ifnull(aside_id, 0) = ifnull(?, 0)"
  )
  const nextAside = prepared(db, 'SELECT ifnull(max(aside_id), 0) + 1 AS id FROM drafts')
  const move = prepared(db, 'UPDATE drafts SET thread_id = ?, aside_id = ? WHERE id = ?')
  return moving.map((draft) => {
    const asideId = taken.get(to, draft.aside_id) ? (nextAside.get() as { id: number }).id : draft.aside_id
    move.run(to, asideId, draft.id)
    return { from: replyPlace(from, draft.aside_id), to: replyPlace(to, asideId) }
  })
}
