import type { Database, Statement } from 'better-sqlite3'
import type { ThreadsMerged } from '../../../src-preload/contract'
import { absorbedStatus, type AbsorbedStatus } from '../crm/merged-status'
import { moveReplyDrafts } from '../drafts/draft-moves'
import { isReplySubject, normalizeSubject } from './subject'

/** The id a new thread takes: never one given before (migration 0034), so a merged one's is not reused. */
export const NEXT_THREAD_ID = '(SELECT last_id + 1 FROM thread_ids_given)'

export type ThreadInput = {
  accountId: number
  messageId: string
  inReplyTo: string | null
  references: string[]
  subject: string
  /** Addresses of sender and recipients, for the guarded subject fallback. */
  participants: string[]
  threadingEnabled: boolean
}

/**
 * The newest thread with the same normalized subject that shares a participant. Served by the
 * index threads_by_subject (migration 0008): one seek, not a scan of the account's threads.
 * Parameters: account id, normalized subject, JSON array of participant addresses.
 */
export const SUBJECT_FALLBACK_SQL = `SELECT t.id FROM threads t
      WHERE t.account_id = ? AND t.normalized_subject = ? AND t.normalized_subject <> ''
        AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.from_address IN (SELECT value FROM json_each(?)))
      ORDER BY t.last_message_at DESC LIMIT 1`

/**
 * A thread of the given normalized subject holding a stored message that refers to the given
 * Message-ID (In-Reply-To or References): a reply to the original subject that could not join
 * the placeholder of its parent because an edited-subject reply held it. Only asked when a
 * message reclaims placeholders (rare); the threads are found with threads_by_subject and their
 * messages with messages_by_thread. Parameters: account id, normalized subject, Message-ID twice.
 */
const REPLY_OF_SQL = `SELECT t.id FROM threads t
      WHERE t.account_id = ? AND t.normalized_subject = ? AND t.normalized_subject <> ''
        AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id
          AND (m.in_reply_to = ? OR EXISTS (SELECT 1 FROM json_each(m.references_json) r WHERE r.value = ?)))
      ORDER BY t.id LIMIT 1`

/**
 * The subjects of the stored messages of a thread that refer to a Message-ID (In-Reply-To or
 * References). Asked only when the thread's subject is not the message's (a reply that edited the
 * subject, or a thread merged by hand). Parameters: thread id, Message-ID twice.
 */
const REFERRERS_SQL = `SELECT m.subject FROM messages m WHERE m.thread_id = ?
      AND (m.in_reply_to = ? OR EXISTS (SELECT 1 FROM json_each(m.references_json) r WHERE r.value = ?))`

/**
 * Assigns messages to threads incrementally, in the spirit of JWZ threading:
 * - every Message-ID a thread has seen, including referenced parents we don't have, is mapped
 *   to the thread (thread_message_ids), so a reply that arrives first leaves a "ghost" its
 *   parent later joins;
 * - a message whose references span several threads merges them;
 * - a reply whose subject was edited starts a new thread: a message joins a thread (through a
 *   referenced id or its own placeholder) only if their normalized subjects match or one is
 *   empty, so a thread's normalized_subject is that of all its messages, the oldest included,
 *   whichever arrived first;
 * - a message whose own id (or a referenced id) is only a placeholder in the thread of a reply
 *   with another subject is the original of an edited reply, which arrived first: it takes the
 *   placeholders back instead of joining that thread, as it would have stored oldest first;
 * - without any references, a reply joins a thread with the same normalized subject only when
 *   they share a participant;
 * - reference loops and self-references are harmless because we map ids, not a tree.
 */
type Conversation = { id: string; deleted: number }

export class ThreadBuilder {
  private readonly findThreadOfId: Statement
  private readonly threadSubject: Statement
  private readonly insertThread: Statement
  private readonly mapId: Statement
  private readonly subjectFallback: Statement
  private readonly decision: Statement
  private readonly hasSplit: Statement
  private readonly remapId: Statement
  private readonly storedSubject: Statement
  private readonly replyOf: Statement
  private readonly referrers: Statement
  private readonly strangers: Statement
  private readonly mergedByHand: Statement
  private readonly holdsAnother: Statement

