import type { Database } from 'better-sqlite3'
import type {
  Address,
  Attachment,
  MessageDetail,
  MessageSummary,
  ThreadCursor,
  ThreadSummary
} from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { safeAttachmentName } from '../mail/attachment-name'
import { inlineImages, type StoredPart } from './inline-images'
import { ImageSenders } from '../mail/image-senders'
import { storedParseErrorCode } from '../mail/parse-error'
import { bodyText } from '../mail/body-text'
import type { QuotedMessage } from '../send/reply-quote'
import { serverDeletionColumns, serverDeletionFlags, type ServerDeletionRow } from './server-deletion'
import { SHOWN_LOCATION } from './shown-location'

type MessageRow = {
  id: number
  account_id: number
  message_id: string
  thread_id: number | null
  subject: string
  from_name: string
  from_address: string
  to_json: string
  cc_json: string
  bcc_json: string
  reply_to_json: string
  references_json: string
  in_reply_to: string | null
  date: number
  flags_json: string
  is_seen: number
  direction: 'in' | 'out'
  snippet: string
  has_attachments: number
  body_text: string | null
  body_html: string | null
  parse_error: string | null
  parse_error_code: string | null
  deleted_on_server: number
  folder: string | null
  uid: number | null
}

type ThreadRow = {
  id: number
  account_id: number
  subject: string
  message_count: number
  unread_count: number
  last_message_at: number
  has_attachments: number
  from_name: string | null
  from_address: string | null
  snippet: string | null
}

const iso = (ms: number) => new Date(ms).toISOString()
const fromOf = (name: string | null, address: string | null): Address | null =>
  address ? { name: name ?? '', address } : null

// The location shown for a message, INBOX first, then its first location: the toolbars act on
// the copy in the folder shown, and a message in INBOX and Sent (mail to yourself) is inbox mail.
// All Mail (\All, Gmail) comes last: it holds every message, so a label or Sent Mail says more,
// and it is synced before them, so by l.id alone mail moved to a label said "In All mail".
const SHOWN_FIRST = `ORDER BY f.special_use IS '\\Inbox' DESC, f.special_use IS '\\All', l.id LIMIT 1`
export const LOCATION_COLUMNS = `(SELECT f.path FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = m.id AND ${SHOWN_LOCATION} ${SHOWN_FIRST}) AS folder,
  (SELECT l.uid FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = m.id AND ${SHOWN_LOCATION} ${SHOWN_FIRST}) AS uid`
const MESSAGE_COLUMNS = `m.*, ${LOCATION_COLUMNS}`

/** The columns a MessageSummary is made of (LOCATION_COLUMNS gives folder and uid). */
export type SummaryRow = Pick<
  MessageRow,
  | 'id'
  | 'account_id'
  | 'message_id'
  | 'thread_id'
  | 'folder'
  | 'uid'
  | 'subject'
  | 'from_name'
  | 'from_address'
  | 'to_json'
  | 'date'
  | 'flags_json'
  | 'is_seen'
  | 'direction'
  | 'snippet'
  | 'has_attachments'
>

export function toSummary(row: SummaryRow): MessageSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    messageId: row.message_id,
    threadId: row.thread_id,
    folder: row.folder,
    uid: row.uid,
    subject: row.subject,
    from: fromOf(row.from_name, row.from_address),
    to: JSON.parse(row.to_json) as Address[],
    date: iso(row.date),
    flags: JSON.parse(row.flags_json) as string[],
    unread: row.is_seen === 0,
    direction: row.direction,
    snippet: row.snippet,
    hasAttachments: row.has_attachments === 1
  }
}

function toThread(row: ThreadRow): ThreadSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    subject: row.subject,
    messageCount: row.message_count,
    unreadCount: row.unread_count,
    lastMessageAt: iso(row.last_message_at),
    lastFrom: fromOf(row.from_name, row.from_address),
    snippet: row.snippet ?? '',
    hasAttachments: row.has_attachments === 1
  }
}

const THREAD_SELECT = `SELECT t.id, t.account_id, t.subject, t.message_count, t.unread_count, t.last_message_at,
    t.has_attachments, m.from_name, m.from_address, m.snippet
  FROM threads t LEFT JOIN messages m ON m.id = t.last_message_pk`

export class MailQueries {
  private readonly imageSenders: ImageSenders

  constructor(private readonly db: Database) {
    this.imageSenders = new ImageSenders(db)
  }

