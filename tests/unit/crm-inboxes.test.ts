import { describe, expect, it } from 'vitest'
import { ConversationList, type ListQuery } from '../../src-main/core/crm/conversation-list'
import { InboxMarks } from '../../src-main/core/crm/inbox-access'
import { addr, crmWorkspace, HOUR, ids, ME, MINUTE, query, type CrmWorkspace } from './fixtures/crm-workspace'

/** Five conversations from five people, one minute apart: c0 oldest … c4 newest. */
function fiveConversations(ws: CrmWorkspace) {
  return Array.from({ length: 5 }, (_, i) => {
    ws.clock.advance(MINUTE)
    return ws.receive({ from: addr(`p${i}@client.test`), subject: `Topic ${i}` })
  })
}

describe('status filters', () => {
  it('shows snoozed conversations under all and snoozed, and hides them under open and closed', () => {
    const ws = crmWorkspace()
    const [open, closed, snoozedOpen, snoozedClosed] = fiveConversations(ws).map((c) => c.conversationId)
    ws.crm.conversations.close(closed!)
    ws.crm.conversations.snooze(snoozedOpen!, { preset: '1h' })
    ws.crm.conversations.close(snoozedClosed!)
    ws.crm.conversations.snooze(snoozedClosed!, { preset: '1h' })
    expect(ids(ws, { status: 'all' })).toHaveLength(5)
    expect(ids(ws, { status: 'open' })).not.toContain(snoozedOpen)
    expect(ids(ws, { status: 'open' })).toContain(open)
    expect(ids(ws, { status: 'closed' })).toEqual([closed])
    expect(ids(ws, { status: 'snoozed' }).sort()).toEqual([snoozedOpen, snoozedClosed].sort())
    ws.crm.stop()
  })

  it('"unreplied" keeps only conversations whose latest message is incoming', () => {
    const ws = crmWorkspace()
    const [a, b] = fiveConversations(ws)
    ws.clock.advance(MINUTE)
    ws.reply(a!, { to: [addr('p0@client.test')], subject: 'Re: Topic 0' })
    expect(ids(ws, { unreplied: true })).not.toContain(a!.conversationId)
    expect(ids(ws, { unreplied: true })).toContain(b!.conversationId)
  })
})

describe('sorts and paging', () => {
  it('sorts newest and oldest by last message', () => {
    const ws = crmWorkspace()
    const all = fiveConversations(ws).map((c) => c.conversationId)
    expect(ids(ws, { sort: 'newest' })).toEqual([...all].reverse())
    expect(ids(ws, { sort: 'oldest' })).toEqual(all)
  })

  it('sorts longest and shortest by time in the current status', () => {
    const ws = crmWorkspace()
    const [c0, c1, c2] = fiveConversations(ws).map((c) => c.conversationId)
    ws.clock.advance(HOUR)
    ws.crm.conversations.close(c0!) // c0 is now the newest in its status
    ws.clock.advance(HOUR)
    ws.crm.conversations.close(c2!)
    ws.crm.conversations.open(c2!)
    const longest = ids(ws, { sort: 'longest' })
    expect(longest.indexOf(c1!)).toBeLessThan(longest.indexOf(c0!))
    expect(longest.at(-1)).toBe(c2)
    expect(ids(ws, { sort: 'shortest' })[0]).toBe(c2)
  })

  it('uses the time of the status before the snooze for a snoozed conversation', () => {
    const ws = crmWorkspace()
    const [c0, c1] = fiveConversations(ws).map((c) => c.conversationId)
    ws.clock.advance(HOUR)
    ws.crm.conversations.snooze(c0!, { preset: '3h' })
    // c0 was opened before c1, and snoozing does not restart its clock.
    const longest = ids(ws, { sort: 'longest' })
    expect(longest.indexOf(c0!)).toBeLessThan(longest.indexOf(c1!))
    ws.crm.stop()
  })

  it('puts conversations with no status time first under longest and last under shortest', () => {
    const ws = crmWorkspace()
    const [c0, , , , c4] = fiveConversations(ws).map((c) => c.conversationId)
    ws.db.prepare('UPDATE conversations SET status = ?, status_since = 0 WHERE id = ?').run('closed', c4)
    expect(ids(ws, { sort: 'longest' })[0]).toBe(c4)
    expect(ids(ws, { sort: 'shortest' }).at(-1)).toBe(c4)
    expect(ids(ws, { sort: 'longest' })[1]).toBe(c0)
  })

  it('pages with a keyset cursor, without gaps or repeats, for every sort', () => {
    const ws = crmWorkspace()
    fiveConversations(ws)
    ws.crm.conversations.close(ws.crm.listConversations(query())[2]!.id)
    for (const sort of ['newest', 'oldest', 'longest', 'shortest'] as const) {
      const full = ids(ws, { sort })
      const paged: string[] = []
      let after: ListQuery['after']
      for (;;) {
        const page = ws.crm.listConversations(query({ sort, limit: 2, after }))
        if (page.length === 0) break
        paged.push(...page.map((r) => r.id))
        after = { id: page.at(-1)!.id, sortKey: page.at(-1)!.sortKey }
      }
      expect(paged).toEqual(full)
    }
  })
})

