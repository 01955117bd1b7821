import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { ContactSearch } from '../../src-main/core/search/contact-search'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { ensureSearchIndex } from '../../src-main/core/search/search-reindex'

const SEARCH_MIGRATION = bundledMigrations.find((m) => m.name.endsWith('_search.sql'))!

/** A workspace as an earlier Rapport left it: mail and contacts, no search migration yet. */
function workspaceBeforeSearch() {
  const db = new BetterSqlite3(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(
    db,
    bundledMigrations.filter((m) => m.version < SEARCH_MIGRATION.version)
  )
  db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
    VALUES (1, 'me@x.test', 'me', 'h', 1, 'tls', 'h', 1, 'tls', 'x', 0)`)
  db.exec(`INSERT INTO contacts (id, display_name, first_name, last_name, created_at, hlc)
    VALUES ('c1', 'Carlos Mendes', 'Carlos', 'Mendes', 0, 'h')`)
  db.exec(`INSERT INTO contact_emails (id, contact_id, address, is_primary, hlc)
    VALUES ('e1', 'c1', 'carlos@client.test', 1, 'h')`)
  db.exec(`INSERT INTO messages (id, account_id, message_id, subject, from_name, from_address, date, direction, body_text, created_at)
    VALUES (1, 1, '<old@x>', 'Invoice', 'Carlos Mendes', 'carlos@client.test', 1000, 'in', '您的发票已开具，请查收。', 0)`)
  // What 0001's store wrote: the word index only.
  db.exec(`INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names)
    VALUES (1, 'Invoice', '您的发票已开具，请查收。', 'Carlos Mendes carlos@client.test', '')`)
  return db
}

describe('search migration', () => {
  it('indexes the contacts that exist when it is applied', () => {
    const db = workspaceBeforeSearch()
    migrate(db, bundledMigrations)
    expect(new ContactSearch(db).search({ query: 'car' }).contacts.map((c) => c.id)).toEqual(['c1'])
  })

  it('leaves existing mail to the reindex on open, which makes it findable by substring', () => {
    const db = workspaceBeforeSearch()
    migrate(db, bundledMigrations)
    const search = new MessageSearch(db)
    expect(search.search({ query: '发票已开具' }).hits).toEqual([])
    expect(ensureSearchIndex(db)).toBe(true)
    expect(search.search({ query: '发票已开具' }).hits.map((h) => h.messageId)).toEqual(['<old@x>'])
    expect(search.search({ query: '@client' }).hits).toHaveLength(1)
    expect(ensureSearchIndex(db)).toBe(false)
  })
})
