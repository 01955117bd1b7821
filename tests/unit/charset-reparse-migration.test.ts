// Migration 0050 queues, once, the stored HTML that an older parser may have read in the wrong
// charset (sync/charset-repair.ts reads those again from the server): damaged, and naming a
// charset. Mail that is fine, plain text, drafts and damage with no charset named are not queued.
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'

const QUEUE = bundledMigrations.find((m) => m.name.endsWith('_charset_reparse_queue.sql'))!
const REFUSALS = bundledMigrations.find((m) => m.name.endsWith('_reparse_refusals.sql'))!

const meta = (charset: string) =>
  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">`

describe('migration 0050 (charset reparse queue)', () => {
  it('queues damaged HTML that names a charset, and nothing else', () => {
    const db = workspaceBefore(QUEUE.version)
    const insert = db.prepare(
      `INSERT INTO messages (id, account_id, message_id, date, direction, body_text, body_html, is_draft, created_at)
       VALUES (?, 1, ?, 0, 'in', ?, ?, ?, 0)`
    )
    const rows: Array<[number, string | null, string | null, number]> = [
      // GB2312 read as UTF-8: U+FFFD for its bytes.
      [1, null, `${meta('gb2312')}</head><body><p>\uFFFD\uFFFD\uFFFD</p></body></html>`, 0],
      // 7-bit ISO-2022-JP read as ASCII: its escapes kept; the charset in another case.
      [2, null, `<META CHARSET="ISO-2022-JP"><p>\u001b$B$3$s\u001b(B</p>`, 0],
      // Fine.
      [3, null, `${meta('gb2312')}</head><body><p>您好</p></body></html>`, 0],
      // Damaged, but nothing says which charset it was in: the server's copy could not help.
      [4, null, '<p>\uFFFD\uFFFD</p>', 0],
      // Text only.
      [5, '\uFFFD charset=gb2312', null, 0],
      // A draft: stored afresh, by today's parser, if it ever turns out to be mail.
      [6, null, `${meta('big5')}<p>\uFFFD</p>`, 1]
    ]
    for (const [id, text, html, draft] of rows) insert.run(id, `<m${id}@x>`, text, html, draft)
    // Up to 0050 alone: 0066 queues more damage, with no charset named (its own test).
    migrate(
      db,
      bundledMigrations.filter((m) => m.version <= QUEUE.version)
    )
    expect(db.prepare('SELECT message_pk FROM reparse_queue ORDER BY message_pk').pluck().all()).toEqual([
      1, 2
    ])
    // The queue follows its messages out.
    db.prepare('DELETE FROM messages WHERE id = 1').run()
    expect(db.prepare('SELECT message_pk FROM reparse_queue').pluck().all()).toEqual([2])
  })

  it('counts no refusal yet for the messages it queued (migration 0053)', () => {
    const db = workspaceBefore(REFUSALS.version)
    db.prepare(
      `INSERT INTO messages (id, account_id, message_id, date, direction, body_html, is_draft, created_at)
       VALUES (1, 1, '<m1@x>', 0, 'in', ?, 0, 0)`
    ).run(`${meta('gb2312')}</head><body><p>\uFFFD</p></body></html>`)
    db.prepare('INSERT INTO reparse_queue (message_pk) VALUES (1)').run()
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT message_pk, refusals FROM reparse_queue').all()).toEqual([
      { message_pk: 1, refusals: 0 }
    ])
  })
})
