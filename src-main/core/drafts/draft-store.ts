import type { Database } from 'better-sqlite3'
import type {
  Draft,
  DraftInput,
  DraftPlace,
  DraftSeen,
  OutgoingAttachment,
  ServerDraft
} from '../../../src-preload/contract'
import type { Clock } from '../clock'
import { newIdSql } from '../db/new-id'
import { CoreError } from '../errors'
import { decodeAttachments } from '../outbox/outgoing-message'
import { claimContinued, continuedBy, listServerDrafts } from './server-drafts'

type DraftRow = {
  id: number
  kind: 'new' | 'reply'
  thread_id: number | null
  aside_id: number | null
  account_id: number | null
  to_text: string
  cc_text: string
  bcc_text: string
  subject: string
  body: string
  send_later: string
  answering_message_id: number | null
  chosen_recipients: 0 | 1
  updated_at: number
  revision: number
}

// The same expressions as the drafts_place index, so a place is found (and replaced) through it.
export const AT_PLACE = 'kind = @kind AND ifnull(thread_id, 0) = @thread AND ifnull(aside_id, 0) = @aside'

const placeParams = (place: DraftPlace) => ({
  kind: place.kind,
  thread: place.kind === 'reply' ? place.threadId : 0,
  aside: place.asideId ?? 0
})

/**
 * The composers' drafts, kept in the workspace database: text, Send later time and the files'
 * bytes. A place (the new message, a conversation's reply, an undone draft set aside) holds one.
 */
