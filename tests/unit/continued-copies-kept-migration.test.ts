// Migration 0062: a copy of another program's draft continued in Rapport stays on the server
// until the draft continuing it is sent or thrown away when its HTML has formatting the text
// loses. A claim made before, not yet deleted, is kept so when its message has any HTML (which
// SQL cannot judge); one of a plain-text draft goes once Rapport's copy is up, as before.
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'

const MIGRATION = bundledMigrations.find((m) => m.name === '0062_continued_copies_kept_until_sent.sql')

describe('migration 0062: continued copies kept until sent', () => {
  it('keeps the claimed copies of drafts with HTML, and lets those of plain-text drafts go at upload', () => {
    expect(MIGRATION, 'the migration exists').toBeDefined()
    const db = workspaceBefore(MIGRATION!.version)
    db.prepare(
      `INSERT INTO folders (id, account_id, path, name, delimiter, special_use, sync_enabled, uid_validity)
       VALUES (5, 1, 'Drafts', 'Drafts', '/', '\\Drafts', 1, 7)`
    ).run()
    const message = db.prepare(
      `INSERT INTO messages (id, account_id, message_id, date, direction, body_text, body_html, is_draft, created_at)
       VALUES (?, 1, ?, 0, 'out', 'Price: 200', ?, 1, 0)`
    )
    message.run(1, '<styled@phone.test>', '<p>Price: <b>200</b></p>')
    message.run(2, '<plain@phone.test>', null)
    const location = db.prepare(
      'INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid) VALUES (?, 5, 7, ?)'
    )
    location.run(1, 41)
    location.run(2, 42)
    const claim = db.prepare(
      'INSERT INTO continued_copies (folder_id, uid_validity, uid, draft_id, revision) VALUES (5, 7, ?, NULL, 1)'
    )
    claim.run(41)
    claim.run(42)
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT uid, keep_until_sent FROM continued_copies ORDER BY uid').all()).toEqual([
      { uid: 41, keep_until_sent: 1 },
      { uid: 42, keep_until_sent: 0 }
    ])
  })
})
