// Migration 0055: a reply draft keeps which message it answers and whether Reply or Reply all
// chose its recipients; reply drafts kept before it answer the newest message, as they did.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { DraftStore } from '../../src-main/core/drafts/draft-store'

const ANSWERING_MIGRATION = bundledMigrations.find((m) => m.name === '0055_reply_draft_answering.sql')!

describe('migration 0055: the message a reply draft answers', () => {
  it('leaves the drafts kept before it answering the newest message, with recipients of their own', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < ANSWERING_MIGRATION.version)
    )
    db.exec(`INSERT INTO drafts (id, kind, thread_id, to_text, body, send_later, updated_at)
      VALUES (1, 'reply', 7, 'carlos@client.test', 'Thursday works', '', 0)`)
    migrate(db, bundledMigrations)
    const drafts = new DraftStore(db, new ManualClock(0))
    expect(drafts.list()).toEqual([
      expect.objectContaining({
        kind: 'reply',
        to: 'carlos@client.test',
        text: 'Thursday works',
        answering: null,
        chosen: false
      })
    ])
  })
})