describe('standard and team inboxes', () => {
  it('Mine holds conversations assigned to me, Unassigned those with no assignee, a team inbox its team’s', () => {
    const ws = crmWorkspace()
    const [a, b, c] = fiveConversations(ws).map((x) => x.conversationId)
    const sales = ws.crm.people.addTeam('Sales', [ws.me().id])
    ws.crm.conversations.assign(a!, { memberId: ws.me().id })
    ws.crm.conversations.assign(b!, { memberId: null, teamId: sales.id })
    expect(ids(ws, { inbox: 'mine' })).toEqual([a])
    expect(ids(ws, { inbox: 'unassigned' })).not.toContain(a)
    expect(ids(ws, { inbox: 'unassigned' })).toContain(c)
    expect(ids(ws, { inbox: { team: sales.id } })).toEqual([b])
  })

  it('counts open conversations per standard and team inbox', () => {
    const ws = crmWorkspace()
    const [a, b] = fiveConversations(ws).map((x) => x.conversationId)
    ws.crm.conversations.assign(a!, { memberId: ws.me().id })
    ws.crm.conversations.close(b!)
    const counts = Object.fromEntries(ws.crm.inboxes().map((i) => [i.key, i.openCount]))
    expect(counts).toEqual({ all: 4, mine: 1, unassigned: 3 })
  })

  it('lets an own-only agent see only Mine', () => {
    const ws = crmWorkspace()
    const agent = ws.crm.people.add({ name: 'A', email: 'a@rapport.test', role: 'agent', visibility: 'own' })
    ws.crm.people.addTeam('Sales', [agent.id])
    expect(ws.crm.inboxes(ws.crm.people.get(agent.id)).map((i) => i.key)).toEqual(['mine'])
    expect(() => ws.crm.listConversations(query({ inbox: 'all' }), ws.crm.people.get(agent.id))).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' })
    )
  })

  it('lets a team-restricted agent see Mine and their own teams’ inboxes only', () => {
    const ws = crmWorkspace()
    const agent = ws.crm.people.add({ name: 'A', email: 'a@rapport.test', role: 'agent', visibility: 'team' })
    const sales = ws.crm.people.addTeam('Sales', [agent.id])
    ws.crm.people.addTeam('Support')
    expect(ws.crm.inboxes(ws.crm.people.get(agent.id)).map((i) => i.key)).toEqual([
      'mine',
      `team:${sales.id}`
    ])
  })

  it('shows the Blocked inbox only while a blocked contact exists, and blocked mail only there', () => {
    const ws = crmWorkspace()
    const [a] = fiveConversations(ws)
    expect(ws.crm.inboxes().map((i) => i.key)).not.toContain('blocked')
    const contactId = ws.conversation(a!.conversationId).contact_id!
    ws.crm.blocking.block(contactId, { kind: 'user', id: ws.me().id })
    expect(ws.crm.inboxes().map((i) => i.key)).toContain('blocked')
    expect(ids(ws, { inbox: 'blocked' })).toEqual([a!.conversationId])
    expect(ids(ws, { inbox: 'all' })).not.toContain(a!.conversationId)
    expect(ids(ws, { inbox: 'unassigned' })).not.toContain(a!.conversationId)
    ws.crm.blocking.unblock(contactId, { kind: 'user', id: ws.me().id })
    expect(ws.crm.inboxes().map((i) => i.key)).not.toContain('blocked')
  })
})

