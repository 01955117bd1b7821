import type { ConversationRow, ConversationState } from './conversation-state'
import type { Actor, Timeline } from './timeline'

/**
 * What the conversation a merge absorbed was waiting on, read before the merge deleted it: open
 * (work to do), or snoozed (a reminder the user asked for). A closed one asks nothing of the
 * survivor.
 */
export type AbsorbedStatus =
  { status: 'open' } | { status: 'snoozed'; until: number; wakeTo: 'open' | 'closed' }

/** The absorbed conversation's status, when it was open or live and snoozed. */
export function absorbedStatus(
  row: Pick<ConversationRow, 'status' | 'snoozed_until' | 'status_before_snooze'> | null | undefined
): AbsorbedStatus | null {
  if (row?.status === 'open') return { status: 'open' }
  if (!row || row.status !== 'snoozed' || row.snoozed_until === null) return null
  return { status: 'snoozed', until: row.snoozed_until, wakeTo: row.status_before_snooze ?? 'open' }
}

/**
 * Two conversations became one (a message linked their threads, or the user merged them); what
 * the absorbed one waited on is not lost without a word, on the survivor's timeline:
 * - It was open and the survivor is closed: the survivor opens, as the work it held is still to
 *   do (a snoozed survivor stays snoozed: the user put all of it off).
 * - It was snoozed and the survivor is open: the survivor is in front of the user already, so the
 *   snooze ends there ("the snooze ended"), with no notification.
 * - It was snoozed and the survivor is snoozed or closed: the snooze that wakes first wins, whole
 *   (its time and the status it wakes to; a closed survivor has none of its own), so the reminder
 *   comes when the user asked for the earlier one. Its timeline says "snoozed until".
 */
export function keepAbsorbedStatus(
  state: ConversationState,
  timeline: Timeline,
  survivorId: string,
  absorbed: AbsorbedStatus | null,
  actor: Actor
): void {
  const survivor = state.find(survivorId)
  if (!absorbed || !survivor) return
  const data = { reason: 'thread-merged' } as const
  if (absorbed.status === 'open') {
    if (survivor.status === 'closed') state.setStatus(survivor, 'open', actor, data)
    return
  }
  if (survivor.status === 'open') {
    timeline.record(
      'woken',
      actor,
      { conversationId: survivor.id, contactId: survivor.contact_id },
      { to: 'open', early: true, ...data }
    )
    return
  }
  if (survivor.status === 'snoozed' && (survivor.snoozed_until ?? 0) <= absorbed.until) return
  state.snooze(survivor, absorbed.until, actor, { wakeTo: absorbed.wakeTo, ...data })
}
