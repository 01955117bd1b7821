// A conversation kept as a tombstone (its mail purged from Trash) and a reply the user sends now
// from Rapport into its thread (a draft or a "send later" kept meanwhile): it comes back as new,
// open and assigned to the user, not "as it was" as old mail found by Sync older mail brings it.
import { describe, expect, it } from 'vitest'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { storeSentMessage } from '../../src-main/core/outbox/outbox-sender'
import { addr, crmWorkspace, eventTypes, HOUR, ME, message } from './fixtures/crm-workspace'

const DAY = 24 * HOUR

describe('a reply sent now into a tombstoned thread', () => {
  it('opens the conversation, assigned to the user, as any new reply of the user does', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ messageId: '<q@test>', subject: 'Quote' })
    ws.crm.conversations.close(first.conversationId)
    ws.clock.advance(31 * DAY)
    // Purged from Trash (trash-retention.ts): the mail goes, the conversation stays a tombstone.
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(first.messagePk)
    ws.db.prepare('UPDATE conversations SET deleted = 1 WHERE id = ?').run(first.conversationId)
    ws.clock.advance(HOUR)
    // Sent now from Rapport: stored by the outbox as it does after SMTP took it (no Sent copy yet).
    const accounts = new AccountRepository(ws.db)
    const threadId = storeSentMessage(
      { store: ws.store, accounts },
      accounts.get(1),
      message({
        messageId: '<sent-now@test>',
        subject: 'Re: Quote',
        from: addr(ME),
        to: [addr('carlos@client.test')],
        inReplyTo: '<q@test>',
        references: ['<q@test>'],
        date: ws.clock.now()
      }),
      null
    )
    expect(ws.crm.state.ofThread(threadId)?.id).toBe(first.conversationId)
    expect(ws.conversation(first.conversationId)).toMatchObject({ status: 'open', assignee_id: ws.me().id })
    expect(eventTypes(ws, first.conversationId).slice(-2)).toEqual(['opened:user', 'assigned:user'])
  })
})
