import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { CommentSearch } from '../../src-main/core/search/comment-search'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import type { Member } from '../../src-main/core/people/people-repository'
import { addr, crmWorkspace, HOUR } from './fixtures/crm-workspace'

const OWNER: Member = {
  id: 'me',
  name: 'Me',
  email: 'me@x.test',
  role: 'owner',
  visibility: 'none',
  isLocal: true,
  teamIds: []
}

/** A workspace with two conversations and a comment search created before any comment. */
function commented() {
  const ws = crmWorkspace()
  const search = new CommentSearch(ws.db)
  const quote = ws.receive({ subject: 'Quote for 500 units' })
  const invoice = ws.receive({
    subject: 'Invoice 2231',
    from: addr('dewi@toko.example.co.id', 'Dewi Lestari')
  })
  const me = ws.me().id
  const comment = (conversationId: string, body: string, author = me) => {
    const added = ws.crm.comments.add(conversationId, author, body)
    ws.clock.advance(HOUR)
    return added
  }
  const bodies = (query: string, viewer = ws.me()) =>
    search.search({ query }, viewer).comments.map((c) => c.match.text)
  return { ws, search, quote, invoice, comment, bodies }
}

describe('comment search', () => {
  it('finds a comment as soon as it is written, by word prefix, newest first', () => {
    const { comment, quote, invoice, bodies } = commented()
    comment(quote.conversationId, 'Discount approved by finance')
    comment(invoice.conversationId, 'Finance will call back on Monday')
    comment(quote.conversationId, 'Shipping is free')
    expect(bodies('financ')).toEqual(['Finance will call back on Monday', 'Discount approved by finance'])
    expect(bodies('shipping free')).toEqual(['Shipping is free'])
    expect(bodies('"free shipping"')).toEqual([])
  })

  it('says which thread a comment is on, who wrote it, and where the words matched', () => {
    const { comment, invoice, search, ws } = commented()
    comment(invoice.conversationId, 'Customer asked for the tax invoice again')
    const [hit] = search.search({ query: 'tax invoice' }, ws.me()).comments
    expect(hit).toMatchObject({
      threadId: invoice.threadId,
      conversationId: invoice.conversationId,
      authorId: ws.me().id,
      subject: 'Invoice 2231'
    })
    const marked = hit!.match.ranges.map(([a, b]) => hit!.match.text.slice(a, b))
    expect(marked).toEqual(['tax', 'invoice'])
  })

  it('finds Chinese text by substring and an Indonesian phrase', () => {
    const { comment, quote, bodies } = commented()
    comment(quote.conversationId, '客户说发票已开具，请跟进')
    comment(quote.conversationId, 'Pak Budi minta harga grosir untuk bulan depan')
    expect(bodies('发票已开具')).toEqual(['客户说发票已开具，请跟进'])
    expect(bodies('"harga grosir"')).toEqual(['Pak Budi minta harga grosir untuk bulan depan'])
  })

  it('applies negation, numbers, from: (the author) and dates', () => {
    const { comment, quote, ws, bodies } = commented()
    const ana = ws.crm.people.add({ name: 'Ana Souza', email: 'ana@rapport.test', role: 'agent' })
    comment(quote.conversationId, 'Order 016 is late')
    comment(quote.conversationId, 'Order 014 shipped', ana.id)
    expect(bodies('order -late')).toEqual(['Order 014 shipped'])
    expect(bodies('016 014')).toEqual(['Order 014 shipped', 'Order 016 is late'])
    expect(bodies('from:ana order')).toEqual(['Order 014 shipped'])
    expect(bodies('order before:2000-01-01')).toEqual([])
    expect(bodies('order after:2000-01-01')).toHaveLength(2)
  })

  it('matches no comment with an operator that only describes mail, and every one when negated', () => {
    const { comment, quote, bodies } = commented()
    comment(quote.conversationId, 'Attachment checked')
    expect(bodies('attachment has:attachment')).toEqual([])
    expect(bodies('attachment is:unread')).toEqual([])
    expect(bodies('attachment -in:inbox')).toEqual(['Attachment checked'])
  })

  it('finds comments by the contact of their conversation', () => {
    const { comment, quote, invoice, bodies } = commented()
    comment(quote.conversationId, 'call tomorrow')
    comment(invoice.conversationId, 'call on Friday')
    expect(bodies('call contact:dewi')).toEqual(['call on Friday'])
  })

  it('follows edits and deletions of a comment', () => {
    const { comment, quote, ws, bodies } = commented()
    const note = comment(quote.conversationId, 'Budget is 5000')
    ws.db.prepare("UPDATE comments SET body = 'Budget is 7000 now' WHERE id = ?").run(note.id)
    expect(bodies('budget')).toEqual(['Budget is 7000 now'])
    expect(bodies('5000')).toEqual([])
    ws.db.prepare('UPDATE comments SET deleted = 1 WHERE id = ?').run(note.id)
    expect(bodies('budget')).toEqual([])
  })

  it('the comment search migration indexes the comments that exist when it is applied', () => {
    const db = new BetterSqlite3(':memory:')
    db.pragma('foreign_keys = ON')
    const commentSearch = bundledMigrations.find((m) => m.name.endsWith('_comment_search.sql'))!
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < commentSearch.version)
    )
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
      VALUES (1, 'me@x.test', 'me', 'h', 1, 'tls', 'h', 1, 'tls', 'x', 0)`)
    db.exec("INSERT INTO threads (id, account_id, subject) VALUES (1, 1, 'Quote')")
    db.exec(`INSERT INTO conversations (id, account_id, thread_id, status_changed_at, created_at, hlc)
      VALUES ('cv1', 1, 1, 0, 0, 'h')`)
    db.exec(`INSERT INTO comments (id, conversation_id, author_id, body, created_at, hlc)
      VALUES ('k1', 'cv1', 'me', 'Written before search knew comments', 0, 'h')`)
    migrate(db, bundledMigrations)
    const search = new CommentSearch(db)
    const find = (query: string) => search.search({ query }, OWNER).comments.map((c) => c.id)
    expect(find('written')).toEqual(['k1'])
    db.exec("INSERT INTO comments_fts (comments_fts) VALUES ('delete-all')")
    expect(find('written')).toHaveLength(0)
    expect(reindexSearch(db).comments).toBe(1)
    expect(find('written')).toEqual(['k1'])
  })

  it('answers a too-short query with a flag and a bad date with a clear error', () => {
    const { search, ws } = commented()
    expect(search.search({ query: 'ok' }, ws.me())).toEqual({
      comments: [],
      tooShort: true,
      minLength: 3,
      next: null
    })
    expect(() => search.search({ query: 'note before:someday' }, ws.me())).toThrow(/before/)
  })

  it('shows an own-only agent only comments on conversations assigned to them', () => {
    const { comment, quote, invoice, ws, bodies } = commented()
    const agent = ws.crm.people.add({
      name: 'Ola',
      email: 'ola@rapport.test',
      role: 'agent',
      visibility: 'own'
    })
    ws.crm.conversations.assign(quote.conversationId, { memberId: agent.id })
    comment(quote.conversationId, 'Pricing agreed')
    comment(invoice.conversationId, 'Pricing disputed')
    expect(bodies('pricing', agent)).toEqual(['Pricing agreed'])
    expect(bodies('pricing')).toEqual(['Pricing disputed', 'Pricing agreed'])
  })

  it("shows a team-restricted agent comments on their own and their teams' conversations only", () => {
    const { comment, quote, invoice, ws, bodies } = commented()
    const sales = ws.crm.people.addTeam('Sales')
    const billing = ws.crm.people.addTeam('Billing')
    const agent = ws.crm.people.add({
      name: 'Tia',
      email: 'tia@rapport.test',
      role: 'agent',
      visibility: 'team',
      teamIds: [sales.id]
    })
    const third = ws.receive({ subject: 'Delivery', from: addr('eko@shop.test', 'Eko') })
    ws.crm.conversations.assign(quote.conversationId, { memberId: null, teamId: sales.id })
    ws.crm.conversations.assign(invoice.conversationId, { memberId: null, teamId: billing.id })
    ws.crm.conversations.assign(third.conversationId, { memberId: agent.id, teamId: billing.id })
    comment(quote.conversationId, 'Follow up with sales')
    comment(invoice.conversationId, 'Follow up with billing')
    comment(third.conversationId, 'Follow up on delivery')
    expect(bodies('follow', agent)).toEqual(['Follow up on delivery', 'Follow up with sales'])
    expect(bodies('follow')).toHaveLength(3)
  })

  it('pages newest first with a keyset cursor, every comment exactly once, even at equal times', () => {
    const { quote, ws, search } = commented()
    const written: string[] = []
    // Pairs written in the same millisecond: the comment id breaks the tie.
    for (let i = 0; i < 7; i++) {
      written.push(ws.crm.comments.add(quote.conversationId, ws.me().id, `Reminder number ${i}`).id)
      if (i % 2 === 1) ws.clock.advance(HOUR)
    }
    const seen: string[] = []
    let after: { date: string; id: string } | undefined
    let pages = 0
    for (;;) {
      const page = search.search({ query: 'reminder', limit: 3, after }, ws.me())
      seen.push(...page.comments.map((c) => c.id))
      pages++
      if (!page.next) break
      expect(page.comments).toHaveLength(3)
      after = page.next
    }
    expect(pages).toBe(3)
    expect([...seen].sort()).toEqual([...written].sort())
    const whole = search.search({ query: 'reminder', limit: 500 }, ws.me())
    expect(whole.comments.map((c) => c.id)).toEqual(seen)
    expect(whole.next).toBeNull()
  })
})
