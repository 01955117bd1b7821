import type { ConversationRow, ConversationState } from './conversation-state'
import type { Actor, Timeline } from './timeline'

/** The snooze of a conversation a merge absorbed, read before the merge deleted it. */
export type AbsorbedSnooze = { until: number; wakeTo: 'open' | 'closed' }

/** The absorbed conversation's snooze, when it was live and snoozed. */
export function absorbedSnooze(
  row: Pick<ConversationRow, 'status' | 'snoozed_until' | 'status_before_snooze'> | null | undefined
): AbsorbedSnooze | null {
  if (!row || row.status !== 'snoozed' || row.snoozed_until === null) return null
  return { until: row.snoozed_until, wakeTo: row.status_before_snooze ?? 'open' }
}

/**
 * Two conversations became one (a message linked their threads, or the user merged them) and the
 * absorbed one was snoozed: the snooze is not lost without a word.
 * - The survivor is open: it is in front of the user already, so the snooze ends there, and its
 *   timeline says so ("the snooze ended"), with no notification.
 * - The survivor is snoozed or closed: the snooze that wakes first wins, whole (its time and the
 *   status it wakes to; a closed survivor has none of its own), so the reminder comes when the
 *   user asked for the earlier one. Its timeline says "snoozed until".
 */
export function keepAbsorbedSnooze(
  state: ConversationState,
  timeline: Timeline,
  survivorId: string,
  snooze: AbsorbedSnooze | null,
  actor: Actor
): void {
  const survivor = state.find(survivorId)
  if (!snooze || !survivor) return
  const data = { reason: 'thread-merged' }
  if (survivor.status === 'open') {
    timeline.record(
      'woken',
      actor,
      { conversationId: survivor.id, contactId: survivor.contact_id },
      { to: 'open', early: true, ...data }
    )
    return
  }
  if (survivor.status === 'snoozed' && (survivor.snoozed_until ?? 0) <= snooze.until) return
  state.snooze(survivor, snooze.until, actor, { wakeTo: snooze.wakeTo, ...data })
}
