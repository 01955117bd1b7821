import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import { CoreError } from '../errors'
import { prepared } from '../db/statement-cache'
import type { Member } from '../people/people-repository'

export type InboxRef =
  'all' | 'mine' | 'unassigned' | 'blocked' | { team: string } | { custom: string } | { account: number }

/** A stable text key for an inbox: 'all', 'mine', 'team:<id>', 'custom:<id>', 'account:<id>'. */
export function inboxKey(inbox: InboxRef): string {
  if (typeof inbox === 'string') return inbox
  if ('account' in inbox) return `account:${inbox.account}`
  return 'team' in inbox ? `team:${inbox.team}` : `custom:${inbox.custom}`
}

/**
 * Role visibility: an own-only agent sees only Mine; a team-restricted agent sees Mine and their
 * teams' inboxes; everyone else sees every inbox. Custom inboxes are checked by their owner rules.
 */
export function canSeeInbox(member: Member, inbox: InboxRef): boolean {
  if (member.role !== 'agent' || member.visibility === 'none') return true
  if (inbox === 'mine') return true
  if (member.visibility === 'own') return false
  return typeof inbox === 'object' && 'team' in inbox && member.teamIds.includes(inbox.team)
}

export function assertCanSeeInbox(member: Member, inbox: InboxRef): void {
  if (!canSeeInbox(member, inbox))
    throw new CoreError('FORBIDDEN', 'Your role does not let you see this inbox.')
}

type Placement = { account_id: number; assignee_id: string | null; team_id: string | null; blocked: number }

/**
 * New-message dots. New mail lights only the highest-priority inbox it belongs to for each member,
 * in the order Mine > Team > Unassigned > All, and, while there is more than one mailbox, its
 * mailbox's inbox too (which mailbox it came to is another question than whose it is); opening
 * an inbox clears its dot.
 */
export class InboxMarks {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock
  ) {}

  /** The inbox whose dot a new message on this conversation lights for the member, if any. */
  static dotInbox(member: Member, conversation: Omit<Placement, 'account_id'>): InboxRef | null {
    if (conversation.blocked) return null
    const candidates: InboxRef[] = []
    if (conversation.assignee_id === member.id) candidates.push('mine')
    if (conversation.team_id) candidates.push({ team: conversation.team_id })
    if (conversation.assignee_id === null) candidates.push('unassigned')
    candidates.push('all')
    return candidates.find((inbox) => canSeeInbox(member, inbox)) ?? null
  }

  markNew(members: Member[], conversation: Placement): void {
    const upsert = prepared(
      this.db,
      `INSERT INTO inbox_marks (member_id, inbox_key, new_at) VALUES (?, ?, ?)
      ON CONFLICT (member_id, inbox_key) DO UPDATE SET new_at = excluded.new_at`
    )
    const now = this.clock.now()
    // A mailbox's inbox is listed only beside another's: one lit alone would show an old dot
    // the day a second mailbox is added.
    const mailbox = { account: conversation.account_id }
    const accounts = prepared(this.db, 'SELECT count(*) AS n FROM accounts').get() as { n: number }
    const several = accounts.n > 1
    for (const member of members) {
      const inbox = InboxMarks.dotInbox(member, conversation)
      if (inbox) upsert.run(member.id, inboxKey(inbox), now)
      if (inbox && several && canSeeInbox(member, mailbox)) upsert.run(member.id, inboxKey(mailbox), now)
    }
  }

  markSeen(memberId: string, inbox: InboxRef): void {
    this.db
      .prepare(
        `INSERT INTO inbox_marks (member_id, inbox_key, seen_at) VALUES (?, ?, ?)
         ON CONFLICT (member_id, inbox_key) DO UPDATE SET seen_at = excluded.seen_at`
      )
      .run(memberId, inboxKey(inbox), this.clock.now())
  }

  /** Keys of the member's inboxes with unseen new mail. */
  dots(memberId: string): Set<string> {
    const rows = this.db
      .prepare('SELECT inbox_key FROM inbox_marks WHERE member_id = ? AND new_at > seen_at')
      .all(memberId) as Array<{ inbox_key: string }>
    return new Set(rows.map((r) => r.inbox_key))
  }
}
