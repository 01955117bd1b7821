import type { Database, Statement } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import type { PeopleRepository } from '../people/people-repository'
import { ConversationLinker } from './conversation-linker'
import type { ConversationRow, ConversationState } from './conversation-state'
import { InboxMarks } from './inbox-access'
import type { LeadRepository } from './lead-repository'
import { keepAbsorbedStatus, type AbsorbedStatus } from './merged-status'
import { smartTags } from './smart-address'
import type { Actor, Timeline } from './timeline'

export type StoredMessage = {
  accountId: number
  threadId: number
  contactId: string | null
  direction: 'in' | 'out'
  date: number
  subject: string
  to: Address[]
  cc: Address[]
  from: Address | null
  ownAddresses: ReadonlySet<string>
  /**
   * It reached the server since the last pass (message-store.ts, StoreContext): new mail even when
   * its Date is older than the conversation's latest, as a reply from a contact whose clock is
   * slow, or after a message dated in the future, is.
   */
  arrived?: boolean
  /**
   * Found first in Junk or Trash: the server's spam filter, or the user in another program, put it
   * aside before Rapport saw it. It opens, reopens and marks nothing, and makes no lead.
   */
  setAsideIn?: 'junk' | 'trash'
  /**
   * Older mail, below what the folder's first import took in ("Sync older mail", a deeper import
   * depth): history. A conversation it starts is closed, unassigned and lights no dot, and it
   * makes no lead.
   */
  olderMail?: boolean
}

export type CrmDeps = {
  db: Database
  hlc: HybridClock
  clock: Clock
  people: PeopleRepository
  state: ConversationState
  timeline: Timeline
  leads: LeadRepository
  marks: InboxMarks
}

const CONTACT: Actor = { kind: 'contact', id: null }

/** Older mail that did not just arrive (the outbox's, or a UID past the last pass, did). */
const isHistory = (message: StoredMessage) => message.olderMail === true && message.arrived !== true

/**
 * What a newly stored message does to its conversation (called inside the store transaction):
 * - mail on a thread without an open conversation opens it, "opened by contact";
 * - a new conversation goes to the contact's owner, else starts unassigned;
 * - an outgoing reply on an unassigned conversation assigns it to the replier (the local user),
 *   unless it is old and someone unassigned the conversation;
 * - mail from a blocked contact only reaches the Blocked inbox: its conversation stays closed;
 * - mail found first in Junk or Trash starts its conversation closed and reopens none;
 * - older mail (a backfill, a deeper import depth) is history: the conversation it starts is
 *   closed, unassigned and undotted, its timeline saying it came from older mail;
 * - `you+lead@` also creates a lead, except from older mail (history) or mail set aside.
 * Old mail (found by a first import: it did not just arrive, and is not newer than the
 * conversation) changes no status; older mail (a backfill, a deeper depth) never does, however
 * it is dated.
 */
export class ConversationRules {
  private readonly linker: ConversationLinker
  private readonly contactRow: Statement
  private readonly blockedSender: Statement
  private readonly markBlocked: Statement
  private readonly tombstone: Statement
  private readonly lastUnassigned: Statement

  constructor(private readonly deps: CrmDeps) {
    this.linker = new ConversationLinker(deps.db, deps.hlc)
    this.contactRow = deps.db.prepare('SELECT owner_id, blocked FROM contacts WHERE id = ? AND deleted = 0')
    this.blockedSender = deps.db.prepare(
      `SELECT k.id FROM contact_emails e JOIN contacts k ON k.id = e.contact_id
        WHERE e.address = ? AND e.deleted = 0 AND k.deleted = 0 AND k.blocked = 1`
    )
    this.markBlocked = deps.db.prepare('UPDATE conversations SET blocked = 1, hlc = ? WHERE id = ?')
    this.tombstone = deps.db.prepare(
      'SELECT contact_id FROM conversations WHERE thread_id = ? AND deleted = 1'
    )
    // A conversation started by older mail begins unassigned as if someone had unassigned it
    // then: an old reply of the user's in it assigns it no more than in one someone unassigned
    // (else the same backfill left it unassigned or assigned by the order its mail came in).
    this.lastUnassigned = deps.db
      .prepare(
        "SELECT max(created_at) FROM events WHERE conversation_id = ? AND type IN ('unassigned', 'older_mail')"
      )
      .pluck()
  }

