// Drafts another mail program keeps in the mailbox's Drafts folder (a phone, webmail), which sync
// stores as drafts in no conversation (message-store.ts, isDraft). Rapport lists them so that
// one can be continued here: the composer takes its text and files, and each save of that text
// names the copies it continues (drafts.save `continues`), which claims them (migration 0038).
// The draft's mailbox pass deletes a claimed copy once the draft is up too (draft-uploader.ts),
// unless its HTML has formatting the text loses (lost-formatting.ts): the UI asks first, and that
// copy stays until the draft continuing it is sent or thrown away (migration 0062).
import type { Database } from 'better-sqlite3'
import type { ServerCopy, ServerDraft } from '../../../src-preload/contract'
import { formatAddressList } from '../../../src-preload/contract/address-list'
import type { Address } from '../../../src-preload/contract/mail-shapes'
import { losesFormatting } from './lost-formatting'

type Row = {
  id: number
  account_id: number
  thread_id: number | null
  answering: number | null
  to_json: string
  cc_json: string
  bcc_json: string
  subject: string
  body_text: string | null
  /** Only while not judged yet (loses_formatting null). */
  body_html: string | null
  loses_formatting: 0 | 1 | null
  date: number
}

/** Now, in ms since 1970, by SQLite's clock: the one migration 0038's trigger stamps releases with. */
export const NOW_MS_SQL = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`

/** `l` is a copy of the message in a Drafts folder, as numbered now (`f` is its folder). */
const COPY_IN_DRAFTS = `f.id = l.folder_id AND f.special_use = '\\Drafts' AND l.uid_validity = f.uid_validity`

/** `l` is a copy no draft continues (`c` is that copy's claim, if any). */
const UNCLAIMED = `NOT EXISTS (SELECT 1 FROM continued_copies c
  WHERE c.folder_id = l.folder_id AND c.uid_validity = l.uid_validity AND c.uid = l.uid)`

/**
 * `l` (a location of `m`) is not one of Rapport's own copies, kept (`drafts`) or waiting to be
 * deleted (`draft_copies_to_delete`), each with a Message-ID new per upload. Where the APPEND
 * told the copy's UID (and the folder is numbered as then), only that UID is Rapport's: another
 * program's version saved under the same Message-ID is its own draft. Otherwise the Message-ID
 * alone tells.
 */
const NOT_OWN = `NOT EXISTS (SELECT 1 FROM drafts d
    WHERE d.server_copy = m.message_id AND d.server_account_id = m.account_id
      AND NOT (d.server_copy_folder_id IS l.folder_id AND d.server_copy_uid_validity IS l.uid_validity
               AND d.server_copy_uid IS NOT l.uid))
  AND NOT EXISTS (SELECT 1 FROM draft_copies_to_delete q
    WHERE q.message_id = m.message_id AND q.account_id = m.account_id
      AND NOT (q.folder_id IS l.folder_id AND q.uid_validity IS l.uid_validity AND q.uid IS NOT l.uid))`

/** `l` is a copy of the draft `m` in Drafts that another program keeps and no draft continues. */
const LISTED_COPY = `${COPY_IN_DRAFTS} AND ${UNCLAIMED} AND ${NOT_OWN}`

// Listed: a draft with such a copy.
const LISTED = `m.is_draft = 1
  AND EXISTS (SELECT 1 FROM message_locations l, folders f WHERE l.message_pk = m.id AND ${LISTED_COPY})`

/**
 * `p` is an earlier message of its conversation: one comes after it, in the order threads.get
 * gives (date, then id). A reply answering the newest leaves it unnamed (answering: null), as
 * Reply on the newest does, and answers whichever is newest when sent.
 */
const EARLIER = `EXISTS (SELECT 1 FROM messages n WHERE n.thread_id = p.thread_id AND (n.date, n.id) > (p.date, p.id))`

/** The other programs' drafts in the synced Drafts folders (not Rapport's own copies), newest first. */
export function listServerDrafts(db: Database): ServerDraft[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.account_id, m.to_json, m.cc_json, m.bcc_json, m.subject, m.body_text, m.date,
         m.loses_formatting, CASE WHEN m.loses_formatting IS NULL THEN m.body_html END AS body_html,
         (SELECT p.thread_id FROM messages p
          WHERE p.account_id = m.account_id AND p.message_id = m.in_reply_to) AS thread_id,
         (SELECT p.id FROM messages p
          WHERE p.account_id = m.account_id AND p.message_id = m.in_reply_to AND ${EARLIER}) AS answering
       FROM messages m WHERE ${LISTED}
       ORDER BY m.date DESC, m.id DESC`
    )
    .all() as Row[]
  // An image the HTML shows in place is part of a text Rapport does not carry over, not a file.
  const files = db.prepare(
    `SELECT id, filename AS name, content_type AS type, size FROM attachments
     WHERE message_pk = ? AND NOT (disposition IS 'inline' AND content_id IS NOT NULL) ORDER BY id`
  )
  // Judged once per version of the HTML (migration 0065 forgets the verdict when it changes).
  const keep = db.prepare('UPDATE messages SET loses_formatting = ? WHERE id = ?')
  const judge = (id: number, html: string | null): boolean => {
    const loses = losesFormatting(html)
    keep.run(loses ? 1 : 0, id)
    return loses
  }
  const copies = db.prepare(
    `SELECT l.folder_id AS folderId, l.uid_validity AS uidValidity, l.uid
     FROM message_locations l, folders f, messages m
     WHERE l.message_pk = ? AND m.id = l.message_pk AND ${LISTED_COPY} ORDER BY l.folder_id, l.uid`
  )
  // One transaction for the verdicts the first listing stores.
  return db.transaction(() =>
    rows.map((row) => ({
      id: row.id,
      copies: copies.all(row.id) as ServerCopy[],
      accountId: row.account_id,
      threadId: row.thread_id,
      // Its In-Reply-To names an earlier message: the reply continuing it answers that one.
      answering: row.answering,
      // Whom it is for, as the list shows it: the blind copies are not named there.
      to: formatAddressList([row.to_json, row.cc_json].flatMap((json) => JSON.parse(json) as Address[])),
      recipients: {
        to: formatAddressList(JSON.parse(row.to_json) as Address[]),
        cc: formatAddressList(JSON.parse(row.cc_json) as Address[]),
        bcc: formatAddressList(JSON.parse(row.bcc_json) as Address[])
      },
      subject: row.subject,
      // Mail ends its text with a line break, which a composer does not need.
      text: (row.body_text ?? '').trimEnd(),
      losesFormatting:
        row.loses_formatting === null ? judge(row.id, row.body_html) : row.loses_formatting === 1,
      date: new Date(row.date).toISOString(),
      attachments: files.all(row.id) as ServerDraft['attachments']
    }))
  )()
}

