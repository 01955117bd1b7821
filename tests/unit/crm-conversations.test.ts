import { describe, expect, it, vi } from 'vitest'
import { snoozeUntil } from '../../src-main/core/crm/snooze-times'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import { CoreError } from '../../src-main/core/errors'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { TrashRetention, TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { addr, crmWorkspace, eventTypes, HOUR, ME, message, MINUTE, START } from './fixtures/crm-workspace'

describe('opening and assignment', () => {
  it('opens a conversation, "opened by contact", when new mail arrives on a thread without one', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    expect(ws.conversation(conversationId)).toMatchObject({ status: 'open', assignee_id: null })
    expect(eventTypes(ws, conversationId)).toEqual(['opened:contact'])
  })

  it('starts a new contact’s conversation unassigned', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive({ from: addr('new@client.test') })
    expect(ws.conversation(conversationId).assignee_id).toBeNull()
  })

  it('assigns a conversation from an owned contact to the owner', () => {
    const ws = crmWorkspace()
    const agent = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const contact = ws.crm.contacts.create({ emails: ['carlos@client.test'], ownerId: agent.id }, null)
    const { conversationId } = ws.receive({ from: addr('carlos@client.test') })
    expect(ws.conversation(conversationId)).toMatchObject({ assignee_id: agent.id, contact_id: contact.id })
    expect(eventTypes(ws, conversationId)).toEqual(['opened:contact', 'assigned:rule'])
  })

  it('records "assign failed" when the contact’s owner is no longer a member', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.create({ emails: ['carlos@client.test'], ownerId: 'gone-member' }, null)
    const { conversationId } = ws.receive({ from: addr('carlos@client.test') })
    expect(ws.conversation(conversationId).assignee_id).toBeNull()
    expect(eventTypes(ws, conversationId)).toEqual(['opened:contact', 'assign_failed:rule'])
  })

  it('assigns an unassigned conversation to the user who replies', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.clock.advance(MINUTE)
    ws.reply(first)
    expect(ws.conversation(first.conversationId).assignee_id).toBe(ws.me().id)
    expect(eventTypes(ws, first.conversationId)).toEqual(['opened:contact', 'assigned:user'])
  })

  it('does not take over a conversation assigned to someone else when replying', () => {
    const ws = crmWorkspace()
    const agent = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const first = ws.receive()
    ws.crm.conversations.assign(first.conversationId, { memberId: agent.id })
    ws.reply(first)
    expect(ws.conversation(first.conversationId).assignee_id).toBe(agent.id)
  })

  it('keeps the assignee after close', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.reply(first)
    ws.crm.conversations.close(first.conversationId)
    expect(ws.conversation(first.conversationId)).toMatchObject({ status: 'closed', assignee_id: ws.me().id })
  })

  it('reopens a closed conversation when the contact writes again', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.crm.conversations.close(first.conversationId)
    ws.clock.advance(HOUR)
    const again = ws.followUp(first)
    expect(again.conversationId).toBe(first.conversationId)
    expect(ws.conversation(first.conversationId).status).toBe('open')
    expect(eventTypes(ws, first.conversationId)).toEqual(['opened:contact', 'closed:user', 'opened:contact'])
  })

  it('does not reopen on the user’s own outgoing mail', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.crm.conversations.close(first.conversationId)
    ws.clock.advance(HOUR)
    ws.reply(first)
    expect(ws.conversation(first.conversationId).status).toBe('closed')
  })

  it('does not reopen for older mail found by a backfill', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.crm.conversations.close(first.conversationId)
    ws.followUp(first, { date: START - HOUR })
    expect(ws.conversation(first.conversationId).status).toBe('closed')
  })

  it('leaves a conversation someone unassigned unassigned when a backfill finds an old reply of the user', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.clock.advance(MINUTE)
    ws.reply(first)
    ws.crm.conversations.assign(first.conversationId, { memberId: null })
    ws.clock.advance(HOUR)
    ws.followUp(first)
    // "Sync older mail" finds another reply the user sent before all this.
    ws.reply(first, { messageId: '<old-reply@test>', date: START - HOUR })
    expect(ws.conversation(first.conversationId).assignee_id).toBeNull()
    // A new reply is the user taking it on again.
    ws.clock.advance(MINUTE)
    ws.reply(first, { messageId: '<new-reply@test>' })
    expect(ws.conversation(first.conversationId).assignee_id).toBe(ws.me().id)
  })

  it('leaves it unassigned when the reply is newer than the stored mail but older than the unassign', () => {
    const ws = crmWorkspace()
    const agent = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const first = ws.receive()
    ws.crm.conversations.assign(first.conversationId, { memberId: agent.id })
    ws.clock.advance(30 * 24 * HOUR)
    // A month later, someone decides nobody should have it.
    ws.crm.conversations.assign(first.conversationId, { memberId: null })
    ws.clock.advance(24 * HOUR)
    // "Sync older mail" on Sent then finds the reply the user sent an hour after the contact's mail.
    ws.reply(first, { messageId: '<old-reply@test>', date: START + HOUR })
    expect(ws.conversation(first.conversationId).assignee_id).toBeNull()
  })

  it('assigns to the user for an old reply on a conversation nobody unassigned (a first import)', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.reply(first, { date: START - HOUR })
    expect(ws.conversation(first.conversationId).assignee_id).toBe(ws.me().id)
  })

  it('opens a conversation assigned to the user when the user starts a thread', () => {
    const ws = crmWorkspace()
    const sent = ws.storeOne(
      message({ date: START, from: addr(ME), to: [addr('dewi@client.test')], subject: 'Hello' })
    )
    expect(ws.conversation(sent.conversationId)).toMatchObject({ status: 'open', assignee_id: ws.me().id })
    expect(eventTypes(ws, sent.conversationId)).toEqual(['opened:user', 'assigned:user'])
  })
})

