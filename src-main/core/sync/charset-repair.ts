// Mail stored before today's parser read its charset as meant keeps U+FFFD or control characters
// where its bytes were, or lost its body (repair-reading.ts says which). Rapport keeps no raw
// source, so the repair reads the server's copy again: migrations 0050 (HTML whose charset only its
// <meta> named) and 0066 (labels read as WHATWG reads them, raw 8-bit headers and file names, 8-bit
// boundaries) queued the stored mail that looks damaged, and each sync pass (account-pass.ts, on
// its session, in the account's lane) takes a few of the account's queued messages, fetches them,
// parses them with today's parser and stores the text that changed in place (repair-rewrite.ts),
// with its search entries. A message the server no longer has stays as it is, and so does one whose
// folders the server refused for good on REPAIR_REFUSALS passes (counted in the queue); a refusal
// for now (server busy) is not counted.
import type { Database, Statement } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { lockFolder, sessionOpen, skipRefused } from '../mail-server/guarded-commands'
import { isConnectionError, isRefusedForNow } from '../mail-server/server-errors'
import type { MessageParser } from '../mail/parse-pool'
import { fetchBatch, sizedBatches, type BatchLimits, type Fetched } from './fetch-batches'
import { isCopyOf, needsReading, readsBetter, type Reading, type Stored } from './repair-reading'
import { RepairRewrite } from './repair-rewrite'

/** Messages per pass: a pass over a mailbox with thousands queued goes back to real time soon. */
export const REPAIR_BATCH = 50
/**
 * Passes on which the folders holding a queued message were refused before it leaves the queue.
 * Not one: a refusal can be for a moment even without a code that says so. Not none: a folder
 * this mailbox may no longer read was opened again on every pass, for ever. Refusals that say
 * "try later" (isRefusedForNow) are not counted: a busy server on five passes would drop it.
 */
export const REPAIR_REFUSALS = 5
/**
 * Messages (and source) per FETCH: between two, the repair gives way to work queued on the lane
 * meanwhile. All 50 in one FETCH, a send or new mail's pass waited for every one of them to come
 * in and be parsed, on every pass while thousands were queued.
 */
export const REPAIR_FETCH: BatchLimits = { count: 10, bytes: 4 * 1024 * 1024 }

type Queued = Stored

/** A place the server holds a message, numbered as Rapport last saw it. */
type Copy = { folderId: number; path: string; uid: number }

/**
 * What became of a queued message: read again, 'unreadable' (a folder holding it would not open
 * or be read), 'unreadable for now' (so, with a folder refused "try later"), 'later' (not looked
 * for: the repair gave way), or absent (no copy on the server).
 */
type Outcome = Reading | 'unreadable' | 'unreadable for now' | 'later'

/** A folder the server refused to open or read for now (isRefusedForNow). */
const FOR_NOW = 'for now'

export type CharsetRepairDeps = {
  db: Database
  parser: MessageParser
  log: (line: string) => void
}

export class CharsetRepair {
  private readonly take: Statement
  private readonly copiesOf: Statement
  private readonly dequeue: Statement
  private readonly refused: Statement
  private readonly rewrite: RepairRewrite
  /**
   * Per account, the last queued message a pass took: the next pass goes on after it, so messages
   * left queued (their folder would not open) do not hold back the others. In memory: a restart
   * starts over, which costs a look at those again.
   */
  private readonly after = new Map<number, number>()