  onMessage(message: StoredMessage): string {
    const before = this.deps.state.ofThread(message.threadId)
    // Its mail all purged from Trash: the conversation is a tombstone that this message brings back.
    const tombstone = before
      ? undefined
      : (this.tombstone.get(message.threadId) as { contact_id: string | null } | undefined)
    // Mail that logs to no contact (mass mail) from a blocked contact is still theirs: it goes to
    // the Blocked inbox with them, and comes back with them on unblock.
    const sender =
      !message.contactId && message.direction === 'in' && message.from?.address
        ? ((this.blockedSender.get(message.from.address.toLowerCase()) as { id: string } | undefined)?.id ??
          null)
        : null
    message = sender ? { ...message, contactId: sender } : message
    const contactId = before?.contact_id ?? tombstone?.contact_id ?? message.contactId
    const contact = contactId
      ? ((this.contactRow.get(contactId) as { owner_id: string | null; blocked: number } | undefined) ?? null)
      : null
    // Mail from a blocked contact starts closed, in the Blocked inbox only.
    const blocked = contact?.blocked === 1
    const setAside = message.direction === 'in' && message.setAsideIn !== undefined
    const history = isHistory(message)
    // Older mail (a backfill: it did not just arrive), the user's own included, brings a tombstone
    // back as it was, as it changes no status of a live conversation: no "opened", no new-mail
    // dot, no assignment.
    const asItWas = tombstone !== undefined && message.arrived !== true
    const id = this.linker.ensure(
      message.accountId,
      message.threadId,
      message.contactId,
      message.date,
      {
        status: blocked || setAside || history ? 'closed' : 'open',
        since: blocked ? 0 : message.date,
        blocked
      },
      asItWas
    )
    if (before) this.continued(before, message, contact)
    else if (!asItWas) this.opened(id, message, contact)
    // A lead is work to do now: mail put aside, or history, makes none.
    if (!setAside && !history && smartTags(message, message.ownAddresses).has('lead'))
      this.createLead(id, contactId, message.subject)
    return id
  }

  private opened(
    id: string,
    message: StoredMessage,
    contact: { owner_id: string | null; blocked: number } | null
  ): void {
    const { state, timeline, people } = this.deps
    const blocked = contact?.blocked === 1
    const row = state.get(id)
    const target = { conversationId: id, contactId: row.contact_id }
    if (blocked) {
      timeline.record('closed', { kind: 'system', id: null }, target, { reason: 'contact-blocked' })
      return
    }
    if (message.direction === 'in' && message.setAsideIn) {
      timeline.record('closed', { kind: 'system', id: null }, target, { reason: message.setAsideIn })
      return
    }
    // History: nobody is asked to answer mail of years ago, so it opens, assigns and dots nothing.
    if (isHistory(message)) {
      timeline.record('older_mail', { kind: 'system', id: null }, target)
      return
    }
    const local = people.localId
    timeline.record('opened', message.direction === 'in' ? CONTACT : { kind: 'user', id: local }, target, {
      reason: 'new-mail'
    })
    if (message.direction === 'out') {
      state.assign(row, local, null, { kind: 'user', id: local })
    } else if (contact?.owner_id) {
      const owner = people.find(contact.owner_id)
      if (owner) state.assign(row, owner.id, null, { kind: 'rule', id: 'contact-owner' })
      else
        state.assignFailed(row, { kind: 'rule', id: 'contact-owner' }, 'owner-not-a-member', contact.owner_id)
    }
    if (message.direction === 'in') this.deps.marks.markNew(people.list(), state.get(id))
  }

