// Migration 0065: the formatting a draft's HTML would lose is kept once judged, and forgotten when
// the HTML changes, whichever code writes it. Rows from before are not judged yet.
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'

const MIGRATION = bundledMigrations.find((m) => m.name === '0065_draft_formatting_verdict.sql')

describe('migration 0065: draft formatting verdict', () => {
  it('leaves earlier drafts to be judged, and forgets a verdict when the HTML changes', () => {
    expect(MIGRATION, 'the migration exists').toBeDefined()
    const db = workspaceBefore(MIGRATION!.version)
    db.prepare(
      `INSERT INTO messages (id, account_id, message_id, date, direction, body_text, body_html, is_draft, created_at)
       VALUES (1, 1, '<styled@phone.test>', 0, 'out', 'Price: 200', '<p>Price: <b>200</b></p>', 1, 0)`
    ).run()
    migrate(db, bundledMigrations)
    const verdict = () => db.prepare('SELECT loses_formatting FROM messages WHERE id = 1').pluck().get()
    expect(verdict()).toBeNull()
    db.prepare('UPDATE messages SET loses_formatting = 1 WHERE id = 1').run()
    // Written again with the same HTML (a newer copy of other fields): the verdict holds.
    db.prepare("UPDATE messages SET body_html = body_html, subject = 'Offer' WHERE id = 1").run()
    expect(verdict()).toBe(1)
    db.prepare("UPDATE messages SET body_html = '<p>Price: 200</p>' WHERE id = 1").run()
    expect(verdict()).toBeNull()
    expect(() => db.prepare('UPDATE messages SET loses_formatting = 2 WHERE id = 1').run()).toThrow(/CHECK/)
  })
})
