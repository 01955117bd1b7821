// Each mailbox's own inbox (InboxRef { account }): listed only while there are two or more
// mailboxes, holding exactly that mailbox's conversations, with its open count and its dot.
import { describe, expect, it } from 'vitest'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { ConversationList } from '../../src-main/core/crm/conversation-list'
import {
  addr,
  crmWorkspace,
  ids,
  ME,
  message,
  MINUTE,
  query,
  type CrmWorkspace
} from './fixtures/crm-workspace'

const WORK = 'me@work.test'

function addWorkMailbox(ws: CrmWorkspace, state = 'active') {
  ws.db
    .prepare(
      `INSERT INTO accounts (id, email, display_name, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, state, created_at)
       VALUES (2, ?, '', ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:work', ?, 0)`
    )
    .run(WORK, WORK, state)
}

/** New mail from `from` to one of the user's mailboxes, a minute after the last. */
function receiveIn(ws: CrmWorkspace, accountId: number, from: string) {
  ws.clock.advance(MINUTE)
  const own = accountId === 1 ? ME : WORK
  return ws.storeOne(
    message({ date: ws.clock.now(), from: addr(from), to: [addr(own)], subject: `Hello from ${from}` }),
    { accountId, ownAddresses: new Set([ME, WORK]) }
  ).conversationId
}

const mailboxInboxes = (ws: CrmWorkspace) =>
  ws.crm
    .inboxes()
    .filter((i) => i.kind === 'account')
    .map((i) => ({
      key: i.key,
      name: i.name,
      accountId: i.accountId,
      openCount: i.openCount,
      archived: i.archived
    }))

const dots = (ws: CrmWorkspace) =>
  ws.crm
    .inboxes()
    .filter((i) => i.dot)
    .map((i) => i.key)

describe('mailbox inboxes', () => {
  it('are not listed while there is only one mailbox', () => {
    const ws = crmWorkspace()
    receiveIn(ws, 1, 'carlos@client.test')
    expect(ws.crm.inboxes().map((i) => i.key)).toEqual(['all', 'mine', 'unassigned'])
  })

  it('list one inbox per mailbox after the standard ones, named by display name else address, with open counts', () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws)
    const personal = [receiveIn(ws, 1, 'ana@client.test'), receiveIn(ws, 1, 'budi@client.test')]
    for (const from of ['citra@client.test', 'dewi@client.test', 'eka@client.test']) receiveIn(ws, 2, from)
    ws.crm.conversations.close(personal[1]!)
    expect(ws.crm.inboxes().map((i) => i.key)).toEqual([
      'all',
      'mine',
      'unassigned',
      'account:1',
      'account:2'
    ])
    expect(mailboxInboxes(ws)).toEqual([
      { key: 'account:1', name: 'Me', accountId: 1, openCount: 1, archived: false },
      { key: 'account:2', name: WORK, accountId: 2, openCount: 3, archived: false }
    ])
    expect(ws.crm.inboxes().find((i) => i.key === 'all')?.openCount).toBe(4)
  })

  it("holds exactly its mailbox's conversations, under every status, sort and page", () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws)
    const personal = [receiveIn(ws, 1, 'ana@client.test'), receiveIn(ws, 1, 'budi@client.test')]
    const work = [
      receiveIn(ws, 2, 'citra@client.test'),
      receiveIn(ws, 2, 'dewi@client.test'),
      receiveIn(ws, 2, 'eka@client.test')
    ]
    ws.crm.conversations.close(work[0]!)
    expect(ids(ws, { inbox: { account: 1 } })).toEqual([...personal].reverse())
    expect(ids(ws, { inbox: { account: 2 } })).toEqual([...work].reverse())
    expect(ids(ws, { inbox: { account: 2 }, status: 'open' })).toEqual([work[2], work[1]])
    expect(ids(ws, { inbox: { account: 2 }, status: 'closed' })).toEqual([work[0]])
    expect(ids(ws, { inbox: { account: 2 }, sort: 'oldest' })).toEqual(work)
    const first = ws.crm.listConversations(query({ inbox: { account: 2 }, limit: 2 }))
    const last = first.at(-1)!
    expect(ids(ws, { inbox: { account: 2 }, after: { id: last.id, sortKey: last.sortKey } })).toEqual([
      work[0]
    ])
    // Blocked mail stays in Blocked, as in every other inbox.
    ws.crm.blocking.block(ws.conversation(work[1]!).contact_id!, { kind: 'user', id: ws.me().id })
    expect(ids(ws, { inbox: { account: 2 } })).toEqual([work[2], work[0]])
    expect(mailboxInboxes(ws).map((i) => i.openCount)).toEqual([2, 1])
  })

  it('lists an archived mailbox too, marked as archive', () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws, 'archived')
    expect(mailboxInboxes(ws).map((i) => [i.key, i.archived])).toEqual([
      ['account:1', false],
      ['account:2', true]
    ])
  })

  it('are hidden from an agent restricted to their own or their teams’ conversations', () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws)
    const agent = ws.crm.people.add({ name: 'A', email: 'a@rapport.test', role: 'agent', visibility: 'team' })
    expect(ws.crm.inboxes(ws.crm.people.get(agent.id)).map((i) => i.key)).toEqual(['mine'])
    expect(() =>
      ws.crm.listConversations(query({ inbox: { account: 2 } }), ws.crm.people.get(agent.id))
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
  })
})

