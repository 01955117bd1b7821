import type { TimelineReason } from '../../../src-preload/contract'
import { canSeeConversation } from '../../../src-preload/contract/conversation-visibility'
import type { Clock } from '../clock'
import { CoreError } from '../errors'
import type { Member, PeopleRepository } from '../people/people-repository'
import type { ConversationRow, ConversationState } from './conversation-state'
import { snoozeUntil, type SnoozePreset } from './snooze-times'
import type { Actor } from './timeline'

/** A preset's 09:00 is in `timeZone` (the user's, IANA) when given, else in the core's zone. */
export type SnoozeInput = { preset: SnoozePreset; timeZone?: string } | { until: number }

/** The user's quick actions on a conversation: close, open, assign, snooze, unsnooze. */
export class ConversationService {
  constructor(
    private readonly state: ConversationState,
    private readonly people: PeopleRepository,
    private readonly clock: Clock,
    private readonly onSnoozeChanged: () => void
  ) {}

  close(id: string, actor = this.me()): ConversationRow {
    const row = this.visible(id, actor)
    if (row.status === 'snoozed') this.state.wake(row, actor)
    this.state.setStatus(this.state.get(id), 'closed', actor)
    this.onSnoozeChanged()
    return this.state.get(id)
  }

  open(id: string, actor = this.me()): ConversationRow {
    const row = this.visible(id, actor)
    if (row.status === 'snoozed') this.state.wake(row, actor)
    this.state.setStatus(this.state.get(id), 'open', actor)
    this.onSnoozeChanged()
    return this.state.get(id)
  }

  /** Assigns to a member (or nobody) and/or a team; either left out stays. An impossible assignment is recorded. */
  assign(
    id: string,
    to: { memberId?: string | null; teamId?: string | null },
    actor = this.me()
  ): ConversationRow {
    const row = this.visible(id, actor)
    // Left out, the assignee (or team) stays: choosing a team keeps whoever has it.
    const memberId = to.memberId === undefined ? row.assignee_id : to.memberId
    const teamId = to.teamId === undefined ? row.team_id : to.teamId
    // The timeline keeps a code the UI translates; the caller gets the sentence.
    const failure: { reason: TimelineReason; message: string } | null =
      memberId && !this.people.find(memberId)
        ? { reason: 'member-not-found', message: `There is no member with id ${memberId}.` }
        : teamId && !this.people.teamExists(teamId)
          ? { reason: 'team-not-found', message: `There is no team with id ${teamId}.` }
          : null
    if (failure) {
      this.state.assignFailed(row, actor, failure.reason, memberId)
      throw new CoreError('NOT_FOUND', failure.message)
    }
    this.state.assign(row, memberId, teamId, actor)
    return this.state.get(id)
  }

  snooze(id: string, input: SnoozeInput, actor = this.me()): ConversationRow {
    const row = this.visible(id, actor)
    if (row.blocked === 1)
      throw new CoreError(
        'CONTACT_BLOCKED',
        'This contact is blocked: their conversations cannot be snoozed.'
      )
    const now = this.clock.now()
    const until = 'preset' in input ? snoozeUntil(input.preset, now, input.timeZone) : input.until
    if (until <= now) throw new CoreError('INVALID_INPUT', 'Snooze until a time in the future.', 'until')
    this.state.snooze(row, until, actor)
    this.onSnoozeChanged()
    return this.state.get(id)
  }

  unsnooze(id: string, actor = this.me()): ConversationRow {
    const row = this.visible(id, actor)
    if (row.status !== 'snoozed') return row
    this.state.wake(row, actor)
    this.onSnoozeChanged()
    return this.state.get(id)
  }

  private me(): Actor {
    return { kind: 'user', id: this.people.localId }
  }

  /** The conversation, if the acting member's role lets them see it. */
  private visible(id: string, actor: Actor): ConversationRow {
    const row = this.state.get(id)
    const member = actor.kind === 'user' && actor.id ? this.people.find(actor.id) : null
    if (member && !canSeeRow(member, row))
      throw new CoreError('FORBIDDEN', 'Your role does not let you see this conversation.')
    return row
  }
}

/** canSeeConversation (the contract's rule) over a conversation row. */
export const canSeeRow = (member: Member, row: Pick<ConversationRow, 'assignee_id' | 'team_id'>): boolean =>
  canSeeConversation(member, { assigneeId: row.assignee_id, teamId: row.team_id })