  constructor(
    private readonly db: Database,
    /** Every merge, with the reply drafts it moved: the windows holding them must follow. */
    private readonly merged: (merge: ThreadsMerged) => void = () => undefined,
    /**
     * Two conversations became one (in the same transaction): their timeline says so, and the
     * absorbed one's status (open, or snoozed) is not lost without a word (merged-status.ts).
     */
    private readonly conversationsMerged: (
      survivor: string,
      absorbed: string,
      fromThread: number,
      waiting: AbsorbedStatus | null
    ) => void = () => undefined
  ) {
    this.findThreadOfId = db.prepare(
      'SELECT thread_id FROM thread_message_ids WHERE account_id = ? AND message_id = ?'
    )
    this.threadSubject = db.prepare('SELECT normalized_subject FROM threads WHERE id = ?')
    this.insertThread = db.prepare(
      `INSERT INTO threads (id, account_id, subject, normalized_subject) VALUES (${NEXT_THREAD_ID}, ?, ?, ?)`
    )
    this.mapId = db.prepare(
      'INSERT OR IGNORE INTO thread_message_ids (account_id, message_id, thread_id) VALUES (?, ?, ?)'
    )
    // Manual split/merge decisions (thread-decisions.ts), by Message-ID so they survive re-sync.
    this.decision = db.prepare(
      'SELECT kind, partner_id FROM thread_decisions WHERE account_id = ? AND message_id = ?'
    )
    this.hasSplit = db.prepare(`SELECT 1 FROM messages m JOIN thread_decisions d
      ON d.account_id = m.account_id AND d.message_id = m.message_id AND d.kind = 'split'
      WHERE m.thread_id IN (SELECT value FROM json_each(?)) LIMIT 1`)
    this.subjectFallback = db.prepare(SUBJECT_FALLBACK_SQL)
    this.remapId =
      db.prepare(`INSERT INTO thread_message_ids (account_id, message_id, thread_id) VALUES (?, ?, ?)
      ON CONFLICT (account_id, message_id) DO UPDATE SET thread_id = excluded.thread_id`)
    this.storedSubject = db.prepare('SELECT subject FROM messages WHERE account_id = ? AND message_id = ?')
    this.replyOf = db.prepare(REPLY_OF_SQL)
    this.referrers = db.prepare(REFERRERS_SQL)
    // Messages merged by hand (few) from one of the participants, newest thread first: their
    // thread keeps the subject of the thread they joined, so the subject fallback cannot find them.
    this.mergedByHand = db.prepare(`SELECT m.thread_id, m.subject, t.last_message_at FROM thread_decisions d
      JOIN messages m ON m.account_id = d.account_id AND m.message_id = d.message_id
      JOIN threads t ON t.id = m.thread_id
      WHERE d.account_id = ? AND d.kind = 'merge' AND m.from_address IN (SELECT value FROM json_each(?))
      ORDER BY t.last_message_at DESC`)
    this.holdsAnother = db.prepare('SELECT 1 FROM messages WHERE thread_id = ? AND message_id <> ? LIMIT 1')
    // Stored messages of a thread that refer neither to the given id nor are it: any, and the
    // thread is more than the replies to that message.
    this.strangers = db.prepare(`SELECT 1 FROM messages m WHERE m.thread_id = ? AND m.message_id <> ?
      AND (m.in_reply_to IS NULL OR m.in_reply_to <> ?)
      AND NOT EXISTS (SELECT 1 FROM json_each(m.references_json) r WHERE r.value = ?) LIMIT 1`)
  }