describe('assignment by the user', () => {
  it('assigns and unassigns, each recorded with the user as actor', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    const team = ws.crm.people.addTeam('Sales')
    ws.crm.conversations.assign(conversationId, { memberId: ws.me().id, teamId: team.id })
    ws.crm.conversations.assign(conversationId, { memberId: null })
    expect(ws.conversation(conversationId)).toMatchObject({ assignee_id: null, team_id: team.id })
    const types = ws.crm.timeline.forConversation(conversationId).map((e) => e.type)
    expect(types).toEqual(['opened', 'assigned', 'assigned', 'unassigned'])
  })

  it('records "assign failed" and refuses an assignment to someone who is not a member', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    expect(() => ws.crm.conversations.assign(conversationId, { memberId: 'nobody' })).toThrow(CoreError)
    expect(eventTypes(ws, conversationId)).toEqual(['opened:contact', 'assign_failed:user'])
  })
})

describe('snooze', () => {
  it('computes 1 hour, 3 hours, tomorrow 09:00 and next Monday 09:00 in local time', () => {
    const monday = new Date(2026, 0, 5, 10, 0).getTime()
    expect(snoozeUntil('1h', monday)).toBe(monday + HOUR)
    expect(snoozeUntil('3h', monday)).toBe(monday + 3 * HOUR)
    expect(snoozeUntil('tomorrow', monday)).toBe(new Date(2026, 0, 6, 9, 0).getTime())
    expect(snoozeUntil('next-monday', monday)).toBe(new Date(2026, 0, 12, 9, 0).getTime())
    const friday = new Date(2026, 0, 9, 23, 30).getTime()
    expect(snoozeUntil('next-monday', friday)).toBe(new Date(2026, 0, 12, 9, 0).getTime())
    expect(snoozeUntil('tomorrow', friday)).toBe(new Date(2026, 0, 10, 9, 0).getTime())
  })

  it('wakes a snoozed conversation to the status it had before (open)', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.conversations.snooze(conversationId, { preset: '1h' })
    expect(ws.conversation(conversationId)).toMatchObject({ status: 'snoozed', snoozed_until: START + HOUR })
    ws.clock.advance(HOUR - 1)
    expect(ws.crm.snoozes.wakeDue()).toEqual([])
    ws.clock.advance(1)
    expect(ws.crm.snoozes.wakeDue()).toEqual([conversationId])
    expect(ws.conversation(conversationId)).toMatchObject({ status: 'open', snoozed_until: null })
    expect(eventTypes(ws, conversationId)).toEqual(['opened:contact', 'snoozed:user', 'woken:system'])
  })

  it('wakes a snoozed closed conversation back to closed', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.conversations.close(conversationId)
    ws.crm.conversations.snooze(conversationId, { preset: '3h' })
    ws.clock.advance(3 * HOUR)
    ws.crm.snoozes.wakeDue()
    expect(ws.conversation(conversationId).status).toBe('closed')
  })

  it('raises a notification for the assignee when a snooze wakes', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.conversations.snooze(conversationId, { until: START + 5 * MINUTE })
    ws.clock.advance(5 * MINUTE)
    ws.crm.snoozes.wakeDue()
    expect(ws.notifications).toMatchObject([{ kind: 'snooze-woken', conversationId, memberId: ws.me().id }])
    expect(ws.crm.notifications.list(ws.me().id, true)).toHaveLength(1)
  })

  it('wakes snoozes that expired while the app was closed when the scheduler starts', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.conversations.snooze(conversationId, { preset: 'tomorrow' })
    ws.crm.stop()
    ws.clock.advance(2 * 24 * HOUR)
    ws.crm.start()
    expect(ws.conversation(conversationId).status).toBe('open')
    ws.crm.stop()
  })

  it('wakes on its own timer once the time comes', async () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.conversations.snooze(conversationId, { until: START + 20 })
    ws.clock.advance(20)
    ws.crm.snoozes.arm()
    // The real timer is due at once; a bounded poll, not a fixed wait, sees it fire.
    await vi.waitFor(() => expect(ws.conversation(conversationId).status).toBe('open'), { timeout: 2_000 })
    ws.crm.stop()
  })

  it('unsnoozes early, back to the previous status, recorded as the user', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.conversations.snooze(conversationId, { preset: 'next-monday' })
    ws.crm.conversations.unsnooze(conversationId)
    expect(ws.conversation(conversationId)).toMatchObject({ status: 'open', snoozed_until: null })
    expect(eventTypes(ws, conversationId).at(-1)).toBe('woken:user')
    ws.crm.stop()
  })

  it('sums the time spent open, closed and snoozed, the current status counted up to now', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    const durations = () => ws.crm.list.one(conversationId)!.durations
    ws.clock.advance(2 * HOUR)
    ws.crm.conversations.close(conversationId)
    ws.clock.advance(3 * HOUR)
    ws.crm.conversations.open(conversationId)
    ws.clock.advance(HOUR)
    ws.crm.conversations.snooze(conversationId, { preset: '1h' })
    ws.clock.advance(HOUR)
    expect(ws.crm.snoozes.wakeDue()).toEqual([conversationId])
    ws.clock.advance(30 * MINUTE)
    expect(durations()).toEqual({ openMs: 3.5 * HOUR, closedMs: 3 * HOUR, snoozedMs: HOUR })
    ws.clock.advance(HOUR)
    expect(durations().openMs).toBe(4.5 * HOUR)
    ws.crm.stop()
  })

  it('refuses to snooze a blocked contact’s conversation', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.crm.blocking.block(ws.conversation(conversationId).contact_id!, { kind: 'user', id: ws.me().id })
    expect(() => ws.crm.conversations.snooze(conversationId, { preset: '1h' })).toThrow(
      expect.objectContaining({ code: 'CONTACT_BLOCKED' })
    )
  })

  it('refuses a snooze time in the past', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    expect(() => ws.crm.conversations.snooze(conversationId, { until: START - 1 })).toThrow(/future/)
  })

  it('wakes the others, and starts, when a snoozed conversation was tombstoned (its mail purged from Trash)', () => {
    const ws = crmWorkspace()
    const purged = ws.receive({ subject: 'Renewal in two months' })
    const other = ws.receive({ subject: 'Other deal', from: addr('dewi@client.test') })
    ws.crm.conversations.snooze(purged.conversationId, { until: START + 60 * 24 * HOUR })
    ws.crm.conversations.snooze(other.conversationId, { preset: '1h' })
    // Its only message is deleted (to Trash), and Trash keeps it 30 days.
    const folders = new FolderRepository(ws.db)
    folders.upsertListed(1, [{ path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' }])
    ws.db
      .prepare('INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid) VALUES (?, ?, 7, 5)')
      .run(purged.messagePk, folders.bySpecialUse(1, '\\Trash')!.id)
    const trash = new TrashRetention(ws.db, ws.clock, HybridClock.forDatabase(ws.db), null)
    trash.sweep()
    ws.clock.advance(TRASH_RETENTION_MS + HOUR)
    expect(trash.sweep().purged).toBe(1)
    expect(
      ws.db.prepare('SELECT deleted FROM conversations WHERE id = ?').get(purged.conversationId)
    ).toEqual({
      deleted: 1
    })
    ws.clock.advance(30 * 24 * HOUR)
    expect(ws.crm.snoozes.wakeDue()).toEqual([other.conversationId])
    expect(() => ws.crm.start()).not.toThrow()
    ws.crm.stop()
    expect(ws.conversation(other.conversationId).status).toBe('open')
  })

  it('reopens a snoozed conversation when the contact writes again', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.crm.conversations.snooze(first.conversationId, { preset: 'tomorrow' })
    ws.clock.advance(HOUR)
    ws.followUp(first)
    expect(ws.conversation(first.conversationId)).toMatchObject({ status: 'open', snoozed_until: null })
  })
})

