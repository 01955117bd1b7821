import { randomUUID } from 'node:crypto'
import type { ThreadsMerged } from '../../../src-preload/contract'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import { PeopleRepository, type Member } from '../people/people-repository'
import { ThreadDecisions } from '../threading/thread-decisions'
import { Comments, type Comment } from './comments'
import { ContactBlocking } from './contact-blocking'
import { ContactIo } from './contact-io'
import { ContactMerge } from './contact-merge'
import { ContactRepository } from './contact-repository'
import { ConversationList, type ListQuery } from './conversation-list'
import { ConversationRules } from './conversation-rules'
import { ConversationService } from './conversation-service'
import { ConversationState } from './conversation-state'
import { CustomInboxes, type CustomInbox } from './custom-inboxes'
import { assertCanSeeInbox, canSeeInbox, InboxMarks, inboxKey, type InboxRef } from './inbox-access'
import { LeadRepository } from './lead-repository'
import { LeadService } from './lead-service'
import { mailboxInboxes } from './mailbox-inboxes'
import { absorbedStatus, keepAbsorbedStatus } from './merged-status'
import { NotificationCenter, type Notification } from './notification-center'
import { SnoozeScheduler } from './snooze-scheduler'
import { Timeline, type TimelineEvent } from './timeline'

export type CrmAnnounce = {
  changed(tables: string[], ids: Array<string | number>): void
  notification(notification: Notification): void
  /** A merge by hand, with the reply drafts it moved (sync's merges come from MessageStore). */
  threadsMerged?(merge: ThreadsMerged): void
}

export type InboxEntry = {
  key: string
  kind: 'all' | 'mine' | 'unassigned' | 'blocked' | 'team' | 'custom' | 'account'
  name: string
  teamId: string | null
  customId: string | null
  accountId: number | null
  archived: boolean
  openCount: number | null
  dot: boolean
  shared: boolean | null
  creatorId: string | null
  refreshedAt: number | null
}

/** A custom inbox as the inbox list shows it: no live count and no dot (it refreshes by hand). */
export function customInboxEntry(c: CustomInbox): InboxEntry {
  return {
    key: inboxKey({ custom: c.id }),
    kind: 'custom',
    name: c.name,
    teamId: null,
    customId: c.id,
    accountId: null,
    archived: false,
    openCount: null,
    dot: false,
    shared: c.shared,
    creatorId: c.creatorId,
    refreshedAt: c.refreshedAt
  }
}

export type TimelineEntry = ({ kind: 'event' } & TimelineEvent) | ({ kind: 'comment' } & Comment)

