import { randomUUID } from 'node:crypto'
import type { Database, Statement } from 'better-sqlite3'
import type { TimelineReason } from '../../../src-preload/contract'
import type { Clock } from '../clock'

export type ActorKind = 'user' | 'rule' | 'system' | 'contact'
export type Actor = { kind: ActorKind; id: string | null }

export const eventTypes = [
  'assigned',
  'unassigned',
  'assign_failed',
  'opened',
  'closed',
  'snoozed',
  'woken',
  'contact_blocked',
  'contact_unblocked',
  'contact_merged',
  'contact_unmerged',
  'channel_added',
  'thread_split',
  'thread_merged',
  'lead_created',
  /** A lead linked to the conversation or contact moved to another stage of the pipeline. */
  'lead_stage_changed',
  /** A lead linked to the conversation or contact was deleted; lead_restored says its Undo. */
  'lead_deleted',
  'lead_restored',
  /** A conversation started by older mail (a backfill, a deeper import depth): closed, as history. */
  'older_mail'
] as const
export type EventType = (typeof eventTypes)[number]

/** An event's data; a `reason` is one the UI has a sentence for (a new one goes in TimelineReason). */
export type EventData = Record<string, unknown> & { reason?: TimelineReason }

export type TimelineEvent = {
  id: string
  conversationId: string | null
  contactId: string | null
  type: EventType
  actor: Actor
  data: Record<string, unknown>
  at: number
}

/** The append-only event log. Every CRM change writes here, with who or what made it. */
export class Timeline {
  private readonly insert: Statement
  private readonly byConversation: Statement
  private readonly byContact: Statement

  constructor(
    db: Database,
    private readonly clock: Clock
  ) {
    this.insert =
      db.prepare(`INSERT INTO events (id, conversation_id, contact_id, type, actor_kind, actor_id, data_json, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    this.byConversation = db.prepare(
      'SELECT * FROM events WHERE conversation_id = ? ORDER BY created_at, rowid'
    )
    this.byContact = db.prepare('SELECT * FROM events WHERE contact_id = ? ORDER BY created_at, rowid')
  }

  record(
    type: EventType,
    actor: Actor,
    target: { conversationId?: string | null; contactId?: string | null },
    data: EventData = {}
  ): void {
    this.insert.run(
      randomUUID(),
      target.conversationId ?? null,
      target.contactId ?? null,
      type,
      actor.kind,
      actor.id,
      JSON.stringify(data),
      this.clock.now()
    )
  }

  forConversation(conversationId: string): TimelineEvent[] {
    return (this.byConversation.all(conversationId) as EventRow[]).map(toEvent)
  }

  forContact(contactId: string): TimelineEvent[] {
    return (this.byContact.all(contactId) as EventRow[]).map(toEvent)
  }
}

type EventRow = {
  id: string
  conversation_id: string | null
  contact_id: string | null
  type: EventType
  actor_kind: ActorKind
  actor_id: string | null
  data_json: string
  created_at: number
}

function toEvent(row: EventRow): TimelineEvent {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    type: row.type,
    actor: { kind: row.actor_kind, id: row.actor_id },
    data: JSON.parse(row.data_json) as Record<string, unknown>,
    at: row.created_at
  }
}
