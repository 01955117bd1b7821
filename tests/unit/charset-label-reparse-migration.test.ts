// Migration 0066 queues, once, the stored mail an older parser read with the wrong charset label,
// raw 8-bit headers or file names, or under an 8-bit boundary (sync/charset-repair.ts reads those
// again from the server): U+FFFD or C1 control characters where bytes were, or no body at all.
// Mail read right, in any script, drafts and mail that could not be parsed are not queued.
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'

const LABELS = bundledMigrations.find((m) => m.name.endsWith('_charset_label_reparse_queue.sql'))!

type Row = Partial<{
  subject: string
  from_name: string
  to_json: string
  body_text: string | null
  body_html: string | null
  is_draft: number
  parse_error: string
  has_attachments: number
}>

describe('migration 0066 (charset label reparse queue)', () => {
  it('queues mail holding U+FFFD or C1 controls in a header, its text or a file name, or with no body, and nothing else', () => {
    const db = workspaceBefore(LABELS.version)
    const insert = (id: number, row: Row) =>
      db
        .prepare(
          `INSERT INTO messages (id, account_id, message_id, date, direction, subject, from_name, to_json, body_text,
             body_html, is_draft, parse_error, has_attachments, created_at)
           VALUES (@id, 1, @messageId, 0, 'in', @subject, @from_name, @to_json, @body_text, @body_html, @is_draft,
             @parse_error, @has_attachments, 0)`
        )
        .run({
          id,
          messageId: `<m${id}@x>`,
          subject: 's',
          from_name: '',
          to_json: '[]',
          body_text: 'text',
          body_html: null,
          is_draft: 0,
          parse_error: null,
          has_attachments: 0,
          ...row
        })
    const file = (messagePk: number, filename: string) =>
      db.prepare('INSERT INTO attachments (message_pk, filename) VALUES (?, ?)').run(messagePk, filename)
    // Raw 8-bit windows-1252 Subject under iso-8859-1, read strictly: C1 for the quotes.
    insert(1, { subject: '\u0093Café\u0094 costs \u00805' })
    // A sender's name so.
    insert(2, { from_name: 'Jos\u00e9 \u0096 Sales' })
    // Text labelled us-ascii, read as UTF-8.
    insert(3, { body_text: '\uFFFDCaf\uFFFD costs' })
    // Its HTML so.
    insert(4, { body_text: null, body_html: '<p>\uFFFDCaf\uFFFD</p>' })
    // A file named in windows-1252 bytes under iso-8859-1.
    insert(5, { has_attachments: 1 })
    file(5, 'Pr\u00e4sentation \u0093Q3\u0094 \u0080.pdf')
    // Thai under tis-620: U+FFFD for windows-874's quotes.
    insert(6, { subject: '\uFFFDขอบคุณ\uFFFD' })
    // Under an 8-bit boundary: no text, no HTML, no files.
    insert(7, { body_text: null })
    // A recipient's name.
    insert(8, { to_json: JSON.stringify([{ name: 'Ren\u0096', address: 'r@x.test' }]) })
    // Read right: Chinese, Thai, accents, smart quotes, an euro sign.
    insert(20, { subject: '您好，装箱单', body_text: '发票已经寄出，请核对。' })
    insert(21, { subject: '“ขอบคุณ” €5 – ครับ', from_name: 'Jürgen Groß' })
    insert(22, { body_text: null, body_html: '<p>こんにちは</p>' })
    // Files only, no text: its files are its body.
    insert(23, { body_text: null, has_attachments: 1 })
    file(23, '发票.pdf')
    // An inline image only.
    insert(24, { body_text: null })
    file(24, 'logo.png')
    // A draft, and mail that could not be parsed (its raw start is its body).
    insert(25, { subject: '\uFFFD', is_draft: 1 })
    insert(26, { body_text: 'raw \uFFFD', parse_error: 'Unexpected end' })

    migrate(db, bundledMigrations)

    expect(db.prepare('SELECT message_pk FROM reparse_queue ORDER BY message_pk').pluck().all()).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8
    ])
  })

  it('keeps what 0050 queued, with its count of refusals', () => {
    const db = workspaceBefore(LABELS.version)
    db.prepare(
      `INSERT INTO messages (id, account_id, message_id, date, direction, body_html, is_draft, created_at)
       VALUES (1, 1, '<m1@x>', 0, 'in', '<meta charset="gb2312"><p>\uFFFD</p>', 0, 0)`
    ).run()
    db.prepare('INSERT INTO reparse_queue (message_pk, refusals) VALUES (1, 3)').run()
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT message_pk, refusals FROM reparse_queue').all()).toEqual([
      { message_pk: 1, refusals: 3 }
    ])
  })
})