/** `j` (one of json_each(@named)) names the copy `l` in a Drafts folder, of the draft `m`. */
const NAMED_COPY = `l.folder_id = j.value ->> 'folderId' AND l.uid_validity = j.value ->> 'uidValidity'
  AND l.uid = j.value ->> 'uid' AND ${COPY_IN_DRAFTS} AND m.id = l.message_pk AND m.is_draft = 1`

/**
 * Called in the transaction that saved `draft` with the copies its text continues (none when
 * left out): it claims those still in a Drafts folder, from another draft if one had them (Undo's
 * aside drafts swap places, and the text moves to another row), and lets go of those it held
 * that it no longer names. A copy's claim never reaches a newer version the other program saved
 * under the same Message-ID: that has a UID of its own. A copy whose HTML the text loses is kept
 * on the server until the draft is sent or thrown away, not deleted once it is up.
 */
export function claimContinued(
  db: Database,
  draft: { id: number; revision: number },
  continues: readonly ServerCopy[]
): void {
  const named = JSON.stringify(continues)
  // Judged once, when first claimed: each save of the text names its copies again.
  const withHtml = db
    .prepare(
      `SELECT DISTINCT m.id, m.body_html FROM json_each(@named) AS j, message_locations l, folders f, messages m
       WHERE ${NAMED_COPY} AND m.body_html IS NOT NULL AND ${UNCLAIMED}`
    )
    .all({ named }) as Array<{ id: number; body_html: string }>
  const kept = JSON.stringify(withHtml.filter((m) => losesFormatting(m.body_html)).map((m) => m.id))
  db.prepare(
    `INSERT INTO continued_copies (folder_id, uid_validity, uid, draft_id, revision, keep_until_sent)
     SELECT l.folder_id, l.uid_validity, l.uid, @draftId, @revision, m.id IN (SELECT value FROM json_each(@kept))
     FROM json_each(@named) AS j, message_locations l, folders f, messages m
     WHERE ${NAMED_COPY}
     ON CONFLICT (folder_id, uid_validity, uid) DO UPDATE SET
       draft_id = excluded.draft_id, revision = excluded.revision, released_at = NULL`
  ).run({ named, kept, draftId: draft.id, revision: draft.revision })
  db.prepare(
    `UPDATE continued_copies SET draft_id = NULL, released_at = ${NOW_MS_SQL}
     WHERE draft_id = @draftId AND NOT EXISTS (SELECT 1 FROM json_each(@named) AS j
       WHERE j.value ->> 'folderId' = folder_id AND j.value ->> 'uidValidity' = uid_validity
         AND j.value ->> 'uid' = uid)`
  ).run({ named, draftId: draft.id })
}

/** The copies a draft continues that are not deleted from the server yet (Draft.continues). */
export function continuedBy(db: Database, draftId: number): ServerCopy[] {
  return db
    .prepare(
      `SELECT folder_id AS folderId, uid_validity AS uidValidity, uid FROM continued_copies
       WHERE draft_id = ? ORDER BY folder_id, uid`
    )
    .all(draftId) as ServerCopy[]
}