describe('new-message dots', () => {
  it('lights only the highest-priority inbox: Mine > Team > Unassigned > All', () => {
    const ws = crmWorkspace()
    const me = ws.me()
    const placement = (assignee: string | null, team: string | null) => ({
      assignee_id: assignee,
      team_id: team,
      blocked: 0
    })
    expect(InboxMarks.dotInbox(me, placement(me.id, 't1'))).toBe('mine')
    expect(InboxMarks.dotInbox(me, placement(null, 't1'))).toEqual({ team: 't1' })
    expect(InboxMarks.dotInbox(me, placement(null, null))).toBe('unassigned')
    expect(InboxMarks.dotInbox(me, placement('someone-else', null))).toBe('all')
    expect(InboxMarks.dotInbox(me, { ...placement(null, null), blocked: 1 })).toBeNull()
  })

  it('sets a dot on new mail and clears it when that inbox is opened', () => {
    const ws = crmWorkspace()
    ws.receive()
    const dots = () =>
      ws.crm
        .inboxes()
        .filter((i) => i.dot)
        .map((i) => i.key)
    expect(dots()).toEqual(['unassigned'])
    ws.clock.advance(MINUTE)
    ws.crm.marks.markSeen(ws.me().id, 'unassigned')
    expect(dots()).toEqual([])
  })

  it('lights Mine when the contact writes again on my conversation', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.reply(first)
    ws.clock.advance(MINUTE)
    ws.crm.marks.markSeen(ws.me().id, 'unassigned')
    ws.clock.advance(MINUTE)
    ws.followUp(first)
    expect(
      ws.crm
        .inboxes()
        .filter((i) => i.dot)
        .map((i) => i.key)
    ).toEqual(['mine'])
  })
})