  /** Newest first, keyset-paged on (last_message_at, id) so deep pages cost the same as the first. */
  listThreads(input: { accountId?: number; limit?: number; after?: ThreadCursor }): ThreadSummary[] {
    const after = input.after ? { at: Date.parse(input.after.lastMessageAt), id: input.after.id } : null
    const rows = this.db
      .prepare(
        `${THREAD_SELECT}
         WHERE t.message_count > 0 AND (@accountId IS NULL OR t.account_id = @accountId)
           AND (@afterAt IS NULL OR (t.last_message_at, t.id) < (@afterAt, @afterId))
         ORDER BY t.last_message_at DESC, t.id DESC LIMIT @limit`
      )
      .all({
        accountId: input.accountId ?? null,
        afterAt: after?.at ?? null,
        afterId: after?.id ?? null,
        limit: input.limit ?? 50
      }) as ThreadRow[]
    return rows.map(toThread)
  }

  getThread(threadId: number): { thread: ThreadSummary; messages: MessageDetail[] } {
    const row = this.db.prepare(`${THREAD_SELECT} WHERE t.id = ?`).get(threadId) as ThreadRow | undefined
    if (!row) throw new CoreError('NOT_FOUND', `Thread ${threadId} does not exist (it may have been merged).`)
    const messages = this.db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS}, ${serverDeletionColumns('m')}
         FROM messages m WHERE m.thread_id = ? ORDER BY m.date, m.id`
      )
      .all(threadId) as Array<MessageRow & ServerDeletionRow>
    const attachments = this.db.prepare(
      `SELECT id, filename, content_type, size, content_id, disposition, cache_path
       FROM attachments WHERE message_pk = ? ORDER BY id`
    )
    const imagesAllowed = this.imageSenders.allowed()
    return {
      thread: toThread(row),
      messages: messages.map((m) => {
        const parts = attachments.all(m.id) as Array<StoredPart & { filename: string }>
        const inline = inlineImages(m.body_html, parts)
        return {
          ...toSummary(m),
          cc: JSON.parse(m.cc_json) as Address[],
          bcc: JSON.parse(m.bcc_json) as Address[],
          replyTo: JSON.parse(m.reply_to_json) as Address[],
          inReplyTo: m.in_reply_to,
          references: JSON.parse(m.references_json) as string[],
          text: m.body_text,
          html: m.body_html,
          inlineImages: inline.images,
          attachments: parts
            .filter((a) => !inline.shown.has(a.id))
            .map((a): Attachment => ({
              id: a.id,
              // Parsing makes names safe; mail stored before that is covered here.
              filename: safeAttachmentName(a.filename),
              contentType: a.content_type,
              size: a.size
            })),
          parseError: m.parse_error,
          parseErrorCode: storedParseErrorCode(m.parse_error_code, m.parse_error),
          imagesAllowedForSender: imagesAllowed(m.from_address),
          ...serverDeletionFlags(m)
        }
      })
    }
  }

  listMessages(input: { accountId?: number; folder?: string; limit?: number }): MessageSummary[] {
    const folderFilter = input.folder
      ? `AND EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
           WHERE l.message_pk = m.id AND f.path = @folder AND ${SHOWN_LOCATION})`
      : ''
    const rows = this.db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM messages m
         WHERE (@accountId IS NULL OR m.account_id = @accountId) ${folderFilter}
         ORDER BY m.date DESC, m.id DESC LIMIT @limit`
      )
      .all({
        accountId: input.accountId ?? null,
        folder: input.folder ?? null,
        limit: input.limit ?? 100
      }) as MessageRow[]
    return rows.map(toSummary)
  }

  findByMessageId(
    accountId: number,
    messageId: string
  ): { id: number; references: string[]; inReplyTo: string | null; threadId: number | null } | null {
    const row = this.db
      .prepare(
        'SELECT id, references_json, in_reply_to, thread_id FROM messages WHERE account_id = ? AND message_id = ?'
      )
      .get(accountId, messageId) as
      | { id: number; references_json: string; in_reply_to: string | null; thread_id: number | null }
      | undefined
    return row
      ? {
          id: row.id,
          references: JSON.parse(row.references_json) as string[],
          inReplyTo: row.in_reply_to,
          threadId: row.thread_id
        }
      : null
  }

  /**
   * The message a reply quotes: its sender, date and text (its text part, or the text made of its
   * HTML, as search has it). Null when it is not stored (a reply to a Message-ID given by hand).
   */
  quotedMessage(accountId: number, messageId: string): QuotedMessage | null {
    const row = this.db
      .prepare(
        `SELECT from_name, from_address, date, body_text, CASE WHEN body_text IS NULL THEN body_html END AS body_html
         FROM messages WHERE account_id = ? AND message_id = ?`
      )
      .get(accountId, messageId) as
      | {
          from_name: string
          from_address: string
          date: number
          body_text: string | null
          body_html: string | null
        }
      | undefined
    if (!row) return null
    return {
      fromName: row.from_name,
      fromAddress: row.from_address,
      date: row.date,
      text: bodyText(row.body_text, row.body_html)
    }
  }
}
