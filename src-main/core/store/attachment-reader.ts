import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import type { AttachmentContent } from '../../../src-preload/contract'
import type { AccountRepository } from '../accounts/account-repository'
import { CoreError } from '../errors'
import { sessionLost, sessionOpen, skipRefused } from '../mail-server/guarded-commands'
import { safeAttachmentName } from '../mail/attachment-name'
import { parseMessage, type ParsedAttachment } from '../mail/message-parser'
import type { MailSession } from '../sync/task-runner'
import { AccountLane } from '../sync/account-lane'
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
  /** Downloads under way, by message: a second click, or a second attachment, waits for the same one. */
  private readonly downloads = new Map<number, Promise<Download>>()
  /** One download at a time per account: each is a login of its own, and servers cap them (~10-15). */
  private readonly lanes = new Map<number, AccountLane>()

  constructor(private readonly deps: AttachmentReaderDeps) {}

  async read(attachmentId: number): Promise<AttachmentContent> {
    const stored = this.deps.db
      .prepare(
        `SELECT a.id, a.message_pk, m.account_id, m.deleted_on_server, a.filename, a.content_type, a.cache_path
         FROM attachments a JOIN messages m ON m.id = a.message_pk WHERE a.id = ?`
      )
      .get(attachmentId) as AttachmentRow | undefined
    if (!stored)
      throw new CoreError('NOT_FOUND', `There is no attachment with id ${attachmentId}.`, 'attachmentId')
    // Names stored before parsing made them safe are made so here: shown in errors, saved as files.
    const row = { ...stored, filename: safeAttachmentName(stored.filename) }
    const cached = row.cache_path && this.deps.cache ? this.deps.cache.read(row.cache_path) : null
    if (cached) return content(row, cached)
    const download = await this.downloadOnce(row)
    if (download === 'stale') throw notWhereLastSeen(row)
    const bytes = download === 'unavailable' ? undefined : download.get(row.id)
    if (!bytes) throw unavailable(row)
    return content(row, bytes)
  }

  private downloadOnce(row: AttachmentRow): Promise<Download> {
    let download = this.downloads.get(row.message_pk)
    if (!download) {
      let lane = this.lanes.get(row.account_id)
      if (!lane) this.lanes.set(row.account_id, (lane = new AccountLane()))
      download = lane.run(() => this.download(row)).finally(() => this.downloads.delete(row.message_pk))
      this.downloads.set(row.message_pk, download)
    }
    return download
  }

  /** The message's attachments from the server, by attachment id; what fits is kept offline. */
  private async download(row: AttachmentRow): Promise<Download> {
    const account = this.deps.accounts.find(row.account_id)
    if (!account || account.kind !== 'mailbox' || account.state === 'archived' || row.deleted_on_server)
      return 'unavailable'
    const stored = this.deps.db
      .prepare(
        'SELECT id, filename, content_type, size, cache_path FROM attachments WHERE message_pk = ? ORDER BY id'
      )
      .all(row.message_pk) as StoredAttachment[]
    const copies = this.serverCopies(row.message_pk)
    if (copies.length === 0) return this.movePending(row.message_pk) ? 'stale' : 'unavailable'
    const found = await this.deps.runAside(account.id, (session) =>
      matchingCopy(session.client, copies, stored)
    )
    if (found === 'missing') return 'stale'
    if (found === 'different') return 'unavailable'
    // Rows without a copy, and the one just asked for: its key may point at bytes that are gone.
    this.keepOffline(stored, found, (a) => a.cache_path === null || a.id === row.id)
    return new Map(stored.flatMap((a, i) => (found[i]?.content ? [[a.id, found[i].content]] : [])))
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

  /** A move made in Rapport that the server has not carried out yet (its location has no UID). */
  private movePending(messagePk: number): boolean {
    return (
      this.deps.db
        .prepare('SELECT 1 FROM message_locations WHERE message_pk = ? AND uid <= 0')
        .get(messagePk) !== undefined
    )
  }

  /** Caches the attachments that need a copy and fit; `parsed` is in the order of `stored`. */
  private keepOffline(
    stored: StoredAttachment[],
    parsed: ParsedAttachment[],
    needsCopy: (attachment: StoredAttachment) => boolean
  ): void {
    const { cache } = this.deps
    if (!cache) return
    const setPath = this.deps.db.prepare('UPDATE attachments SET cache_path = ? WHERE id = ?')
    const onError = (error: unknown) =>
      this.deps.log(`An attachment could not be kept offline (${String(error)}); it stays on the server.`)
    stored.forEach((attachment, i) => {
      const bytes = parsed[i]?.content
      const key = bytes && needsCopy(attachment) ? cacheOrSkip(cache, bytes, onError) : null
      // The row went while the download ran (its mailbox was deleted): its bytes go with it, at a
      // later sweep (just cached, they may be an import's too: AttachmentCache.release).
      if (key && setPath.run(key, attachment.id).changes === 0) cache.release(this.deps.db, [key])
    })
  }
}

