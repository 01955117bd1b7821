// A conversation with no contact (mail to more than 25 recipients is logged to no one) showed
// "Unknown sender" in the inbox list, though its mail has a From with a name. Its summary now
// carries who wrote it: the From of its latest incoming message, else of its latest message.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ConversationSummary } from '../../src-preload/contract'
import { toSummary } from '../../src-main/core/api/crm-handlers'
import { MASS_MAIL_RECIPIENTS } from '../../src-main/core/crm/contact-linker'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { addr, crmWorkspace, ME, message, MINUTE, query, type CrmWorkspace } from './fixtures/crm-workspace'

const everyone = () =>
  Array.from({ length: MASS_MAIL_RECIPIENTS + 1 }, (_, i) => addr(`r${i}@elsewhere.test`))
const rowOf = (ws: CrmWorkspace, conversationId: string) =>
  ws.crm.listConversations(query()).find((r) => r.id === conversationId)!

describe('who a conversation is from', () => {
  it('names the sender of mass mail, which has no contact', () => {
    const ws = crmWorkspace()
    const mass = ws.receive({
      from: addr('news@shop.test', 'Shop Newsletter'),
      to: [addr(ME), ...everyone()],
      subject: 'Winter sale'
    })
    const row = rowOf(ws, mass.conversationId)
    expect(row).toMatchObject({ contactId: null, contactName: '', sender: 'Shop Newsletter' })
    expect(ConversationSummary.parse(toSummary(row)).sender).toBe('Shop Newsletter')
    expect(ws.crm.list.one(mass.conversationId)!.sender).toBe('Shop Newsletter')
  })

  it('is the address when the From has no name', () => {
    const ws = crmWorkspace()
    const mass = ws.receive({ from: addr('news@shop.test'), to: [addr(ME), ...everyone()] })
    expect(rowOf(ws, mass.conversationId).sender).toBe('news@shop.test')
  })

  it('stays the latest incoming sender after the user replies', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ from: addr('ana@list.test', 'Ana'), to: [addr(ME), ...everyone()] })
    ws.clock.advance(MINUTE)
    ws.followUp(first, { from: addr('bo@list.test', 'Bo'), to: [addr(ME), ...everyone()] })
    ws.clock.advance(MINUTE)
    ws.reply(first, { to: [addr('bo@list.test'), ...everyone()] })
    expect(rowOf(ws, first.conversationId)).toMatchObject({ lastDirection: 'out', sender: 'Bo' })
  })

  it('is the user’s own name for mass mail the user sent', () => {
    const ws = crmWorkspace()
    const sent = ws.storeOne(message({ date: ws.clock.now(), from: addr(ME, 'Me'), to: everyone() }))
    expect(rowOf(ws, sent.conversationId)).toMatchObject({ contactId: null, sender: 'Me' })
  })
})

describe('migration 0054: the sender of conversations kept before it', () => {
  it('is their latest incoming From', () => {
    const SENDER = bundledMigrations.find((m) => m.name === '0054_conversation_sender.sql')!
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < SENDER.version)
    )
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
        VALUES (1, '${ME}', '${ME}', 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:test', 0);
      INSERT INTO threads (id, account_id) VALUES (1, 1), (2, 1);
      INSERT INTO conversations (id, account_id, thread_id, status_changed_at, created_at, hlc)
        VALUES ('c1', 1, 1, 0, 0, '0'), ('c2', 1, 2, 0, 0, '0');
      INSERT INTO messages (account_id, message_id, thread_id, from_name, from_address, date, direction, created_at)
        VALUES (1, '<a@x>', 1, 'Ana', 'ana@list.test', 1, 'in', 0),
               (1, '<b@x>', 1, '', 'bo@list.test', 2, 'in', 0),
               (1, '<c@x>', 1, 'Me', '${ME}', 3, 'out', 0);`)
    migrate(db, bundledMigrations)
    const senders = db.prepare('SELECT id, sender FROM conversations ORDER BY id').all()
    expect(senders).toEqual([
      { id: 'c1', sender: 'bo@list.test' },
      { id: 'c2', sender: '' }
    ])
  })
})
