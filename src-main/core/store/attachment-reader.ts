import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import type { AttachmentContent } from '../../../src-preload/contract'
import type { AccountRepository } from '../accounts/account-repository'
import { CoreError } from '../errors'
import { parseMessage, type ParsedAttachment } from '../mail/message-parser'
import type { MailSession } from '../sync/task-runner'
import { cacheOrSkip, type AttachmentCache } from './attachment-cache'

type AttachmentRow = {
  id: number
  message_pk: number
  account_id: number
  deleted_on_server: number
  filename: string
  content_type: string
  cache_path: string | null
}

/** Where the server holds a message: a folder and a UID that is valid in it today. */
type ServerCopy = { path: string; uidValidity: number; uid: number }

export type AttachmentReaderDeps = {
  db: Database
  accounts: AccountRepository
  cache: AttachmentCache | null
  /** Runs work on a session of the account's own, not behind its sync (SyncService.runAside). */
  runAside: <T>(accountId: number, work: (session: MailSession) => Promise<T>) => Promise<T>
  log: (message: string) => void
}

/**
 * Reads an attachment from Rapport's own copy, or downloads it from the server when there is
 * none: attachments over the 25 MB cache limit, mail imported before attachments were kept, and
 * bytes the cache could not write. A download keeps what it can offline, so the next read (and
 * a later deletion on the server) does not depend on the server.
 */
export class AttachmentReader {
  constructor(private readonly deps: AttachmentReaderDeps) {}

  async read(attachmentId: number): Promise<AttachmentContent> {
    const row = this.deps.db
      .prepare(
        `SELECT a.id, a.message_pk, m.account_id, m.deleted_on_server, a.filename, a.content_type, a.cache_path
         FROM attachments a JOIN messages m ON m.id = a.message_pk WHERE a.id = ?`
      )
      .get(attachmentId) as AttachmentRow | undefined
    if (!row)
      throw new CoreError('NOT_FOUND', `There is no attachment with id ${attachmentId}.`, 'attachmentId')
    const cached = row.cache_path && this.deps.cache ? this.deps.cache.read(row.cache_path) : null
    return content(row, cached ?? (await this.download(row)))
  }

  private async download(row: AttachmentRow): Promise<Buffer> {
    const account = this.deps.accounts.find(row.account_id)
    const copies = row.deleted_on_server ? [] : this.serverCopies(row.message_pk)
    if (!account || account.kind !== 'mailbox' || account.state === 'archived' || copies.length === 0)
      throw unavailable(row)
    const raw = await this.deps.runAside(account.id, (session) => fetchSource(session.client, copies))
    // Expunged since the last sync: the server has no copy left to read.
    if (!raw) throw unavailable(row)
    const parsed = await parseMessage(raw)
    const stored = this.deps.db
      .prepare('SELECT id, filename, content_type FROM attachments WHERE message_pk = ? ORDER BY id')
      .all(row.message_pk) as Array<{ id: number; filename: string; content_type: string }>
    // The store kept the parser's attachments in its order, so the same parser finds them again.
    if (!sameAttachments(stored, parsed.attachments)) throw unavailable(row)
    this.keepOffline(stored, parsed.attachments)
    const bytes = parsed.attachments[stored.findIndex((a) => a.id === row.id)]?.content
    if (!bytes) throw unavailable(row)
    return bytes
  }

  /** The message's locations the server still numbers the same way, synced folders first. */
  private serverCopies(messagePk: number): ServerCopy[] {
    return this.deps.db
      .prepare(
        `SELECT f.path, l.uid_validity AS uidValidity, l.uid FROM message_locations l
         JOIN folders f ON f.id = l.folder_id
         WHERE l.message_pk = ? AND l.uid > 0 AND f.on_server = 1 AND f.uid_validity = l.uid_validity
         ORDER BY f.sync_enabled DESC, l.id`
      )
      .all(messagePk) as ServerCopy[]
  }

  /** Caches every attachment of the message that fits, for rows that have no copy yet. */
  private keepOffline(stored: Array<{ id: number }>, parsed: ParsedAttachment[]): void {
    const { cache } = this.deps
    if (!cache) return
    const setPath = this.deps.db.prepare(
      'UPDATE attachments SET cache_path = ? WHERE id = ? AND cache_path IS NULL'
    )
    const onError = (error: unknown) =>
      this.deps.log(`An attachment could not be kept offline (${String(error)}); it stays on the server.`)
    stored.forEach((attachment, i) => {
      const bytes = parsed[i]?.content
      const key = bytes ? cacheOrSkip(cache, bytes, onError) : null
      if (key) setPath.run(key, attachment.id)
    })
  }
}

/** The raw message from the first copy the server still has, or null when none is left. */
async function fetchSource(client: ImapFlow, copies: ServerCopy[]): Promise<Buffer | null> {
  for (const copy of copies) {
    // Read-only (EXAMINE), and imapflow fetches the source with BODY.PEEK: opening an attachment
    // does not mark the message read on the server.
    const mailbox = await client.mailboxOpen(copy.path, { readOnly: true }).catch(skipRefused)
    if (!mailbox || Number(mailbox.uidValidity) !== copy.uidValidity) continue
    const message = await client.fetchOne(String(copy.uid), { source: true }, { uid: true })
    if (message && message.source) return message.source
  }
  return null
}

/** A folder the server refuses to open (gone since the last sync) is skipped; a lost connection is not. */
function skipRefused(error: unknown): null {
  if ((error as { responseStatus?: string }).responseStatus === 'NO') return null
  throw error
}

function sameAttachments(
  stored: Array<{ filename: string; content_type: string }>,
  parsed: ParsedAttachment[]
): boolean {
  return (
    stored.length === parsed.length &&
    stored.every((a, i) => a.filename === parsed[i]!.filename && a.content_type === parsed[i]!.contentType)
  )
}

function unavailable(row: AttachmentRow): CoreError {
  return new CoreError(
    'ATTACHMENT_UNAVAILABLE',
    `"${row.filename || 'This attachment'}" is not kept on this computer (it is larger than 25 MB, or was imported before attachments were kept), and its message is no longer on the server to download it from.`,
    'attachmentId'
  )
}

function content(row: AttachmentRow, bytes: Buffer): AttachmentContent {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: bytes.length,
    dataBase64: bytes.toString('base64')
  }
}
