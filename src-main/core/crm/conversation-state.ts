import type { Database, Statement } from 'better-sqlite3'
import type { TimelineReason } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import type { Actor, Timeline } from './timeline'

export type Status = 'open' | 'closed' | 'snoozed'

/** Milliseconds a conversation has spent in each status, the current one up to now. */
export type StatusDurations = { openMs: number; closedMs: number; snoozedMs: number }

export type DurationColumns = {
  status: Status
  status_changed_at: number
  open_ms: number
  closed_ms: number
  snoozed_ms: number
}

/** The stored sums plus the running stint (unknown when status_changed_at is 0). */
export function statusDurations(row: DurationColumns, now: number): StatusDurations {
  const running = row.status_changed_at > 0 ? Math.max(0, now - row.status_changed_at) : 0
  return {
    openMs: row.open_ms + (row.status === 'open' ? running : 0),
    closedMs: row.closed_ms + (row.status === 'closed' ? running : 0),
    snoozedMs: row.snoozed_ms + (row.status === 'snoozed' ? running : 0)
  }
}

export type ConversationRow = {
  id: string
  account_id: number
  thread_id: number
  contact_id: string | null
  status: Status
  status_before_snooze: 'open' | 'closed' | null
  status_since: number
  snoozed_until: number | null
  assignee_id: string | null
  team_id: string | null
  blocked: number
  last_message_at: number
}

/**
 * The one place conversation status and assignment change, so every change lands in the
 * timeline with its actor. `status_since` is when the current open/closed status began: a
 * snooze keeps it, so "time in status" of a snoozed conversation is that of the status before.
 */
export class ConversationState {
  private readonly byId: Statement
  private readonly byThread: Statement
  private readonly writeStatus: Statement
  private readonly writeAssignee: Statement

  constructor(
    db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock,
    private readonly timeline: Timeline
  ) {
    const columns = `id, account_id, thread_id, contact_id, status, status_before_snooze, status_since, snoozed_until,
      assignee_id, team_id, blocked, last_message_at`
    this.byId = db.prepare(`SELECT ${columns} FROM conversations WHERE id = ? AND deleted = 0`)
    this.byThread = db.prepare(`SELECT ${columns} FROM conversations WHERE thread_id = ? AND deleted = 0`)
    // The stint that ends is added to the sum of the status it was in (the right-hand sides of an
    // UPDATE see the row as it was).
    const stint = (status: Status) =>
      `CASE WHEN status = '${status}' AND status_changed_at > 0 THEN max(0, @now - status_changed_at) ELSE 0 END`
    this.writeStatus = db.prepare(`UPDATE conversations SET status = @status, status_before_snooze = @before,
      status_since = @since, status_changed_at = @now, snoozed_until = @until, hlc = @hlc, updated_by = @by,
      open_ms = open_ms + ${stint('open')}, closed_ms = closed_ms + ${stint('closed')},
      snoozed_ms = snoozed_ms + ${stint('snoozed')}
      WHERE id = @id`)
    this.writeAssignee = db.prepare(
      'UPDATE conversations SET assignee_id = ?, team_id = ?, hlc = ?, updated_by = ? WHERE id = ?'
    )
  }

  find(id: string): ConversationRow | null {
    return (this.byId.get(id) as ConversationRow | undefined) ?? null
  }

  get(id: string): ConversationRow {
    const row = this.find(id)
    if (!row) throw new CoreError('NOT_FOUND', `There is no conversation with id ${id}.`)
    return row
  }

  ofThread(threadId: number): ConversationRow | null {
    return (this.byThread.get(threadId) as ConversationRow | undefined) ?? null
  }

  /** Open or close. Returns false when it already had that status. */
  setStatus(
    row: ConversationRow,
    status: 'open' | 'closed',
    actor: Actor,
    data: { reason?: TimelineReason } = {}
  ): boolean {
    if (row.status === status) return false
    const now = this.clock.now()
    this.write(row, { status, before: null, since: now, until: null }, actor)
    this.timeline.record(status === 'open' ? 'opened' : 'closed', actor, this.target(row), {
      from: row.status,
      ...data
    })
    return true
  }

  /**
   * `wakeTo`: the status it wakes to, when not the one it has (a snooze carried over from a
   * conversation a merge absorbed, merged-status.ts); `reason` goes into the timeline.
   */
  snooze(
    row: ConversationRow,
    until: number,
    actor: Actor,
    carried: { wakeTo: 'open' | 'closed'; reason: TimelineReason } | null = null
  ): void {
    const own = row.status === 'snoozed' ? row.status_before_snooze : row.status
    const before = carried?.wakeTo ?? own
    // Waking to another status than its own, that status begins now (the time it had is unknown).
    const since = before === own ? row.status_since : this.clock.now()
    this.write(row, { status: 'snoozed', before, since, until }, actor)
    this.timeline.record(
      'snoozed',
      actor,
      this.target(row),
      carried ? { until, reason: carried.reason } : { until }
    )
  }

  /** Ends a snooze, back to the status it had before (unsnooze early, or the snooze expired). */
  wake(row: ConversationRow, actor: Actor): 'open' | 'closed' {
    const status = row.status_before_snooze ?? 'open'
    this.write(row, { status, before: null, since: row.status_since, until: null }, actor)
    this.timeline.record('woken', actor, this.target(row), { to: status, early: actor.kind === 'user' })
    return status
  }

  assign(row: ConversationRow, memberId: string | null, teamId: string | null, actor: Actor): void {
    if (row.assignee_id === memberId && row.team_id === teamId) return
    this.writeAssignee.run(memberId, teamId, this.hlc.tick(), actor.id, row.id)
    if (row.assignee_id !== memberId) {
      this.timeline.record(
        memberId ? 'assigned' : 'unassigned',
        actor,
        this.target(row),
        memberId ? { to: memberId, from: row.assignee_id } : { from: row.assignee_id }
      )
    }
    if (row.team_id !== teamId)
      this.timeline.record(teamId ? 'assigned' : 'unassigned', actor, this.target(row), {
        team: teamId,
        fromTeam: row.team_id
      })
  }

  assignFailed(row: ConversationRow, actor: Actor, reason: TimelineReason, memberId: string | null): void {
    this.timeline.record('assign_failed', actor, this.target(row), { reason, to: memberId })
  }

  private target(row: ConversationRow) {
    return { conversationId: row.id, contactId: row.contact_id }
  }

  private write(
    row: ConversationRow,
    next: { status: Status; before: 'open' | 'closed' | null; since: number; until: number | null },
    actor: Actor
  ): void {
    this.writeStatus.run({
      id: row.id,
      status: next.status,
      before: next.before,
      since: next.since,
      until: next.until,
      now: this.clock.now(),
      hlc: this.hlc.tick(),
      by: actor.id
    })
  }
}
