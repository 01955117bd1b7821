// A queued message read again better from the server (charset-repair.ts) is stored over its own
// row: the same id, thread, flags, contact and comments; what an older parser could not read is
// replaced (subject, sender's and recipients' names, text, HTML, snippet, files' names), and so
// are its search entries and what its conversation lists of it.
import type { Database, Statement } from 'better-sqlite3'
import { MessageEntries } from '../search/search-reindex'
import { MessageRows } from '../store/message-rows'
import { ThreadAggregates } from '../threading/thread-aggregates'
import { normalizeSubject } from '../threading/subject'
import { hasFiles, sameRecipients, type Reading, type Stored } from './repair-reading'

type StoredFile = { id: number; content_type: string; size: number }

export class RepairRewrite {
  private readonly rewrite: Statement
  private readonly filesOf: Statement
  private readonly rename: Statement
  private readonly dropFiles: Statement
  private readonly threadSubject: Statement
  private readonly rows: MessageRows
  private readonly entries: MessageEntries
  private readonly aggregates: ThreadAggregates

  constructor(db: Database) {
    // Only over the reading it replaces: a row rewritten meanwhile (another process) is left.
    this.rewrite = db.prepare(`UPDATE messages SET subject = @subject, from_name = @fromName, to_json = @to,
        cc_json = @cc, body_text = @text, body_html = @html, snippet = @snippet, has_attachments = @hasFiles
      WHERE id = @id AND subject IS @oldSubject AND from_name IS @oldFromName AND body_text IS @oldText
        AND body_html IS @oldHtml
      RETURNING thread_id`)
    this.filesOf = db.prepare(
      'SELECT id, content_type, size FROM attachments WHERE message_pk = ? ORDER BY id'
    )
    this.rename = db.prepare('UPDATE attachments SET filename = ? WHERE id = ?')
    this.dropFiles = db.prepare('DELETE FROM attachments WHERE message_pk = ?')
    // A thread is matched to its replies by its first message's subject (thread-builder.ts): read
    // wrongly, the sender's next reply, read right, would start a thread of its own.
    this.threadSubject = db.prepare(
      'UPDATE threads SET normalized_subject = ? WHERE id = ? AND normalized_subject = ?'
    )
    // Files read again were cached again by the parse: their keys are in the reading.
    this.rows = new MessageRows(db, null)
    this.entries = new MessageEntries(db)
    this.aggregates = new ThreadAggregates(db)
  }

  /**
   * Stores each reading over its row, in the caller's transaction. Returns the ids of the rows
   * rewritten and their threads; a row changed meanwhile is left as it is.
   */
  store(repairs: Array<{ row: Stored; reading: Reading }>): { ids: number[]; threads: Set<number> } {
    const ids: number[] = []
    const threads = new Set<number>()
    for (const { row, reading } of repairs) {
      const sameSender = reading.from?.address.toLowerCase() === row.from_address.toLowerCase()
      const written = this.rewrite.get({
        id: row.id,
        subject: reading.subject,
        fromName: sameSender ? reading.from!.name : row.from_name,
        to: sameRecipients(row.to_json, reading.to),
        cc: sameRecipients(row.cc_json, reading.cc),
        text: reading.text,
        html: reading.html,
        snippet: reading.snippet,
        hasFiles: hasFiles(reading.attachments) ? 1 : 0,
        oldSubject: row.subject,
        oldFromName: row.from_name,
        oldText: row.body_text,
        oldHtml: row.body_html
      }) as { thread_id: number | null } | undefined
      if (!written) continue
      this.replaceFiles(row.id, reading)
      ids.push(row.id)
      if (written.thread_id === null) continue
      threads.add(written.thread_id)
      const [before, after] = [normalizeSubject(row.subject), normalizeSubject(reading.subject)]
      if (before !== after) this.threadSubject.run(after, written.thread_id, before)
    }
    this.entries.replaceIds(ids)
    this.aggregates.refresh(threads)
    return { ids, threads }
  }

  /**
   * The files as read again. The same files (type and size, in order) keep their rows, cached
   * bytes and ids, their names replaced; others (none were found under an 8-bit boundary) are
   * replaced whole.
   */
  private replaceFiles(id: number, reading: Reading): void {
    const stored = this.filesOf.all(id) as StoredFile[]
    const read = reading.attachments
    const same =
      stored.length === read.length &&
      stored.every((f, i) => f.content_type === read[i]!.contentType && f.size === read[i]!.size)
    if (same) {
      stored.forEach((f, i) => this.rename.run(read[i]!.filename, f.id))
      return
    }
    this.dropFiles.run(id)
    this.rows.writeAttachments(id, read, true)
  }
}