/**
 * A download's outcome: the bytes by attachment id; 'stale' when the server has no copy where
 * Rapport last saw one (moved or deleted since the last sync, or a move not pushed yet), so a
 * later try may work; 'unavailable' when no copy can be had.
 */
type Download = Map<number, Buffer> | 'stale' | 'unavailable'

type StoredAttachment = {
  id: number
  filename: string
  content_type: string
  size: number
  cache_path: string | null
}

/**
 * The attachments of the first server copy that holds the ones stored: copies merged by
 * Message-ID can differ (a mailing list's copy with a footer part, a sender reusing an id), and
 * the bytes must be those of the attachment the user opened. 'missing' when a copy is not where
 * Rapport last saw it (moved or deleted since the last sync: a later try may find it), else
 * 'different' when the copies the server has hold other attachments.
 */
async function matchingCopy(
  client: ImapFlow,
  copies: ServerCopy[],
  stored: StoredAttachment[]
): Promise<ParsedAttachment[] | 'missing' | 'different'> {
  let missing = false
  for (const copy of copies) {
    // Read-only (EXAMINE), and imapflow fetches the source with BODY.PEEK: opening an attachment
    // does not mark the message read on the server.
    const mailbox = await client.mailboxOpen(copy.path, { readOnly: true }).catch(skipRefused)
    const message =
      mailbox && Number(mailbox.uidValidity) === copy.uidValidity
        ? await client.fetchOne(String(copy.uid), { source: true }, { uid: true })
        : false
    // A fetch lost with the connection says nothing about the message: not "missing".
    if (!message && !sessionOpen(client)) throw sessionLost(client)
    if (!message || !message.source) {
      missing = true
      continue
    }
    // The store kept the parser's attachments in its order, so the same parser finds them again.
    const { attachments } = await parseMessage(message.source)
    if (sameAttachments(stored, attachments)) return attachments
    // Stored before the images of HTML bodies (inline parts) were kept: without them.
    const listed = attachments.filter((a) => !a.inline)
    if (sameAttachments(stored, listed)) return listed
  }
  return missing ? 'missing' : 'different'
}

function sameAttachments(stored: StoredAttachment[], parsed: ParsedAttachment[]): boolean {
  return (
    stored.length === parsed.length &&
    stored.every((a, i) => {
      const p = parsed[i]!
      // Names stored before they were made safe are compared as they are shown.
      return (
        safeAttachmentName(a.filename) === p.filename && a.content_type === p.contentType && a.size === p.size
      )
    })
  )
}

function notWhereLastSeen(row: AttachmentRow): CoreError {
  return new CoreError(
    'ATTACHMENT_OUT_OF_SYNC',
    `"${row.filename || 'This attachment'}" is not kept on this computer, and its message is not where Rapport last saw it on the server (moved or deleted since the last sync). Try again once Rapport is up to date.`,
    'attachmentId'
  )
}

function unavailable(row: AttachmentRow): CoreError {
  return new CoreError(
    'ATTACHMENT_UNAVAILABLE',
    `"${row.filename || 'This attachment'}" is not kept on this computer (it is larger than 25 MB, or was imported before attachments were kept), and cannot be downloaded: its message is no longer on the server, or its mailbox was disconnected.`,
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
