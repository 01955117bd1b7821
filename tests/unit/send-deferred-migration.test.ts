// Migration 0059: a message waiting in the Outbox after the SMTP server refused it for now (a
// 4xx) has SEND_DEFERRED as its code, as one refused so now does (markRefusedForNow); one that
// failed for good keeps SEND_FAILED.
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'

const MIGRATION = bundledMigrations.find((m) => m.name === '0059_outbox_send_deferred.sql')

describe('migration 0059: a message refused for now waits as SEND_DEFERRED', () => {
  it('gives the code to waiting rows that said SEND_FAILED, and leaves failed and other rows as they were', () => {
    expect(MIGRATION, 'the migration exists').toBeDefined()
    const db = workspaceBefore(MIGRATION!.version)
    const row = db.prepare(
      `INSERT INTO outbox (id, account_id, message_id, subject, recipients_json, raw, size, state, send_at, created_at, last_error, last_error_code)
       VALUES (?, 1, ?, 'Quote', '["bob@client.test"]', x'00', 1, ?, 0, 0, ?, ?)`
    )
    const rows: Array<[string, string | null]> = [
      ['queued', 'SEND_FAILED'],
      ['failed', 'SEND_FAILED'],
      ['queued', 'HOST_UNREACHABLE'],
      ['queued', null]
    ]
    rows.forEach(([state, code], i) => row.run(i + 1, `<m${i}@me.test>`, state, code ? 'said' : null, code))
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT last_error_code FROM outbox ORDER BY id').pluck().all()).toEqual([
      'SEND_DEFERRED',
      'SEND_FAILED',
      'HOST_UNREACHABLE',
      null
    ])
  })
})