  /** Returns the thread id for the message and records its ids. Call inside a transaction. */
  assign(input: ThreadInput): number {
    const normalized = normalizeSubject(input.subject)
    const decision = this.decision.get(input.accountId, input.messageId) as
      { kind: 'split' | 'merge'; partner_id: string | null } | undefined
    if (decision?.kind === 'split') {
      const own = this.threadOf(input.accountId, input.messageId)
      return own ?? this.createThread(input, normalized, [input.messageId])
    }
    if (!input.threadingEnabled) {
      // One message, one thread: our id may be a placeholder left by a reply stored while threading
      // was on, and that thread is not ours to join.
      const own = this.threadOf(input.accountId, input.messageId)
      if (own !== null && !this.holdsAnother.get(own, input.messageId)) return own
      const created = this.createThread(input, normalized, [])
      this.remapId.run(input.accountId, input.messageId, created)
      return created
    }

    const related = [...new Set([...input.references, ...(input.inReplyTo ? [input.inReplyTo] : [])])].filter(
      (id) => id !== input.messageId
    )
    const candidates = new Set<number>()
    const own = this.threadOf(input.accountId, input.messageId)
    // Our id is a placeholder left by a reply that arrived first. If that reply's thread has
    // another subject, the reply edited ours: reclaim our id (and the placeholders of our own
    // parents it holds) rather than joining it.
    // Not when a reply there has our subject: that thread took it (and our id) in a merge by hand.
    const reclaimFrom =
      own !== null &&
      this.subjectWasEdited(own, normalized) &&
      !this.referredWithSubject(own, input.messageId, normalized)
        ? own
        : null
    const reclaimed = reclaimFrom === null ? [] : [input.messageId]
    if (own !== null && reclaimFrom === null) candidates.add(own)
    const partner = decision?.partner_id ? this.threadOf(input.accountId, decision.partner_id) : null
    if (partner !== null) candidates.add(partner)

    for (const id of related) {
      const thread = this.threadOf(input.accountId, id)
      if (thread === null || candidates.has(thread)) continue
      // A thread of another subject holds the message we answer: we edited its subject, unless that
      // message has ours (it was merged by hand into that thread, and we answer it as it was).
      if (
        this.subjectWasEdited(thread, normalized) &&
        !this.hasSubject(input.accountId, id, normalized) &&
        !this.referredWithSubject(thread, id, normalized)
      ) {
        if (thread === reclaimFrom && !this.storedSubject.get(input.accountId, id)) reclaimed.push(id)
        continue
      }
      candidates.add(thread)
    }
    // Replies to our subject that arrived while the edited reply held those placeholders could
    // not join them, and started threads of their own: join them now.
    for (const id of reclaimed) {
      const row = this.replyOf.get(input.accountId, normalized, id, id) as { id: number } | undefined
      if (row) candidates.add(row.id)
    }

    if (candidates.size === 0 && related.length === 0 && isReplySubject(input.subject)) {
      const row = this.subjectFallback.get(
        input.accountId,
        normalized,
        JSON.stringify(input.participants)
      ) as { id: number } | undefined
      // Or a thread of another subject, holding mail of ours merged there by hand: the newer one.
      const merged = this.mergedInto(input.accountId, normalized, input.participants)
      const chosen =
        row && merged
          ? merged.lastMessageAt > this.lastMessageAt(row.id)
            ? merged.id
            : row.id
          : (merged?.id ?? row?.id)
      if (chosen !== undefined) candidates.add(chosen)
    }

    const relatedToMap = related.filter((id) => {
      const thread = this.threadOf(input.accountId, id)
      return thread === null || candidates.has(thread)
    })
    if (candidates.size === 0) {
      const created = this.createThread(input, normalized, [input.messageId, ...relatedToMap])
      for (const id of reclaimed) this.remapId.run(input.accountId, id, created)
      return created
    }

    // Never undo a manual split by merging around it: join the thread of the direct parent.
    if (candidates.size > 1 && this.hasSplit.get(JSON.stringify([...candidates]))) {
      const parent = input.inReplyTo ? this.threadOf(input.accountId, input.inReplyTo) : null
      const keep = parent !== null && candidates.has(parent) ? parent : Math.max(...candidates)
      // Replies to this message that arrived before it (its own placeholder's thread, holding
      // nothing else) go where it goes: they are no side of the split.
      const replies =
        own !== null && reclaimFrom === null && candidates.has(own) && !this.holdsOthers(own, input.messageId)
          ? own
          : null
      candidates.clear()
      candidates.add(keep)
      if (replies !== null) candidates.add(replies)
    }
    const [target, ...others] = [...candidates].sort((a, b) => a - b) as [number, ...number[]]
    for (const other of others) this.mergeThreads(target, other)
    for (const id of [input.messageId, ...relatedToMap]) this.mapId.run(input.accountId, id, target)
    for (const id of reclaimed) this.remapId.run(input.accountId, id, target)
    return target
  }

