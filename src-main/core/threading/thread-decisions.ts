import type { Database } from 'better-sqlite3'
import type { ThreadsMerged } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import { CoreError } from '../errors'
import { ThreadAggregates } from './thread-aggregates'
import { NEXT_THREAD_ID, ThreadBuilder } from './thread-builder'

export type ThreadChange = { threadIds: number[]; messageId: string }

/**
 * Manual threading: split a message out of its thread, merge two threads, and the per-mailbox
 * threading switch. Decisions are kept by Message-ID in thread_decisions, which ThreadBuilder
 * consults, so they survive re-sync and re-import.
 */
export class ThreadDecisions {
  private readonly builder: ThreadBuilder
  private readonly aggregates: ThreadAggregates

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Every merge made here, with the reply drafts it moved (ThreadBuilder.mergeThreads). */
    merged?: (merge: ThreadsMerged) => void
  ) {
    this.builder = new ThreadBuilder(db, merged)
    this.aggregates = new ThreadAggregates(db)
  }

  /** Moves one message into a thread of its own; returns the old and the new thread. */
  split(messagePk: number): { fromThreadId: number; toThreadId: number } {
    const message = this.db
      .prepare('SELECT account_id, message_id, thread_id, subject FROM messages WHERE id = ?')
      .get(messagePk) as
      { account_id: number; message_id: string; thread_id: number | null; subject: string } | undefined
    if (!message || message.thread_id === null)
      throw new CoreError('NOT_FOUND', `There is no message with id ${messagePk}.`)
    const count = this.db
      .prepare('SELECT count(*) AS n FROM messages WHERE thread_id = ?')
      .get(message.thread_id) as { n: number }
    if (count.n < 2) throw new CoreError('INVALID_INPUT', 'This message is already alone in its thread.')
    return this.db.transaction(() => {
      const from = message.thread_id!
      const to = Number(
        this.db
          .prepare(
            `INSERT INTO threads (id, account_id, subject, normalized_subject)
             SELECT ${NEXT_THREAD_ID}, account_id, ?, normalized_subject FROM threads WHERE id = ?`
          )
          .run(message.subject, from).lastInsertRowid
      )
      this.db.prepare('UPDATE messages SET thread_id = ? WHERE id = ?').run(to, messagePk)
      this.db
        .prepare('UPDATE thread_message_ids SET thread_id = ? WHERE account_id = ? AND message_id = ?')
        .run(to, message.account_id, message.message_id)
      this.decide(message.account_id, message.message_id, 'split', null)
      this.aggregates.refresh([from, to])
      return { fromThreadId: from, toThreadId: to }
    })()
  }

  /** Moves every message of `sourceThreadId` into `targetThreadId`. */
  merge(targetThreadId: number, sourceThreadId: number): void {
    if (targetThreadId === sourceThreadId)
      throw new CoreError('INVALID_INPUT', 'Pick two different threads to merge.')
    const threads = this.db
      .prepare('SELECT id, account_id FROM threads WHERE id IN (?, ?)')
      .all(targetThreadId, sourceThreadId) as Array<{ id: number; account_id: number }>
    if (threads.length !== 2) throw new CoreError('NOT_FOUND', 'One of the threads does not exist.')
    if (threads[0]!.account_id !== threads[1]!.account_id)
      throw new CoreError('INVALID_INPUT', 'Only threads of the same mailbox can be merged.')
    const accountId = threads[0]!.account_id
    this.db.transaction(() => {
      const anchor = this.db
        .prepare('SELECT message_id FROM messages WHERE thread_id = ? ORDER BY date, id LIMIT 1')
        .get(targetThreadId) as { message_id: string } | undefined
      const moved = this.db
        .prepare('SELECT message_id FROM messages WHERE thread_id = ?')
        .all(sourceThreadId) as Array<{
        message_id: string
      }>
      this.builder.mergeThreads(targetThreadId, sourceThreadId)
      for (const m of moved) this.decide(accountId, m.message_id, 'merge', anchor?.message_id ?? null)
      this.aggregates.refresh([targetThreadId])
    })()
  }

  /** Recomputes the list columns of threads (and their conversations) after a manual change. */
  refresh(threadIds: number[]): void {
    this.aggregates.refresh(threadIds)
  }

  setThreading(accountId: number, enabled: boolean): void {
    const changed = this.db
      .prepare('UPDATE accounts SET threading_enabled = ? WHERE id = ?')
      .run(enabled ? 1 : 0, accountId)
    if (changed.changes === 0) throw new CoreError('NOT_FOUND', `There is no account with id ${accountId}.`)
  }

  private decide(
    accountId: number,
    messageId: string,
    kind: 'split' | 'merge',
    partner: string | null
  ): void {
    this.db
      .prepare(
        `INSERT INTO thread_decisions (account_id, message_id, kind, partner_id, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, message_id) DO UPDATE SET kind = excluded.kind, partner_id = excluded.partner_id,
           created_at = excluded.created_at`
      )
      .run(accountId, messageId, kind, partner, this.clock.now())
  }
}
