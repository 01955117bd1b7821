import type { Database } from 'better-sqlite3'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import type { ContactRepository } from './contact-repository'
import type { ConversationState } from './conversation-state'
import type { Actor, Timeline } from './timeline'

/**
 * Blocking a contact closes their conversations and moves them to the Blocked inbox only (the
 * conversations' `blocked` copy); their new mail stays there. Unblocking moves the conversations
 * back to the other inboxes, still closed.
 */
export class ContactBlocking {
  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly contacts: ContactRepository,
    private readonly state: ConversationState,
    private readonly timeline: Timeline
  ) {}

  block(contactId: string, actor: Actor): string[] {
    const contact = this.contacts.get(contactId)
    if (contact.blocked) return []
    return this.db.transaction(() => {
      const ids = this.conversationIds(contactId)
      for (const id of ids) {
        const row = this.state.get(id)
        if (row.status === 'snoozed') this.state.wake(row, actor)
        this.state.setStatus(this.state.get(id), 'closed', actor, { reason: 'contact-blocked' })
      }
      this.setBlocked(contactId, 1, actor)
      this.timeline.record('contact_blocked', actor, { contactId })
      return ids
    })()
  }

  unblock(contactId: string, actor: Actor): string[] {
    const contact = this.contacts.get(contactId)
    if (!contact.blocked) return []
    return this.db.transaction(() => {
      this.setBlocked(contactId, 0, actor)
      this.timeline.record('contact_unblocked', actor, { contactId })
      return this.conversationIds(contactId)
    })()
  }

  /** Sending to a blocked contact is refused. */
  assertCanSendTo(addresses: string[]): void {
    for (const address of addresses) {
      const contact = this.contacts.byEmail(address)
      if (contact?.blocked)
        throw new CoreError(
          'CONTACT_BLOCKED',
          `${address} belongs to a blocked contact. Unblock ${contact.displayName || address} to write to them.`,
          'to'
        )
    }
  }

  /** Keeps the conversations' copy of the flag in step (after a merge, for example). */
  syncConversations(contactId: string): void {
    const contact = this.contacts.find(contactId)
    this.db
      .prepare('UPDATE conversations SET blocked = ? WHERE contact_id = ? AND blocked <> ?')
      .run(contact?.blocked ? 1 : 0, contactId, contact?.blocked ? 1 : 0)
  }

  private setBlocked(contactId: string, blocked: 0 | 1, actor: Actor): void {
    const hlc = this.hlc.tick()
    this.db
      .prepare('UPDATE contacts SET blocked = ?, hlc = ?, updated_by = ? WHERE id = ?')
      .run(blocked, hlc, actor.id, contactId)
    this.db
      .prepare(
        'UPDATE conversations SET blocked = ?, hlc = ?, updated_by = ? WHERE contact_id = ? AND deleted = 0'
      )
      .run(blocked, hlc, actor.id, contactId)
  }

  private conversationIds(contactId: string): string[] {
    return (
      this.db
        .prepare('SELECT id FROM conversations WHERE contact_id = ? AND deleted = 0')
        .all(contactId) as Array<{
        id: string
      }>
    ).map((r) => r.id)
  }
}
