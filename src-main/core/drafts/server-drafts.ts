// Drafts another mail program keeps in the mailbox's Drafts folder (a phone, webmail), which sync
// stores as drafts in no conversation (message-store.ts, isDraft). Rapport lists them so that
// one can be continued here: the composer takes its text and files, and once that is saved
// (drafts.save with `continues`) the other program's copy is queued for deletion, so that the
// next sync leaves one copy on the server, Rapport's (draft-uploader.ts).
import type { Database } from 'better-sqlite3'
import type { ServerDraft } from '../../../src-preload/contract'
import { formatAddressList } from '../../../src-preload/contract/address-list'
import type { Address } from '../../../src-preload/contract/mail-shapes'

type Row = {
  id: number
  account_id: number
  thread_id: number | null
  to_json: string
  cc_json: string
  bcc_json: string
  subject: string
  body_text: string | null
  date: number
}

// A copy is found on the server by its Message-ID (draft_copies_to_delete's CHECK): a draft
// without one could be continued but never replaced, and would stay listed, so it is left out.
const LISTED = `m.is_draft = 1 AND m.message_id LIKE '<_%@_%>'
  AND EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
              WHERE l.message_pk = m.id AND f.special_use = '\\Drafts')
  AND NOT EXISTS (SELECT 1 FROM drafts d
                  WHERE d.server_copy = m.message_id AND d.server_account_id = m.account_id)
  AND NOT EXISTS (SELECT 1 FROM draft_copies_to_delete q
                  WHERE q.message_id = m.message_id AND q.account_id = m.account_id)`

/** The other programs' drafts in the synced Drafts folders (not Rapport's own copies), newest first. */
export function listServerDrafts(db: Database): ServerDraft[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.account_id, m.to_json, m.cc_json, m.bcc_json, m.subject, m.body_text, m.date,
         (SELECT p.thread_id FROM messages p
          WHERE p.account_id = m.account_id AND p.message_id = m.in_reply_to) AS thread_id
       FROM messages m WHERE ${LISTED}
       ORDER BY m.date DESC, m.id DESC`
    )
    .all() as Row[]
  const files = db.prepare(
    'SELECT id, filename AS name, content_type AS type, size FROM attachments WHERE message_pk = ? ORDER BY id'
  )
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    threadId: row.thread_id,
    to: formatAddressList(
      [row.to_json, row.cc_json, row.bcc_json].flatMap((json) => JSON.parse(json) as Address[])
    ),
    subject: row.subject,
    // Mail ends its text with a line break, which a composer does not need.
    text: (row.body_text ?? '').trimEnd(),
    date: new Date(row.date).toISOString(),
    attachments: files.all(row.id) as ServerDraft['attachments']
  }))
}

/**
 * Called in the transaction that saved the draft continuing server draft `messageId`: its copy
 * is queued for deletion (at the next sync, after this draft's own upload), and it is no longer
 * listed. Saved again, nothing more is queued; an id that is no listed draft changes nothing.
 */
export function continueServerDraft(db: Database, messageId: number): void {
  db.prepare(
    `INSERT INTO draft_copies_to_delete (account_id, message_id)
     SELECT m.account_id, m.message_id FROM messages m WHERE m.id = ? AND ${LISTED}`
  ).run(messageId)
}