describe('mailbox inbox dots', () => {
  it("lights the mailbox's inbox beside the highest-priority one, and opening it clears only its own", () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws)
    receiveIn(ws, 2, 'citra@client.test')
    expect(dots(ws)).toEqual(['unassigned', 'account:2'])
    ws.clock.advance(MINUTE)
    ws.crm.marks.markSeen(ws.me().id, { account: 2 })
    expect(dots(ws)).toEqual(['unassigned'])
    ws.clock.advance(MINUTE)
    receiveIn(ws, 1, 'ana@client.test')
    expect(dots(ws)).toEqual(['unassigned', 'account:1'])
  })

  it('leaves no dot behind from the days of a single mailbox', () => {
    const ws = crmWorkspace()
    receiveIn(ws, 1, 'ana@client.test')
    addWorkMailbox(ws)
    expect(dots(ws)).toEqual(['unassigned'])
  })

  // Account ids are reused (INTEGER PRIMARY KEY, no AUTOINCREMENT): the next mailbox added after
  // the newest is deleted takes its id, and must not inherit its unseen dot.
  const homeMailbox = {
    email: 'me@home.test',
    displayName: '',
    kind: 'mailbox' as const,
    user: 'me@home.test',
    imap: { host: 'imap.test', port: 993, security: 'tls' as const },
    smtp: { host: 'smtp.test', port: 465, security: 'tls' as const },
    secretRef: 'account:home',
    importLimit: 'all' as const
  }

  it('leaves no dot behind from a deleted mailbox, and gives the next one added a new id', () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws)
    receiveIn(ws, 2, 'citra@client.test')
    expect(dots(ws)).toContain('account:2')
    const accounts = new AccountRepository(ws.db)
    accounts.remove(2)
    const next = accounts.insert(homeMailbox)
    // A new id: a saved view of the deleted mailbox (accountIds [2]) must not list this one.
    expect(next.id).toBe(3)
    expect(dots(ws).filter((d) => d.startsWith('account:'))).toEqual([])
    accounts.remove(3)
    expect(accounts.insert({ ...homeMailbox, secretRef: 'account:home2' }).id).toBe(4)
  })

  // The other way round from the test above: the remaining mailbox's inbox is unlisted while it
  // is alone, and its dot of then must not come back the day a second mailbox is added.
  it('leaves no dot behind on the mailbox left alone when the other is deleted', () => {
    const ws = crmWorkspace()
    addWorkMailbox(ws)
    receiveIn(ws, 1, 'ana@client.test')
    expect(dots(ws)).toContain('account:1')
    const accounts = new AccountRepository(ws.db)
    accounts.remove(2)
    addWorkMailbox(ws)
    expect(dots(ws)).toEqual(['unassigned'])
  })
})

describe('query plan of a mailbox inbox (EXPLAIN QUERY PLAN)', () => {
  const statuses = ['all', 'open', 'closed', 'snoozed'] as const
  const sorts = ['newest', 'oldest', 'longest', 'shortest'] as const

  // Newest/oldest from a covering index with no sort step; time in status (longest/shortest) has
  // no index of its own per mailbox (each is written at every import): another index serves it.
  it('reads every page from a covering conv_account_* index, sorting only by time in status', () => {
    const ws = crmWorkspace()
    for (const status of statuses)
      for (const sort of sorts)
        for (const unreplied of [false, true]) {
          const q = query({ inbox: { account: 2 }, status, sort, unreplied, after: { id: 'x', sortKey: 1 } })
          const { sql, params } = ConversationList.idQuery(q, ws.me())
          const detail = (
            ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>
          )
            .map((r) => r.detail)
            .join('\n')
          const recent = sort === 'newest' || sort === 'oldest'
          const name = `conv_account_${status === 'all' ? '' : 'status_'}recent`
          expect(detail, `${status} ${sort} ${unreplied}`).toMatch(/USING (COVERING )?INDEX conv_/)
          if (recent) expect(detail, `${status} ${sort}`).toContain(`USING COVERING INDEX ${name}`)
          if (recent) expect(detail).not.toMatch(/TEMP B-TREE/)
        }
  })

  it('counts its open conversations from an index', () => {
    const ws = crmWorkspace()
    const detail = (
      ws.db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT count(*) FROM conversations c WHERE c.deleted = 0 AND c.status = 'open' AND c.blocked = 0 AND c.account_id = ?"
        )
        .all(2) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(detail).toMatch(/COVERING INDEX conv_account_status/)
  })
})
