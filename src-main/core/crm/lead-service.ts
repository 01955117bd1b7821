import type { Database, Statement } from 'better-sqlite3'
import type { Lead, LeadInput, LeadRepository } from './lead-repository'
import type { Actor, EventData, EventType, Timeline } from './timeline'

/**
 * Leads made, moved, deleted and restored by someone (the drawer, the CLI): the change, and in
 * the same transaction an entry in the activity of every conversation and contact the lead is
 * linked to, as a lead made by a +lead@ address has.
 */
export class LeadService {
  private readonly contactOf: Statement
  private readonly isDeleted: Statement

  constructor(
    private readonly db: Database,
    private readonly leads: LeadRepository,
    private readonly timeline: Timeline
  ) {
    this.contactOf = db.prepare('SELECT contact_id FROM conversations WHERE id = ?')
    this.isDeleted = db.prepare('SELECT 1 FROM leads WHERE id = ? AND deleted = 1')
  }

  create(input: LeadInput, actor: Actor): Lead {
    return this.db.transaction(() => {
      const lead = this.leads.create(input, actor.id)
      this.record('lead_created', actor, lead, { leadId: lead.id, title: lead.title })
      return lead
    })()
  }

  update(id: string, patch: Partial<LeadInput>, actor: Actor): Lead {
    return this.db.transaction(() => {
      const before = this.leads.get(id)
      const lead = this.leads.update(id, patch, actor.id)
      if (lead.stage !== before.stage)
        this.record('lead_stage_changed', actor, lead, {
          leadId: lead.id,
          title: lead.title,
          fromStage: before.stage,
          toStage: lead.stage
        })
      return lead
    })()
  }

  /** Deletes the lead, saying so where it showed (with its links as they were, which it keeps). */
  remove(id: string, actor: Actor): void {
    this.db.transaction(() => {
      const lead = this.leads.get(id)
      this.leads.remove(id, actor.id)
      this.record('lead_deleted', actor, lead, { leadId: lead.id, title: lead.title })
    })()
  }

  /**
   * Undo of remove: the lead comes back, and the timeline says so after the delete it answers (the
   * log is append-only, as contact_unmerged follows contact_merged). A lead not deleted is left be,
   * unsaid.
   */
  restore(id: string, actor: Actor): Lead {
    return this.db.transaction(() => {
      const wasDeleted = this.isDeleted.get(id) !== undefined
      const lead = this.leads.restore(id, actor.id)
      if (wasDeleted) this.record('lead_restored', actor, lead, { leadId: lead.id, title: lead.title })
      return lead
    })()
  }

  /**
   * One event per place the lead shows: each conversation (the first of a contact's carrying the
   * contact too, when the lead is theirs, so the contact's activity has it once), then each
   * contact not named that way.
   */
  private record(type: EventType, actor: Actor, lead: Lead, data: EventData): void {
    const covered = new Set<string>()
    for (const conversationId of lead.conversationIds) {
      const row = this.contactOf.get(conversationId) as { contact_id: string | null } | undefined
      // Links have no foreign key: a conversation gone with its mailbox keeps its link, and an
      // event naming it would break the foreign key of events and refuse the change.
      if (!row) continue
      const ours = row.contact_id && lead.contactIds.includes(row.contact_id) ? row.contact_id : null
      const contactId = ours && !covered.has(ours) ? ours : null
      if (contactId) covered.add(contactId)
      this.timeline.record(type, actor, { conversationId, contactId }, data)
    }
    for (const contactId of lead.contactIds)
      if (!covered.has(contactId)) this.timeline.record(type, actor, { contactId }, data)
  }
}