describe('custom inboxes', () => {
  it('filters by tag, contact field, mailbox and unreplied, and refreshes only by hand', () => {
    const ws = crmWorkspace()
    const [a, b] = fiveConversations(ws)
    const contactA = ws.conversation(a!.conversationId).contact_id!
    ws.crm.contacts.update(contactA, { tags: ['vip'], country: 'ID' }, null)
    const inbox = ws.crm.customInboxes.create(ws.me().id, {
      name: 'VIP Indonesia',
      shared: false,
      filter: {
        tags: ['VIP'],
        contactFields: [{ field: 'country', value: 'id' }],
        accountIds: [1],
        unreplied: true
      }
    })
    expect(ids(ws, { inbox: { custom: inbox.id } })).toEqual([a!.conversationId])
    const contactB = ws.conversation(b!.conversationId).contact_id!
    ws.crm.contacts.update(contactB, { tags: ['vip'], country: 'ID' }, null)
    expect(ids(ws, { inbox: { custom: inbox.id } })).toEqual([a!.conversationId])
    ws.clock.advance(HOUR)
    const refreshed = ws.crm.customInboxes.refresh(inbox.id, ws.me().id)
    expect(refreshed.refreshedAt).toBe(ws.clock.now())
    expect(ids(ws, { inbox: { custom: inbox.id } }).sort()).toEqual(
      [a!.conversationId, b!.conversationId].sort()
    )
  })

  it('filters by custom contact field, status, assignee and date', () => {
    const ws = crmWorkspace()
    const [a, b] = fiveConversations(ws)
    ws.crm.contacts.defineField({ key: 'tier', label: 'Tier', type: 'text' })
    ws.crm.contacts.update(
      ws.conversation(a!.conversationId).contact_id!,
      { customFields: { tier: 'gold' } },
      null
    )
    ws.crm.conversations.assign(b!.conversationId, { memberId: ws.me().id })
    const gold = ws.crm.customInboxes.create(ws.me().id, {
      name: 'Gold',
      shared: true,
      filter: { contactFields: [{ field: 'tier', value: 'GOLD' }], status: 'open' }
    })
    expect(ids(ws, { inbox: { custom: gold.id } })).toEqual([a!.conversationId])
    const mineRecent = ws.crm.customInboxes.create(ws.me().id, {
      name: 'Mine recent',
      shared: false,
      filter: { assigneeIds: [ws.me().id], from: ws.clock.now() - 10 * MINUTE }
    })
    expect(ids(ws, { inbox: { custom: mineRecent.id } })).toEqual([b!.conversationId])
  })

  it('shows private inboxes to their creator only and lets only the creator edit a shared one', () => {
    const ws = crmWorkspace()
    const other = ws.crm.people.add({ name: 'M', email: 'm@rapport.test', role: 'manager' })
    const priv = ws.crm.customInboxes.create(ws.me().id, { name: 'Private', shared: false, filter: {} })
    const shared = ws.crm.customInboxes.create(ws.me().id, { name: 'Shared', shared: true, filter: {} })
    expect(ws.crm.customInboxes.listFor(other.id).map((i) => i.id)).toEqual([shared.id])
    expect(() => ws.crm.customInboxes.update(shared.id, other.id, { name: 'Mine now' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' })
    )
    expect(() => ws.crm.customInboxes.get(priv.id, other.id)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' })
    )
    ws.crm.customInboxes.remove(priv.id, ws.me().id)
    expect(ws.crm.customInboxes.listFor(ws.me().id).map((i) => i.name)).toEqual(['Shared'])
  })
})

describe('query plans of the inbox lists (EXPLAIN QUERY PLAN)', () => {
  const plan = (ws: CrmWorkspace, q: ListQuery) => {
    const { sql, params } = ConversationList.idQuery(q, ws.me())
    return (ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n')
  }
  const inboxes = ['all', 'mine', 'unassigned', 'blocked', { team: 't' }] as const
  const statuses = ['all', 'open', 'closed', 'snoozed'] as const
  const sorts = ['newest', 'oldest', 'longest', 'shortest'] as const

  it('reads every standard and team inbox list from a covering conv_* index, with no sort step', () => {
    const ws = crmWorkspace()
    for (const inbox of inboxes)
      for (const status of statuses)
        for (const sort of sorts)
          for (const unreplied of [false, true]) {
            const after = { id: 'x', sortKey: 1 }
            const detail = plan(ws, query({ inbox, status, sort, unreplied, after }))
            expect(detail, `${JSON.stringify(inbox)} ${status} ${sort}`).toMatch(/USING COVERING INDEX conv_/)
            expect(detail).not.toMatch(/TEMP B-TREE/)
            const prefix =
              typeof inbox === 'object'
                ? 'team'
                : inbox === 'mine' || inbox === 'unassigned'
                  ? 'assignee'
                  : 'all'
            const key = sort === 'newest' || sort === 'oldest' ? 'recent' : 'since'
            const name = `conv_${prefix}_${status === 'all' ? '' : 'status_'}${key}`
            expect(detail).toContain(name)
          }
  })

  it('reads a page of rows, with whether the server still has each latest message, by key only', () => {
    const ws = crmWorkspace()
    const detail = (
      ws.db.prepare(`EXPLAIN QUERY PLAN ${ConversationList.rowsQuery}`).all('["a"]') as Array<{
        detail: string
      }>
    ).map((r) => r.detail)
    // The latest message's locations come from their index, not a scan of 100k messages.
    expect(detail.join('\n')).toMatch(/SEARCH lm USING INTEGER PRIMARY KEY/)
    expect(detail.join('\n')).toMatch(/SEARCH l USING (COVERING )?INDEX message_locations_by_message/)
    // The only scans are of the page's ids and a location's flags (json_each), never a table.
    expect(detail.filter((d) => d.startsWith('SCAN') && !d.startsWith('SCAN json_each'))).toEqual([])
  })

  it('counts open conversations from an index', () => {
    const ws = crmWorkspace()
    const detail = (
      ws.db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT count(*) FROM conversations c WHERE c.deleted = 0 AND c.status = 'open' AND c.blocked = 0 AND c.assignee_id = ?"
        )
        .all('m') as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(detail).toMatch(/COVERING INDEX conv_assignee_status/)
  })

  it('finds due snoozes by index', () => {
    const ws = crmWorkspace()
    const detail = (
      ws.db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT id FROM conversations INDEXED BY conv_snoozed_until WHERE status = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until"
        )
        .all(1) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(detail).toMatch(/SEARCH conversations USING INDEX conv_snoozed_until/)
    expect(detail).not.toMatch(/TEMP B-TREE/)
  })
})

void ME