  /** Moves everything from `source` into `target` (its reply drafts too) and removes `source`. */
  mergeThreads(target: number, source: number): void {
    if (target === source) return
    this.db.prepare('UPDATE messages SET thread_id = ? WHERE thread_id = ?').run(target, source)
    this.db.prepare('UPDATE thread_message_ids SET thread_id = ? WHERE thread_id = ?').run(target, source)
    const conversationOf = this.db.prepare('SELECT id, deleted FROM conversations WHERE thread_id = ?')
    const targetConversation = conversationOf.get(target) as Conversation | undefined
    const sourceConversation = conversationOf.get(source) as Conversation | undefined
    if (sourceConversation && targetConversation) {
      // A live conversation outlives one kept only as a tombstone (its mail purged from Trash),
      // whichever thread id stays; otherwise the target's does.
      const [survivor, absorbed] =
        targetConversation.deleted === 1 && sourceConversation.deleted === 0
          ? [sourceConversation, targetConversation]
          : [targetConversation, sourceConversation]
      // Read before the absorbed row goes; a tombstone's status ended with it.
      const waiting = absorbedStatus(
        this.db
          .prepare(
            'SELECT status, snoozed_until, status_before_snooze FROM conversations WHERE id = ? AND deleted = 0'
          )
          .get(absorbed.id) as Parameters<typeof absorbedStatus>[0]
      )
      this.absorbConversation(survivor.id, absorbed.id)
      this.db.prepare('UPDATE conversations SET thread_id = ? WHERE id = ?').run(target, survivor.id)
      this.conversationsMerged(survivor.id, absorbed.id, source, waiting)
    } else if (sourceConversation) {
      this.db
        .prepare('UPDATE conversations SET thread_id = ? WHERE id = ?')
        .run(target, sourceConversation.id)
    }
    const drafts = moveReplyDrafts(this.db, source, target)
    // A reply still in the outbox is shown at the end of its conversation (by thread) until sent.
    this.db.prepare('UPDATE outbox SET thread_id = ? WHERE thread_id = ?').run(target, source)
    this.db.prepare('DELETE FROM threads WHERE id = ?').run(source)
    // Announced even when no draft of the core's moved: a window may hold a reply never saved.
    this.merged({ from: source, to: target, drafts })
  }