  constructor(private readonly deps: CharsetRepairDeps) {
    const { db } = deps
    this.take = db.prepare(
      `SELECT m.id, m.message_id, m.subject, m.from_name, m.from_address, m.to_json, m.cc_json, m.body_text,
         m.body_html, m.has_attachments,
         (SELECT json_group_array(a.filename) FROM attachments a WHERE a.message_pk = m.id) AS attachment_names
       FROM reparse_queue q
       JOIN messages m ON m.id = q.message_pk
       WHERE m.account_id = ? AND q.message_pk > ? ORDER BY q.message_pk LIMIT ${REPAIR_BATCH}`
    )
    // As the attachment reader finds a server copy: a UID the folder still numbers that way.
    this.copiesOf = db.prepare(
      `SELECT f.id AS folderId, f.path, l.uid FROM message_locations l JOIN folders f ON f.id = l.folder_id
       WHERE l.message_pk = ? AND l.uid > 0 AND f.on_server = 1 AND f.uid_validity = l.uid_validity
       ORDER BY f.sync_enabled DESC, l.id`
    )
    this.dequeue = db.prepare('DELETE FROM reparse_queue WHERE message_pk = ?')
    this.refused = db
      .prepare('UPDATE reparse_queue SET refusals = refusals + 1 WHERE message_pk = ? RETURNING refusals')
      .pluck()
    this.rewrite = new RepairRewrite(db)
  }

  /**
   * Repairs the next few queued messages of the account over the pass's session. A lost
   * connection is thrown (the pass fails, and what is left stays queued); a folder the server
   * will not open or read leaves its messages queued for a later pass, on REPAIR_REFUSALS passes
   * at most. Once `othersWaiting` says other work waits for the account's lane, it stops at its
   * next FETCH: what it read is stored, the rest stays queued. Returns the threads whose text
   * changed.
   */
  async run(
    client: ImapFlow,
    accountId: number,
    othersWaiting: () => boolean = () => false
  ): Promise<number[]> {
    if (othersWaiting()) return []
    let queued = this.take.all(accountId, this.after.get(accountId) ?? 0) as Queued[]
    if (queued.length === 0 && this.after.has(accountId)) {
      this.after.delete(accountId)
      queued = this.take.all(accountId, 0) as Queued[]
    }
    if (queued.length === 0) return []
    // The cheap SQL of the migrations is loose: which really need the server's copy.
    const needed = queued.filter(needsReading)
    this.deps.db.transaction(() => {
      for (const m of queued) if (!needed.includes(m)) this.dequeue.run(m.id)
    })()
    const readings = await this.readAgain(client, needed, othersWaiting)
    let changed = new Set<number>()
    this.deps.db.transaction(() => {
      const better: Array<{ row: Stored; reading: Reading }> = []
      for (const m of needed) {
        const reading = readings.get(m.id)
        // Left queued, its count unchanged: refused for now says nothing of the folder.
        if (reading === 'later' || reading === 'unreadable for now') continue
        if (reading === 'unreadable') {
          this.noteRefusal(m.id)
          continue
        }
        if (reading && readsBetter(m, reading)) better.push({ row: m, reading })
        // Repaired, read the same again (the damage was in the mail), or gone from the server.
        this.dequeue.run(m.id)
      }
      changed = this.rewrite.store(better).threads
    })()
    // Not before: a batch a lost connection cut short is taken again by the next pass, and so is
    // the rest of one that gave way (what it repaired has left the queue).
    if (![...readings.values()].includes('later')) this.after.set(accountId, queued.at(-1)!.id)
    return [...changed]
  }

  /** One more pass refused the message's folders: after REPAIR_REFUSALS, it keeps its text. */
  private noteRefusal(id: number): void {
    const refusals = this.refused.get(id) as number | undefined
    if (refusals === undefined || refusals < REPAIR_REFUSALS) return
    this.dequeue.run(id)
    this.deps.log(`Message ${id} keeps its text: its folders were refused ${refusals} times for its charset`)
  }

