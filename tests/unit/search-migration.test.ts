import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'
import { ContactSearch } from '../../src-main/core/search/contact-search'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { SEARCH_KEY } from '../../src-main/core/search/message-index'
import { ensureSearchIndex, reindexSearch } from '../../src-main/core/search/search-reindex'

const SEARCH_MIGRATION = bundledMigrations.find((m) => m.name.endsWith('_search.sql'))!

/** A workspace as an earlier Rapport left it: mail and contacts, no search migration yet. */
function workspaceBeforeSearch() {
  const db = workspaceBefore(SEARCH_MIGRATION.version)
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

describe('date-keyed search migration (0009)', () => {
  const DATE_KEYS = bundledMigrations.find((m) => m.name.endsWith('_search_date_keys.sql'))!

  /** A workspace indexed as before 0009: both indexes keyed by messages.id. */
  function workspaceKeyedById() {
    const db = workspaceBefore(DATE_KEYS.version)
    // Ids in the opposite order of dates, as when a sync fetches newest first.
    for (const [id, date] of [
      [1, 3000],
      [2, 2000],
      [3, 1000]
    ]) {
      db.prepare(
        `INSERT INTO messages (id, account_id, message_id, subject, from_name, from_address, date, direction, body_text, created_at)
         VALUES (?, 1, ?, 'Invoice', '', 'ann@gmail.com', ?, 'in', '发票已开具', 0)`
      ).run(id, `<m${id}@x>`, date)
      db.prepare(
        `INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names) VALUES (?, 'Invoice', '发票已开具', 'ann@gmail.com', '')`
      ).run(id)
      db.prepare(
        `INSERT INTO message_trigrams (rowid, subject, body, sender, recipients, cc, attachments) VALUES (?, 'Invoice', '发票已开具', 'ann@gmail.com', '', '', '')`
      ).run(id)
    }
    db.prepare("INSERT INTO settings (key, value) VALUES ('search_index_version', '1')").run()
    return db
  }

  it('drops the entries keyed by message id, and the reindex on open re-keys every message newest first', () => {
    const db = workspaceKeyedById()
    migrate(db, bundledMigrations)
    const search = new MessageSearch(db)
    // Old keys would name the wrong messages: nothing is found rather than something wrong.
    expect(search.search({ query: 'invoice' }).hits).toEqual([])
    expect(ensureSearchIndex(db)).toBe(true)
    for (const query of ['invoice', '发票已开具', '@gmail'])
      expect(search.search({ query }).hits.map((h) => h.messageId)).toEqual(['<m1@x>', '<m2@x>', '<m3@x>'])
    expect(ensureSearchIndex(db)).toBe(false)
  })

  it('removes a deleted message from both indexes and its key, by the new keys', () => {
    const db = workspaceKeyedById()
    migrate(db, bundledMigrations)
    ensureSearchIndex(db)
    db.prepare('DELETE FROM messages WHERE id = 2').run()
    const search = new MessageSearch(db)
    expect(search.search({ query: 'invoice' }).hits.map((h) => h.messageId)).toEqual(['<m1@x>', '<m3@x>'])
    expect(search.search({ query: '发票已开具' }).hits.map((h) => h.messageId)).toEqual(['<m1@x>', '<m3@x>'])
    expect(db.prepare('SELECT count(*) FROM message_search_keys').pluck().get()).toBe(2)
    const entries = (index: string, text: string) =>
      db.prepare(`SELECT count(*) FROM ${index} WHERE ${index} MATCH ?`).pluck().get(text)
    expect(entries('messages_fts', 'invoice')).toBe(2)
    expect(entries('message_trigrams', '"发票已开具"')).toBe(2)
  })
})

describe('key-row filters migration (0011)', () => {
  const KEY_FILTERS = bundledMigrations.find((m) => m.name.endsWith('_search_key_filters.sql'))!

  /** A workspace indexed by SEARCH_INDEX_VERSION 2: keys without the sender and attachment flag. */
  function workspaceBeforeKeyFilters() {
    const db = workspaceBefore(KEY_FILTERS.version)
    db.exec(`INSERT INTO messages (id, account_id, message_id, subject, from_name, from_address, date, direction, body_text, has_attachments, created_at)
      VALUES (1, 1, '<m1@x>', 'Laporan', 'José Ruiz', 'jose@gmail.com', 1000, 'in', 'bulan ini', 1, 0),
             (2, 1, '<m2@x>', 'Laporan', 'Ana', 'ana@yahoo.test', 2000, 'in', 'bulan ini', 1, 0)`)
    // What the version 2 indexer wrote.
    db.exec(
      `INSERT INTO message_search_keys (key, message_pk) SELECT ${SEARCH_KEY('date', 'id')}, id FROM messages`
    )
    db.exec(`INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names)
      SELECT k.key, m.subject, m.body_text, m.from_name || ' ' || m.from_address, ''
      FROM messages m JOIN message_search_keys k ON k.message_pk = m.id`)
    db.exec(`INSERT INTO message_trigrams (rowid, subject, body, sender, recipients, cc, attachments)
      SELECT k.key, m.subject, '', m.from_name || ' ' || m.from_address, '', '', ''
      FROM messages m JOIN message_search_keys k ON k.message_pk = m.id`)
    db.prepare("INSERT INTO settings (key, value) VALUES ('search_index_version', '2')").run()
    return db
  }

  it('leaves the new columns to the index upgrade on open, after which words, sender and attachments combine', () => {
    const db = workspaceBeforeKeyFilters()
    migrate(db, bundledMigrations)
    const search = new MessageSearch(db)
    const ids = (query: string) => search.search({ query }).hits.map((h) => h.messageId)
    // Defaults until the upgrade: the filters find nothing rather than something wrong.
    expect(ids('laporan has:attachment')).toEqual([])
    expect(ensureSearchIndex(db)).toBe(true)
    expect(ids('laporan has:attachment')).toEqual(['<m2@x>', '<m1@x>'])
    expect(ids('from:@gmail has:attachment laporan')).toEqual(['<m1@x>'])
    expect(ids('from:jose laporan')).toEqual(['<m1@x>'])
    expect(ids('laporan -from:jose')).toEqual(['<m2@x>'])
    expect(ensureSearchIndex(db)).toBe(false)
  })

  it('brings the keys to exactly what a rebuild writes', () => {
    const db = workspaceBeforeKeyFilters()
    migrate(db, bundledMigrations)
    const keys = () => db.prepare('SELECT * FROM message_search_keys ORDER BY key').all()
    ensureSearchIndex(db)
    const upgraded = keys()
    expect(upgraded).toContainEqual(
      expect.objectContaining({ has_attachments: 1, sender: 'jose ruiz jose@gmail.com' })
    )
    reindexSearch(db)
    expect(keys()).toEqual(upgraded)
  })
})