export class DraftStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock
  ) {}

  list(): Draft[] {
    const rows = this.db
      .prepare('SELECT * FROM drafts ORDER BY aside_id IS NOT NULL, aside_id, id')
      .all() as DraftRow[]
    return rows.map((row) => this.toDraft(row))
  }

  /**
   * Saves the draft at its place, replacing what was there. The files are replaced only when
   * given; over 25 MB of them refuses the save as sending would (nothing is written). A draft
   * continuing another program's names its copies (`continues`) at each save (server-drafts.ts).
   * With `seen`, a place another window saved or deleted since refuses it (DRAFT_CHANGED).
   */
  save(input: DraftInput): Draft {
    const files = input.attachments ? decodeAttachments(input.attachments) : null
    const accountId = this.accountOf(input)
    const row = this.db.transaction(() => {
      this.checkSeen(input, input.seen)
      const saved = this.db
        .prepare(
          `INSERT INTO drafts (id, kind, thread_id, aside_id, account_id, to_text, cc_text, bcc_text, subject, body,
             send_later, answering_message_id, chosen_recipients, updated_at)
           VALUES (${newIdSql('drafts')},
             @kind, @threadId, @asideId, @accountId, @to, @cc, @bcc, @subject, @text, @later, @answering, @chosen,
             @now)
           ON CONFLICT (kind, ifnull(thread_id, 0), ifnull(aside_id, 0)) DO UPDATE SET
             account_id = excluded.account_id, to_text = excluded.to_text, cc_text = excluded.cc_text,
             bcc_text = excluded.bcc_text, subject = excluded.subject,
             body = excluded.body, send_later = excluded.send_later,
             answering_message_id = excluded.answering_message_id,
             chosen_recipients = excluded.chosen_recipients, updated_at = excluded.updated_at,
             revision = drafts.revision + 1
           RETURNING *`
        )
        .get({
          kind: input.kind,
          threadId: input.kind === 'reply' ? input.threadId : null,
          asideId: input.asideId ?? null,
          accountId,
          // A reply's own recipients, when it has them (a phone's reply continued here).
          to: input.to ?? '',
          cc: input.cc ?? '',
          bcc: input.bcc ?? '',
          subject: input.kind === 'new' ? input.subject : '',
          text: input.text,
          later: input.later,
          // Which message a reply answers (Reply on an earlier one), and who chose its recipients.
          answering: input.kind === 'reply' ? (input.answering ?? null) : null,
          chosen: input.kind === 'reply' && input.chosen ? 1 : 0,
          now: this.clock.now()
        }) as DraftRow
      if (files) {
        this.db.prepare('DELETE FROM draft_attachments WHERE draft_id = ?').run(saved.id)
        const insert = this.db.prepare(
          'INSERT INTO draft_attachments (draft_id, position, name, type, size, content) VALUES (?, ?, ?, ?, ?, ?)'
        )
        files.forEach((file, position) =>
          insert.run(saved.id, position, file.filename, file.contentType, file.content.length, file.content)
        )
      }
      claimContinued(this.db, saved, input.continues ?? [])
      return saved
    })()
    return this.toDraft(row)
  }

  /** The files of the draft at `place`, bytes included, in the order they were attached. */
  attachments(place: DraftPlace): OutgoingAttachment[] {
    const draft = this.db.prepare(`SELECT id FROM drafts WHERE ${AT_PLACE}`).get(placeParams(place)) as
      { id: number } | undefined
    return draft ? this.filesOf(draft.id) : []
  }

  /** The files of the draft with this row id, as attachments() gives them. */
  filesOf(draftId: number): OutgoingAttachment[] {
    const rows = this.db
      .prepare('SELECT name, type, content FROM draft_attachments WHERE draft_id = ? ORDER BY position')
      .all(draftId) as Array<{ name: string; type: string; content: Buffer }>
    return rows.map((r) => ({ name: r.name, type: r.type, contentBase64: r.content.toString('base64') }))
  }

  /** Drafts other mail programs keep on the server, which one of these may continue. */
  onServer(): ServerDraft[] {
    return listServerDrafts(this.db)
  }

  /**
   * Forgets the draft at `place` (sent, or emptied); its files go with it. With `seen`, as save:
   * a draft saved there since by another window stays (DRAFT_CHANGED).
   */
  delete(place: DraftPlace, seen?: DraftSeen): boolean {
    return this.db.transaction(() => {
      this.checkSeen(place, seen)
      return this.db.prepare(`DELETE FROM drafts WHERE ${AT_PLACE}`).run(placeParams(place)).changes > 0
    })()
  }

  /**
   * Two windows (or tabs of web mode) write the same places, each from what it last read. What
   * one saved is never written over, nor deleted, by another that has not seen it: refused, that
   * window reads the drafts again and keeps both texts. A place left empty since (the draft sent
   * or thrown away elsewhere) takes the save: nothing is written over. `seen` left out: no check.
   */
  private checkSeen(place: DraftPlace, seen: DraftSeen | undefined): void {
    if (seen === undefined) return
    const current = this.db
      .prepare(`SELECT id, revision FROM drafts WHERE ${AT_PLACE}`)
      .get(placeParams(place)) as { id: number; revision: number } | undefined
    if (!current || (current.id === seen?.id && current.revision === seen.revision)) return
    throw new CoreError(
      'DRAFT_CHANGED',
      'This draft was changed in another window since this one read it, and was not written over. ' +
        'Read the drafts again: the newer text goes in the box and this one beside it.'
    )
  }

  /**
   * A reply goes from its conversation's mailbox. A new message's From is kept only while that
   * mailbox exists (one deleted meanwhile leaves the default, as the composer then shows).
   */
  private accountOf(input: DraftInput): number | null {
    if (input.kind === 'reply') {
      const thread = this.db.prepare('SELECT account_id FROM threads WHERE id = ?').get(input.threadId) as
        { account_id: number } | undefined
      if (!thread)
        throw new CoreError('NOT_FOUND', `There is no conversation with id ${input.threadId}.`, 'threadId')
      return thread.account_id
    }
    if (input.accountId === null) return null
    const exists = this.db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(input.accountId)
    return exists ? input.accountId : null
  }

  private toDraft(row: DraftRow): Draft {
    const files = this.db
      .prepare('SELECT name, type, size FROM draft_attachments WHERE draft_id = ? ORDER BY position')
      .all(row.id) as Array<{ name: string; type: string; size: number }>
    return {
      id: row.id,
      revision: row.revision,
      kind: row.kind,
      threadId: row.thread_id,
      asideId: row.aside_id,
      accountId: row.account_id,
      to: row.to_text,
      cc: row.cc_text,
      bcc: row.bcc_text,
      subject: row.subject,
      text: row.body,
      later: row.send_later,
      answering: row.answering_message_id,
      chosen: row.chosen_recipients === 1,
      updatedAt: new Date(row.updated_at).toISOString(),
      attachments: files,
      continues: continuedBy(this.db, row.id)
    }
  }
}