describe('timeline', () => {
  it('records closed and opened by the user, with actor id and time', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    ws.clock.advance(MINUTE)
    ws.crm.conversations.close(conversationId)
    ws.clock.advance(MINUTE)
    ws.crm.conversations.open(conversationId)
    const events = ws.crm.timeline.forConversation(conversationId)
    expect(events.slice(1)).toMatchObject([
      { type: 'closed', actor: { kind: 'user', id: ws.me().id }, at: START + MINUTE },
      { type: 'opened', actor: { kind: 'user', id: ws.me().id }, at: START + 2 * MINUTE }
    ])
  })

  it('records a mailbox channel being added', () => {
    const ws = crmWorkspace()
    ws.crm.channelAdded(1, ME)
    const row = ws.db.prepare("SELECT actor_kind, data_json FROM events WHERE type = 'channel_added'").get()
    expect(row).toEqual({ actor_kind: 'user', data_json: JSON.stringify({ accountId: 1, email: ME }) })
  })
})

describe('internal comments', () => {
  it('keeps comments in the timeline and notifies mentioned members, never the author', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const budi = ws.crm.people.add({ name: 'Budi', email: 'budi@rapport.test', role: 'manager' })
    const { conversationId } = ws.receive()
    ws.crm.comments.add(conversationId, ws.me().id, 'Can you take this, @ana@rapport.test?', [
      budi.id,
      ws.me().id
    ])
    expect(ws.notifications.map((n) => n.memberId).sort()).toEqual([ana.id, budi.id].sort())
    expect(ws.crm.conversationTimeline(conversationId).map((e) => e.kind)).toEqual(['event', 'comment'])
  })

  it('finds a typed mention that ends a sentence', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'manager' })
    const { conversationId } = ws.receive()
    const comment = ws.crm.comments.add(
      conversationId,
      ws.me().id,
      'Please call them back, @Ana@rapport.test.'
    )
    expect({ mentions: comment.mentions, notified: ws.notifications.map((n) => n.memberId) }).toEqual({
      mentions: [ana.id],
      notified: [ana.id]
    })
  })

  it('refuses to mention an agent who may not see the conversation, and notifies no one', () => {
    const ws = crmWorkspace()
    const own = ws.crm.people.add({
      name: 'Ana',
      email: 'ana@rapport.test',
      role: 'agent',
      visibility: 'own'
    })
    const { conversationId } = ws.receive()
    const mention = () => ws.crm.comments.add(conversationId, ws.me().id, 'secret pricing: 40% off', [own.id])
    expect(mention).toThrow(
      expect.objectContaining({ code: 'MENTION_NOT_VISIBLE', field: `mentions.${own.id}` })
    )
    expect(() => ws.crm.comments.add(conversationId, ws.me().id, 'fyi @ana@rapport.test')).toThrow(
      /Ana cannot see/
    )
    expect(ws.notifications).toEqual([])
    expect(ws.crm.conversationTimeline(conversationId).map((e) => e.kind)).toEqual(['event'])
    // Assigned to her, she sees it, and the mention reaches her.
    ws.crm.conversations.assign(conversationId, { memberId: own.id })
    mention()
    expect(ws.notifications.map((n) => n.memberId)).toEqual([own.id])
  })

  it('never sends a comment: it creates no message', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive()
    const before = ws.db.prepare('SELECT count(*) AS n FROM messages').get()
    ws.crm.comments.add(conversationId, ws.me().id, 'internal note')
    expect(ws.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual(before)
  })

  it('marks notifications read', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const { conversationId } = ws.receive()
    ws.crm.comments.add(conversationId, ws.me().id, 'look', [ana.id])
    expect(ws.crm.notifications.markRead(ana.id)).toBe(1)
    expect(ws.crm.notifications.list(ana.id, true)).toEqual([])
  })
})