  private continued(
    row: ConversationRow,
    message: StoredMessage,
    contact: { owner_id: string | null; blocked: number } | null
  ): void {
    const { state, people } = this.deps
    if (row.contact_id === null && row.blocked === 0 && contact?.blocked === 1) {
      this.toBlocked(row)
      return
    }
    // Older mail is history even when dated after the conversation's latest (another folder's
    // older mail, or UIDs out of date order): stored in any order, it reopens and dots nothing.
    const isNew = message.arrived === true || (!isHistory(message) && message.date > row.last_message_at)
    if (message.direction === 'out') {
      // An old reply of the user's (a backfill) assigns only a conversation nobody unassigned
      // since it was written: whoever did had decided, and mail from before that does not
      // overrule them, even when it is newer than the conversation's mail stored so far.
      const unassignedAt = this.lastUnassigned.get(row.id) as number | null
      const assigns =
        row.assignee_id === null &&
        (message.arrived === true || unassignedAt === null || message.date > unassignedAt)
      if (assigns) state.assign(row, people.localId, row.team_id, { kind: 'user', id: people.localId })
      return
    }
    if (!isNew || message.setAsideIn || contact?.blocked === 1 || row.blocked === 1) return
    if (row.status !== 'open') state.setStatus(row, 'open', CONTACT, { reason: 'new-mail' })
    this.deps.marks.markNew(people.list(), state.get(row.id))
  }

  /**
   * Sync merged two threads (a message linked them): the survivor's timeline says so, and what the
   * absorbed one waited on (open, or a snooze) is kept or ended there (merged-status.ts).
   */
  threadsMerged(
    survivor: string,
    absorbed: string,
    fromThreadId: number,
    waiting: AbsorbedStatus | null = null
  ): void {
    const system: Actor = { kind: 'system', id: null }
    this.deps.timeline.record(
      'thread_merged',
      system,
      { conversationId: survivor },
      { fromThreadId, fromConversationId: absorbed }
    )
    keepAbsorbedStatus(this.deps.state, this.deps.timeline, survivor, waiting, system)
    this.followBlockedContact(survivor)
  }

  /**
   * A merge gave a conversation without a contact the absorbed one's contact (ThreadBuilder): when
   * that contact is blocked, the conversation goes to the Blocked inbox with their mail, as their
   * new mail on it would take it there, rather than showing it in the other inboxes.
   */
  followBlockedContact(conversationId: string): void {
    const row = this.deps.state.find(conversationId)
    if (!row || row.blocked === 1 || row.contact_id === null) return
    const contact = this.contactRow.get(row.contact_id) as { blocked: number } | undefined
    if (contact?.blocked === 1) this.toBlocked(row)
  }

  /** A conversation that got a blocked contact moves to the Blocked inbox, closed. */
  private toBlocked(row: ConversationRow): void {
    const { state } = this.deps
    const actor: Actor = { kind: 'system', id: null }
    if (row.status === 'snoozed') state.wake(row, actor)
    state.setStatus(state.get(row.id), 'closed', actor, { reason: 'contact-blocked' })
    this.markBlocked.run(this.deps.hlc.tick(), row.id)
  }

  private createLead(conversationId: string, contactId: string | null, subject: string): void {
    const { leads, timeline, people } = this.deps
    if (leads.list({ conversationId }).length > 0) return
    const lead = leads.create(
      {
        title: subject || '(no subject)',
        ownerId: people.localId,
        contactIds: contactId ? [contactId] : [],
        conversationIds: [conversationId]
      },
      null
    )
    timeline.record(
      'lead_created',
      { kind: 'rule', id: 'smart-address' },
      { conversationId, contactId },
      {
        leadId: lead.id
      }
    )
  }
}
