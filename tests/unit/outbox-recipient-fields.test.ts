// The Outbox names each recipient by its field (migration 0051): a Bcc is never shown as a To,
// also on the row of a refused recipient, which sends to some of its message's recipients only.
// A message to Cc or Bcc only goes out with "To: undisclosed-recipients:;".
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { toOutboxItem } from '../../src-main/core/outbox/outbox-item'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import { withUndisclosedTo } from '../../src-main/core/send/undisclosed-recipients'
import { memoryWorkspace } from './fixtures/workspace'

const NOW = 1_800_000_000_000
const FIELDS_MIGRATION = bundledMigrations.find((m) => m.name === '0051_outbox_recipient_fields.sql')!
const fieldsOf = (item: { to: string[]; cc: string[]; bcc: string[] }) => ({
  to: item.to,
  cc: item.cc,
  bcc: item.bcc
})

describe('the recipients of an Outbox row, by field', () => {
  it('are To, Cc and Bcc as the message had them, Unicode domains as written', () => {
    const repo = new OutboxRepository(memoryWorkspace().db)
    const id = repo.insert({
      accountId: 1,
      messageId: '<fields@me.test>',
      subject: 'Board minutes',
      recipients: ['bob@x.test', 'Carol@X.test', 'info@xn--mller-kva.de'],
      cc: ['carol@x.test'],
      bcc: ['info@xn--mller-kva.de'],
      raw: Buffer.from('Message-ID: <fields@me.test>\r\n\r\nHi'),
      sendAt: NOW,
      now: NOW
    })
    expect(fieldsOf(toOutboxItem(repo.find(id)!, NOW))).toEqual({
      to: ['bob@x.test'],
      cc: ['Carol@x.test'],
      bcc: ['info@müller.de']
    })
  })

  it('on a row for refused recipients: only its own, still in the field they were in', () => {
    const repo = new OutboxRepository(memoryWorkspace().db)
    const id = repo.insert({
      accountId: 1,
      messageId: '<split@me.test>',
      subject: 'Quote',
      recipients: ['bob@x.test', 'dave@x.test', 'nobody@x.test'],
      bcc: ['dave@x.test', 'nobody@x.test'],
      raw: Buffer.from('Message-ID: <split@me.test>\r\n\r\nHi'),
      sendAt: NOW,
      now: NOW
    })
    const source = repo.find(id)!
    const refused = repo.insertRefused({
      source,
      recipients: ['nobody@x.test'],
      lastError: 'nobody@x.test: 550 5.1.1 No such user here',
      next: { state: 'failed' },
      now: NOW
    })
    repo.narrowRecipients(id, ['bob@x.test', 'dave@x.test'])
    expect(fieldsOf(toOutboxItem(repo.find(refused)!, NOW))).toEqual({
      to: [],
      cc: [],
      bcc: ['nobody@x.test']
    })
    expect(fieldsOf(toOutboxItem(repo.find(id)!, NOW))).toEqual({
      to: ['bob@x.test'],
      cc: [],
      bcc: ['dave@x.test']
    })
  })

  it('migration 0051: rows queued before it list their recipients under To, as before', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < FIELDS_MIGRATION.version)
    )
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host,
        smtp_port, smtp_security, secret_ref, created_at)
      VALUES (1, 'me@me.test', 'me', 'imap.me.test', 993, 'tls', 'smtp.me.test', 465, 'tls', 'ref', 0)`)
    db.prepare(
      `INSERT INTO outbox (id, account_id, message_id, subject, recipients_json, raw, size, send_at, created_at)
       VALUES (1, 1, '<old@me.test>', 'Old', '["bob@x.test","dave@x.test"]', ?, 2, 0, 0)`
    ).run(Buffer.from('Hi'))
    migrate(db, bundledMigrations)
    const row = new OutboxRepository(db).find(1)!
    expect(fieldsOf(toOutboxItem(row, NOW))).toEqual({ to: ['bob@x.test', 'dave@x.test'], cc: [], bcc: [] })
  })
})

describe('a message with no To', () => {
  const raw = (head: string) => Buffer.from(`${head}\r\n\r\nTo: not a header, the body\r\n`, 'latin1')

  it('gets "To: undisclosed-recipients:;" after its From, folded lines and all; the body untouched', () => {
    const out = withUndisclosedTo(
      raw('From: "A very long name" \r\n <a@x.test>\r\nBcc: b@x.test\r\nSubject: Newsletter')
    ).toString('latin1')
    expect(out).toBe(
      'From: "A very long name" \r\n <a@x.test>\r\nTo: undisclosed-recipients:;\r\nBcc: b@x.test\r\n' +
        'Subject: Newsletter\r\n\r\nTo: not a header, the body\r\n'
    )
  })

  it('is left as it is when it has a To', () => {
    const message = raw('From: a@x.test\r\nTo: b@x.test\r\nSubject: x')
    expect(withUndisclosedTo(message)).toBe(message)
  })
})
