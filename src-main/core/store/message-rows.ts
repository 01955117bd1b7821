// The rows of the messages table as the store writes them, with their files: a new message, or
// a draft's row rewritten when a newer copy of it arrives or it turns out to be mail
// (message-store.ts decides which).
import type { Database, Statement } from 'better-sqlite3'
import type { ParsedAttachment, ParsedMessage } from '../mail/message-parser'
import { newIdSql } from '../db/new-id'
import { cacheOrSkip, type AttachmentCache } from './attachment-cache'
import { normalizeFlags } from './message-flags'

export type Direction = 'in' | 'out'

/** Where a message is filed: its conversation and contact (none for a draft), and its direction. */
export type Filing = { threadId: number | null; contactId: string | null; direction: Direction }

type Incoming = { flags: string[]; parsed: ParsedMessage }

export class MessageRows {
  private readonly insert: Statement
  private readonly rewrite: Statement
  private readonly dropAttachments: Statement
  private readonly insertAttachment: Statement

  constructor(
    db: Database,
    /** Where attachment bytes are kept offline; null (in-memory tests) keeps metadata only. */
    private readonly attachmentCache: AttachmentCache | null
  ) {
    this.insert = db.prepare(`INSERT INTO messages
      (id, account_id, message_id, thread_id, contact_id, in_reply_to, references_json, subject, from_name, from_address,
       to_json, cc_json, bcc_json, reply_to_json, date, size, direction, flags_json, is_seen, snippet, body_text,
       body_html, has_attachments, parse_error, parse_error_code, is_draft, date_by_header, created_at)
      VALUES (${newIdSql('messages')},
       @accountId, @messageId, @threadId, @contactId, @inReplyTo, @references, @subject, @fromName, @fromAddress,
       @to, @cc, @bcc, @replyTo, @date, @size, @direction, @flags, @isSeen, @snippet, @text,
       @html, @hasAttachments, @parseError, @parseErrorCode, @isDraft, @dateByHeader, @createdAt)`)
    // Flags are left to MessageFlags.merge, which the store runs for a message found again.
    this.rewrite = db.prepare(`UPDATE messages SET thread_id = @threadId, contact_id = @contactId,
      in_reply_to = @inReplyTo, references_json = @references, subject = @subject, from_name = @fromName,
      from_address = @fromAddress, to_json = @to, cc_json = @cc, bcc_json = @bcc, reply_to_json = @replyTo,
      date = @date, size = @size, direction = @direction, snippet = @snippet, body_text = @text,
      body_html = @html, has_attachments = @hasAttachments, parse_error = @parseError,
      parse_error_code = @parseErrorCode, is_draft = @isDraft, date_by_header = @dateByHeader
      WHERE id = @id`)
    this.dropAttachments = db.prepare('DELETE FROM attachments WHERE message_pk = ?')
    this.insertAttachment = db.prepare(
      'INSERT INTO attachments (message_pk, filename, content_type, size, content_id, disposition, cache_path, inline) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
    )
  }

  /**
   * Writes the message and its files' metadata: a new row when `draftId` is null, else the draft's
   * row rewritten (its files replaced). The files' bytes are kept offline when `keepBytes`.
   * Returns the row's id.
   */
  write(
    draftId: number | null,
    accountId: number,
    item: Incoming,
    filing: Filing,
    { keepBytes }: { keepBytes: boolean }
  ): number {
    const values = rowValues(accountId, item, filing)
    let id = draftId
    if (id === null) id = Number(this.insert.run(values).lastInsertRowid)
    else {
      this.rewrite.run({ ...values, id })
      this.dropAttachments.run(id)
    }
    this.writeAttachments(id, item.parsed.attachments, keepBytes)
    return id
  }

  /**
   * The metadata of a message's files, added to its rows (a message whose files were read again
   * replaces them: sync/repair-rewrite.ts). Their bytes are kept offline when `keepBytes`.
   */
  writeAttachments(id: number, attachments: ParsedAttachment[], keepBytes: boolean): void {
    for (const a of attachments) {
      const cachePath = !keepBytes
        ? null
        : a.cacheKey !== undefined
          ? a.cacheKey
          : a.content && this.attachmentCache
            ? // Not kept offline if the cache cannot be written; the mail is stored either way.
              cacheOrSkip(this.attachmentCache, a.content, () => {})
            : null
      this.insertAttachment.run(
        id,
        a.filename,
        a.contentType,
        a.size,
        a.contentId,
        a.disposition,
        cachePath,
        a.inline ? 1 : 0
      )
    }
  }
}

function rowValues(accountId: number, { parsed, flags }: Incoming, filing: Filing) {
  const { threadId, contactId, direction } = filing
  const isSeen = direction === 'out' || flags.includes('\\Seen')
  return {
    accountId,
    messageId: parsed.messageId,
    threadId,
    contactId,
    inReplyTo: parsed.inReplyTo,
    references: JSON.stringify(parsed.references),
    subject: parsed.subject,
    fromName: parsed.from?.name ?? '',
    fromAddress: parsed.from?.address ?? '',
    to: JSON.stringify(parsed.to),
    cc: JSON.stringify(parsed.cc),
    bcc: JSON.stringify(parsed.bcc),
    replyTo: JSON.stringify(parsed.replyTo),
    date: parsed.date,
    size: parsed.size,
    direction,
    flags: JSON.stringify(normalizeFlags(flags)),
    isSeen: isSeen ? 1 : 0,
    snippet: parsed.snippet,
    text: parsed.text,
    html: parsed.html,
    // Images of the HTML body are stored with the attachments but are not attachments to the user.
    hasAttachments: parsed.attachments.some((a) => !a.inline) ? 1 : 0,
    parseError: parsed.parseError?.detail ?? null,
    parseErrorCode: parsed.parseError?.code ?? null,
    isDraft: threadId === null ? 1 : 0,
    dateByHeader: parsed.datedByHeader ? 1 : 0,
    createdAt: Date.now()
  }
}