  /**
   * Keeps what belonged to `absorbed` (its timeline, internal comments, notifications, custom
   * inbox entries and lead links) on `survivor`, then deletes `absorbed`: its rows would otherwise go with it.
   */
  private absorbConversation(survivor: string, absorbed: string): void {
    // Who it was assigned to, its team and contact, where the survivor has none (a live one's only):
    // the absorbed conversation's timeline, kept below, says so, and its inbox showed it.
    this.db
      .prepare(
        `UPDATE conversations SET
           assignee_id = coalesce(assignee_id, (SELECT a.assignee_id FROM conversations a WHERE a.id = @absorbed AND a.deleted = 0)),
           team_id = coalesce(team_id, (SELECT a.team_id FROM conversations a WHERE a.id = @absorbed AND a.deleted = 0)),
           contact_id = coalesce(contact_id, (SELECT a.contact_id FROM conversations a WHERE a.id = @absorbed AND a.deleted = 0))
         WHERE id = @survivor`
      )
      .run({ survivor, absorbed })
    for (const table of ['events', 'comments', 'notifications'])
      this.db
        .prepare(`UPDATE ${table} SET conversation_id = ? WHERE conversation_id = ?`)
        .run(survivor, absorbed)
    this.db
      .prepare('UPDATE OR IGNORE custom_inbox_items SET conversation_id = ? WHERE conversation_id = ?')
      .run(survivor, absorbed)
    // Leads name conversations by id (no foreign key): a lead of both keeps one link, the survivor's.
    this.db
      .prepare("UPDATE OR IGNORE lead_links SET target_id = ? WHERE kind = 'conversation' AND target_id = ?")
      .run(survivor, absorbed)
    this.db.prepare("DELETE FROM lead_links WHERE kind = 'conversation' AND target_id = ?").run(absorbed)
    this.db.prepare('DELETE FROM conversations WHERE id = ?').run(absorbed)
  }

  private threadOf(accountId: number, messageId: string): number | null {
    const row = this.findThreadOfId.get(accountId, messageId) as { thread_id: number } | undefined
    return row?.thread_id ?? null
  }

  private subjectWasEdited(threadId: number, normalized: string): boolean {
    const row = this.threadSubject.get(threadId) as { normalized_subject: string } | undefined
    if (!row || !row.normalized_subject || !normalized) return false
    // Normalized again: a thread stored before a prefix was known ("odp: faktura") still matches
    // its replies. Only when they differ, so the usual case costs nothing.
    return row.normalized_subject !== normalized && normalizeSubject(row.normalized_subject) !== normalized
  }

  /**
   * Whether a stored message of the thread that refers to `messageId` has this subject: its
   * replies were merged there by hand, so the other subject is no edit of ours.
   */
  private referredWithSubject(threadId: number, messageId: string, normalized: string): boolean {
    const rows = this.referrers.all(threadId, messageId, messageId) as Array<{ subject: string }>
    return rows.some((row) => normalizeSubject(row.subject) === normalized)
  }

  /** The newest thread holding a message of this subject from a participant, merged there by hand. */
  private mergedInto(
    accountId: number,
    normalized: string,
    participants: string[]
  ): { id: number; lastMessageAt: number } | null {
    if (!normalized) return null
    const rows = this.mergedByHand.all(accountId, JSON.stringify(participants)) as Array<{
      thread_id: number
      subject: string
      last_message_at: number
    }>
    const row = rows.find((r) => normalizeSubject(r.subject) === normalized)
    return row ? { id: row.thread_id, lastMessageAt: row.last_message_at } : null
  }

  private lastMessageAt(threadId: number): number {
    const row = this.db.prepare('SELECT last_message_at FROM threads WHERE id = ?').get(threadId) as
      { last_message_at: number } | undefined
    return row?.last_message_at ?? 0
  }

  /** Whether the thread holds a stored message that neither is `messageId` nor refers to it. */
  private holdsOthers(threadId: number, messageId: string): boolean {
    return this.strangers.get(threadId, messageId, messageId, messageId) !== undefined
  }

  /** Whether the stored message `messageId` has this (normalized) subject. */
  private hasSubject(accountId: number, messageId: string, normalized: string): boolean {
    const row = this.storedSubject.get(accountId, messageId) as { subject: string } | undefined
    return row !== undefined && normalizeSubject(row.subject) === normalized
  }

  private createThread(input: ThreadInput, normalized: string, ids: string[]): number {
    const threadId = Number(this.insertThread.run(input.accountId, input.subject, normalized).lastInsertRowid)
    for (const id of ids) this.mapId.run(input.accountId, id, threadId)
    return threadId
  }
}
