// Drafts another mail program keeps in the mailbox's Drafts folder (a phone, webmail), which sync
// stores as drafts in no conversation (message-store.ts, isDraft). Rapport lists them so that
// one can be continued here: the composer takes its text and files, and once that is saved
// (drafts.save with `continues`) the copy continued is claimed (migration 0038). The draft's
// mailbox pass deletes it from the server once the draft's own copy is up (draft-uploader.ts).
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
  subject: string
  body_text: string | null
  date: number
}

/** `l` is a copy of the message in a Drafts folder, as numbered now (`f` is its folder). */
const COPY_IN_DRAFTS = `f.id = l.folder_id AND f.special_use = '\\Drafts' AND l.uid_validity = f.uid_validity`

// Listed: a draft with a copy in Drafts that no Rapport draft continues, and not one of Rapport's
// own copies (found by their Message-IDs, each new per upload), kept or waiting to be deleted.
const LISTED = `m.is_draft = 1
  AND EXISTS (SELECT 1 FROM message_locations l, folders f
              WHERE l.message_pk = m.id AND ${COPY_IN_DRAFTS}
                AND NOT EXISTS (SELECT 1 FROM continued_copies c WHERE c.folder_id = l.folder_id
                                AND c.uid_validity = l.uid_validity AND c.uid = l.uid))
  AND NOT EXISTS (SELECT 1 FROM drafts d
                  WHERE d.server_copy = m.message_id AND d.server_account_id = m.account_id)
  AND NOT EXISTS (SELECT 1 FROM draft_copies_to_delete q
                  WHERE q.message_id = m.message_id AND q.account_id = m.account_id)`

/** The other programs' drafts in the synced Drafts folders (not Rapport's own copies), newest first. */
export function listServerDrafts(db: Database): ServerDraft[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.account_id, m.to_json, m.cc_json, m.subject, m.body_text, m.date,
         (SELECT p.thread_id FROM messages p
          WHERE p.account_id = m.account_id AND p.message_id = m.in_reply_to) AS thread_id
       FROM messages m WHERE ${LISTED}
       ORDER BY m.date DESC, m.id DESC`
    )
    .all() as Row[]
  // An image the HTML shows in place is part of a text Rapport does not carry over, not a file.
  const files = db.prepare(
    `SELECT id, filename AS name, content_type AS type, size FROM attachments
     WHERE message_pk = ? AND NOT (disposition IS 'inline' AND content_id IS NOT NULL) ORDER BY id`
  )
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    threadId: row.thread_id,
    // Bcc is left out: the composer has no field that keeps it hidden from the others.
    to: formatAddressList([row.to_json, row.cc_json].flatMap((json) => JSON.parse(json) as Address[])),
    subject: row.subject,
    // Mail ends its text with a line break, which a composer does not need.
    text: (row.body_text ?? '').trimEnd(),
    date: new Date(row.date).toISOString(),
    attachments: files.all(row.id) as ServerDraft['attachments']
  }))
}

/**
 * Called in the transaction that saved draft `draft` continuing server draft `messageId`: its
 * copies in Drafts, as they are now, become the draft's to replace (claimed from a draft that
 * had them, as when an aside draft and the one being written swap places). Once per message and
 * draft: saved again, a newer version the other program saved since under the same Message-ID
 * is not claimed. An id that is no draft changes nothing.
 */
export function continueServerDraft(
  db: Database,
  messageId: number,
  draft: { id: number; revision: number; continues: number | null }
): void {
  if (draft.continues === messageId) return
  db.prepare(
    `INSERT INTO continued_copies (folder_id, uid_validity, uid, draft_id, revision)
     SELECT l.folder_id, l.uid_validity, l.uid, @draftId, @revision
     FROM messages m, message_locations l, folders f
     WHERE m.id = @messageId AND m.is_draft = 1 AND l.message_pk = m.id AND ${COPY_IN_DRAFTS}
     ON CONFLICT (folder_id, uid_validity, uid) DO UPDATE SET
       draft_id = excluded.draft_id, revision = excluded.revision`
  ).run({ messageId, draftId: draft.id, revision: draft.revision })
  db.prepare('UPDATE drafts SET continues = ? WHERE id = ?').run(messageId, draft.id)
}