  /**
   * Each message as today's parser reads the server's copy; absent when the server has none (or
   * only other messages under its Message-ID), 'unreadable' when a folder holding one would not
   * open or be read now and no other copy was found. Copies are fetched folder by folder; a
   * message missing from one is looked for in its next. Once other work waits, every message not
   * read yet is 'later'.
   */
  private async readAgain(
    client: ImapFlow,
    messages: Queued[],
    othersWaiting: () => boolean
  ): Promise<Map<number, Outcome>> {
    const out = new Map<number, Outcome>()
    const giveWay = () => {
      for (const m of messages) if (!out.has(m.id)) out.set(m.id, 'later')
      return out
    }
    let waiting: Looking[] = messages.map((message) => ({
      message,
      copies: this.copiesOf.all(message.id) as Copy[],
      refused: false,
      refusedForNow: false
    }))
    while (waiting.length > 0) {
      const byFolder = new Map<number, Looking[]>()
      for (const entry of waiting) {
        const copy = entry.copies[0]
        if (copy) byFolder.set(copy.folderId, [...(byFolder.get(copy.folderId) ?? []), entry])
        else if (entry.refusedForNow) out.set(entry.message.id, 'unreadable for now')
        else if (entry.refused) out.set(entry.message.id, 'unreadable')
      }
      const next: Looking[] = []
      for (const entries of byFolder.values()) {
        if (othersWaiting()) return giveWay()
        const found = await this.fetchFrom(client, entries[0]!.copies[0]!.path, entries, othersWaiting)
        if (found !== null && found !== FOR_NOW && 'cut' in found) {
          for (const [id, reading] of found.cut) out.set(id, reading)
          return giveWay()
        }
        for (const entry of entries) {
          const reading = found instanceof Map ? found.get(entry.message.id) : undefined
          if (reading) out.set(entry.message.id, reading)
          else
            next.push({
              ...entry,
              copies: entry.copies.slice(1),
              refused: entry.refused || found === null,
              refusedForNow: entry.refusedForNow || found === FOR_NOW
            })
        }
      }
      waiting = next
    }
    return out
  }

  /**
   * The readings of the messages found in the folder, null when it would not be read, or FOR_NOW
   * when the server said so for now.
   * Fetched in small batches of bounded size (fetch-batches.ts): such mail may carry large files,
   * and once other work waits the rest is left (`cut`, with what was read before).
   */
  private async fetchFrom(
    client: ImapFlow,
    path: string,
    entries: Looking[],
    othersWaiting: () => boolean
  ): Promise<Map<number, Reading> | { cut: Map<number, Reading> } | null | typeof FOR_NOW> {
    const byUid = new Map(entries.map((e) => [e.copies[0]!.uid, e.message]))
    const lock = await lockFolder(client, path, { readOnly: true }).catch((error: unknown) =>
      isRefusedForNow(error) ? FOR_NOW : skipRefused(error)
    )
    if (lock === FOR_NOW) return FOR_NOW
    if (!lock) return null
    const out = new Map<number, Reading>()
    let batches = 0
    try {
      for await (const uids of sizedBatches(
        client,
        [...byUid.keys()].sort((a, b) => a - b),
        REPAIR_FETCH
      )) {
        // The folder's first batch was let go already (readAgain asked before it was opened).
        if (batches++ > 0 && othersWaiting()) return { cut: out }
        const fetched = await fetchBatch(client, uids)
        for (const { uid, reading } of await this.parse(fetched)) {
          const message = byUid.get(uid)
          // Messages merged by Message-ID can differ: only this message's own copy repairs it.
          if (message && reading && isCopyOf(message, reading)) out.set(message.id, reading)
        }
      }
    } catch (error) {
      if (isConnectionError(error) || !sessionOpen(client)) throw error
      this.deps.log(`Mail in ${path} could not be read again for its charset: ${String(error)}`)
      return isRefusedForNow(error) ? FOR_NOW : null
    } finally {
      lock.release()
    }
    return out
  }

  /**
   * Today's reading of each fetched copy; none for one the parser could not read whole. Its
   * files are cached again as the parse goes (the same bytes, the same keys); those no stored
   * attachment refers to are left to the cache's sweep at the next start.
   */
  private parse(fetched: Fetched[]): Promise<Array<{ uid: number; reading: Reading | null }>> {
    return Promise.all(
      fetched.map(async (copy) => {
        const parsed = await this.deps.parser.parse(copy.source, copy.internalDate)
        return { uid: copy.uid, reading: parsed.parseError ? null : parsed }
      })
    )
  }
}

/** A queued message looked for on the server: its copies not tried yet, and whether one was refused (for now). */
type Looking = { message: Queued; copies: Copy[]; refused: boolean; refusedForNow: boolean }