/** The CRM of one workspace, wired once: the services the contract handlers call. */
export class CrmServices {
  readonly timeline: Timeline
  readonly people: PeopleRepository
  readonly state: ConversationState
  readonly rules: ConversationRules
  readonly conversations: ConversationService
  readonly list: ConversationList
  readonly marks: InboxMarks
  readonly customInboxes: CustomInboxes
  readonly notifications: NotificationCenter
  readonly comments: Comments
  readonly contacts: ContactRepository
  readonly blocking: ContactBlocking
  readonly merge: ContactMerge
  readonly io: ContactIo
  readonly leads: LeadRepository
  /** Leads made and moved by someone, recorded in the timeline. */
  readonly leadChanges: LeadService
  readonly threads: ThreadDecisions
  readonly snoozes: SnoozeScheduler

  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    readonly clock: Clock,
    announce: CrmAnnounce
  ) {
    this.timeline = new Timeline(db, clock)
    this.people = new PeopleRepository(db, hlc, clock)
    this.state = new ConversationState(db, hlc, clock, this.timeline)
    this.marks = new InboxMarks(db, clock)
    this.leads = new LeadRepository(db, hlc, clock)
    this.leadChanges = new LeadService(db, this.leads, this.timeline)
    this.rules = new ConversationRules({
      db,
      hlc,
      clock,
      people: this.people,
      state: this.state,
      timeline: this.timeline,
      leads: this.leads,
      marks: this.marks
    })
    this.notifications = new NotificationCenter(db, clock, (n) => announce.notification(n))
    this.snoozes = new SnoozeScheduler(db, clock, this.state, this.people, this.notifications, (ids) =>
      announce.changed(['conversations', 'notifications'], ids)
    )
    this.conversations = new ConversationService(this.state, this.people, clock, () => this.snoozes.arm())
    this.list = new ConversationList(db, clock)
    this.customInboxes = new CustomInboxes(db, hlc, clock)
    this.comments = new Comments(db, hlc, clock, this.people, this.state, this.notifications)
    this.contacts = new ContactRepository(db, hlc, clock)
    this.blocking = new ContactBlocking(db, hlc, this.contacts, this.state, this.timeline)
    this.merge = new ContactMerge(db, hlc, clock, this.contacts, this.blocking, this.timeline)
    this.io = new ContactIo(db, this.contacts, this.people)
    this.threads = new ThreadDecisions(db, clock, (merge) => announce.threadsMerged?.(merge))
  }

  /** Starts the snooze scheduler: wakes what expired while closed, then keeps time. */
  start(): void {
    this.snoozes.start()
  }

  stop(): void {
    this.snoozes.stop()
  }

  me(): Member {
    return this.people.local()
  }

  listConversations(query: ListQuery, viewer = this.me()) {
    if (typeof query.inbox === 'object' && 'custom' in query.inbox) {
      if (viewer.role === 'agent' && viewer.visibility !== 'none')
        throw new CoreError('FORBIDDEN', 'Your role does not let you see custom inboxes.')
      this.customInboxes.get(query.inbox.custom, viewer.id)
    } else assertCanSeeInbox(viewer, query.inbox)
    return this.list.list(query, viewer)
  }

  /** Every inbox the member may see, with open counts and new-message dots. */
  inboxes(viewer = this.me()): InboxEntry[] {
    const dots = this.marks.dots(viewer.id)
    const entry = (
      inbox: Exclude<InboxRef, { custom: string }>,
      kind: InboxEntry['kind'],
      name: string,
      archived = false
    ): InboxEntry => ({
      key: inboxKey(inbox),
      kind,
      name,
      teamId: typeof inbox === 'object' && 'team' in inbox ? inbox.team : null,
      customId: null,
      accountId: typeof inbox === 'object' && 'account' in inbox ? inbox.account : null,
      archived,
      openCount: this.list.openCount(inbox, viewer),
      dot: dots.has(inboxKey(inbox)),
      shared: null,
      creatorId: null,
      refreshedAt: null
    })
    const result: InboxEntry[] = []
    for (const [inbox, name] of [
      ['all', 'All'],
      ['mine', 'Mine'],
      ['unassigned', 'Unassigned']
    ] as const)
      if (canSeeInbox(viewer, inbox)) result.push(entry(inbox, inbox, name))
    for (const mailbox of mailboxInboxes(this.db))
      if (canSeeInbox(viewer, { account: mailbox.accountId }))
        result.push(entry({ account: mailbox.accountId }, 'account', mailbox.name, mailbox.archived))
    for (const team of this.people.listTeams())
      if (canSeeInbox(viewer, { team: team.id })) result.push(entry({ team: team.id }, 'team', team.name))
    if (canSeeInbox(viewer, 'blocked') && this.list.hasBlocked())
      result.push(entry('blocked', 'blocked', 'Blocked'))
    if (viewer.role !== 'agent' || viewer.visibility === 'none') {
      for (const c of this.customInboxes.listFor(viewer.id)) result.push(customInboxEntry(c))
    }
    return result
  }

  conversationTimeline(conversationId: string): TimelineEntry[] {
    this.state.get(conversationId)
    const entries: TimelineEntry[] = [
      ...this.timeline.forConversation(conversationId).map((e) => ({ kind: 'event' as const, ...e })),
      ...this.comments.forConversation(conversationId).map((c) => ({ kind: 'comment' as const, ...c }))
    ]
    return entries.sort((a, b) => a.at - b.at)
  }

  /** Splits a message out of its thread; the new thread gets a conversation like the old one. */
  splitMessage(messagePk: number): { fromThreadId: number; toThreadId: number } {
    return this.db.transaction(() => {
      const result = this.threads.split(messagePk)
      const old = this.state.ofThread(result.fromThreadId)
      const message = this.db
        .prepare('SELECT contact_id, date FROM messages WHERE id = ?')
        .get(messagePk) as {
        contact_id: string | null
        date: number
      }
      const id = randomUUID()
      this.db
        .prepare(
          `INSERT INTO conversations (id, account_id, thread_id, contact_id, status, status_since, status_changed_at, assignee_id,
            team_id, blocked, created_at, hlc)
           SELECT ?, account_id, ?, ?, CASE WHEN status = 'snoozed' THEN coalesce(status_before_snooze, 'open') ELSE status END,
             status_since, ?, assignee_id, team_id, blocked, ?, ? FROM conversations WHERE id = ?`
        )
        .run(
          id,
          result.toThreadId,
          message.contact_id ?? old?.contact_id ?? null,
          this.clock.now(),
          this.clock.now(),
          // A change made now: the old conversation's timestamp would sort it before edits it follows.
          this.hlc.tick(),
          old?.id
        )
      this.db.prepare('UPDATE conversations SET last_message_at = 0 WHERE id = ?').run(id)
      const actor = { kind: 'user' as const, id: this.people.localId }
      if (old)
        this.timeline.record(
          'thread_split',
          actor,
          { conversationId: old.id },
          { messageId: messagePk, toConversationId: id }
        )
      this.timeline.record(
        'thread_split',
        actor,
        { conversationId: id },
        { messageId: messagePk, fromConversationId: old?.id ?? null }
      )
      this.threads.refresh([result.fromThreadId, result.toThreadId])
      return result
    })()
  }

  mergeThreads(targetThreadId: number, sourceThreadId: number): void {
    this.db.transaction(() => {
      const source = this.state.ofThread(sourceThreadId)
      this.threads.merge(targetThreadId, sourceThreadId)
      const target = this.state.ofThread(targetThreadId)
      if (!target) return
      const actor = { kind: 'user' as const, id: this.people.localId }
      this.timeline.record(
        'thread_merged',
        actor,
        { conversationId: target.id },
        { fromThreadId: sourceThreadId, fromConversationId: source?.id ?? null }
      )
      // The source's status, unless it is the survivor (the target's conversation was a tombstone).
      const waiting = source && source.id !== target.id ? absorbedStatus(source) : null
      keepAbsorbedStatus(this.state, this.timeline, target.id, waiting, actor)
      this.rules.followBlockedContact(target.id)
      // A snooze carried over may wake before the one the timer waits for.
      if (waiting?.status === 'snoozed') this.snoozes.arm()
    })()
  }

  /** A mailbox was connected: recorded in the workspace timeline. */
  channelAdded(accountId: number, email: string): void {
    this.people.adoptAccount(email, '')
    this.timeline.record('channel_added', { kind: 'user', id: this.people.localId }, {}, { accountId, email })
  }
}
