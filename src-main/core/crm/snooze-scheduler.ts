import type { Database, Statement } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { PeopleRepository } from '../people/people-repository'
import type { ConversationState } from './conversation-state'
import type { NotificationCenter } from './notification-center'

/**
 * Re-check at least this often, so a clock change or a sleeping laptop cannot delay a wake much,
 * and a snooze another process on the workspace set (the CLI beside the app) is seen.
 */
const MAX_WAIT_MS = 60_000

/** Another process (a CLI import, a backup) held the database past its busy timeout. */
const isBusy = (error: unknown): boolean =>
  /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '')

/**
 * Wakes snoozed conversations when their time comes. The schedule lives in the database
 * (snoozed_until), so a snooze that expired while Rapport was closed wakes at the next start.
 */
export class SnoozeScheduler {
  private timer: NodeJS.Timeout | null = null
  /** Stopped (the workspace closing): a snooze change still under way sets no timer again. */
  private stopped = false
  private readonly due: Statement
  private readonly next: Statement

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly state: ConversationState,
    private readonly people: PeopleRepository,
    private readonly notifications: NotificationCenter,
    private readonly onWoken: (conversationIds: string[]) => void
  ) {
    // Without statistics the planner prefers the status index; the partial index is the right one.
    // A conversation whose mail was all purged from Trash is tombstoned still snoozed: it is not
    // there to wake (a reply to it brings it back, and it wakes then if its time has passed).
    this.due = db.prepare(
      `SELECT id FROM conversations INDEXED BY conv_snoozed_until
        WHERE status = 'snoozed' AND snoozed_until <= ? AND deleted = 0 ORDER BY snoozed_until`
    )
    this.next = db.prepare(
      `SELECT min(snoozed_until) AS at FROM conversations INDEXED BY conv_snoozed_until
        WHERE status = 'snoozed' AND deleted = 0`
    )
  }

  start(): void {
    this.stopped = false
    this.tick()
  }

  stop(): void {
    this.stopped = true
    this.clearTimer()
  }

  /** Wakes every conversation whose snooze has ended; returns their ids. */
  wakeDue(): string[] {
    const woken = this.db.transaction(() => {
      const ids = (this.due.all(this.clock.now()) as Array<{ id: string }>).map((r) => r.id)
      for (const id of ids) {
        const row = this.state.get(id)
        const status = this.state.wake(row, { kind: 'system', id: 'snooze' })
        this.notifications.create({
          memberId:
            row.assignee_id && this.people.find(row.assignee_id) ? row.assignee_id : this.people.localId,
          kind: 'snooze-woken',
          conversationId: id,
          text: `A snoozed conversation is back (${status}).`,
          params: { status }
        })
      }
      return ids
    })()
    if (woken.length > 0) this.onWoken(woken)
    return woken
  }

  /**
   * Call after any snooze change so the timer points at the earliest wake. With nothing snoozed
   * here it still looks every minute: the snoozes live in the database, and another process may
   * add one (`rapport api conversations.snooze` while the app runs) that no call here announces.
   */
  arm(): void {
    const row = this.next.get() as { at: number | null }
    const wait = row.at === null ? MAX_WAIT_MS : Math.min(Math.max(row.at - this.clock.now(), 0), MAX_WAIT_MS)
    this.waitFor(wait)
  }

  /**
   * Wakes what is due, then waits for the next. A database kept busy by another process only puts
   * the wake off to the next look: thrown from the timer, it ended the core (an uncaught exception)
   * and, caught, it left no timer, so no snooze woke again until a restart.
   */
  private tick(): void {
    // Closed without stop() (a host that quit in a hurry): nothing here to wake any more.
    if (!this.db.open) return
    try {
      this.wakeDue()
    } catch (error) {
      if (!isBusy(error)) throw error
      this.waitFor(MAX_WAIT_MS)
      return
    }
    this.arm()
  }

  private waitFor(ms: number): void {
    this.clearTimer()
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.tick()
    }, ms)
    this.timer.unref()
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
