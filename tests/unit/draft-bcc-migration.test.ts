// Migration 0049: a new message's draft keeps its Bcc (bcc_text); drafts kept before it have none.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { DraftStore } from '../../src-main/core/drafts/draft-store'

const BCC_MIGRATION = bundledMigrations.find((m) => m.name === '0049_draft_bcc.sql')!

describe('migration 0049: the Bcc of a new message draft', () => {
  it('gives the drafts kept before it an empty Bcc, and keeps their text as it was', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < BCC_MIGRATION.version)
    )
    db.exec(`INSERT INTO drafts (id, kind, to_text, subject, body, send_later, updated_at)
      VALUES (1, 'new', 'carlos@client.test', 'Catalogue', 'As promised', '', 0)`)
    migrate(db, bundledMigrations)
    const drafts = new DraftStore(db, new ManualClock(0))
    expect(drafts.list()).toEqual([
      expect.objectContaining({ to: 'carlos@client.test', cc: '', bcc: '', text: 'As promised' })
    ])
  })
})
