// Undoing merges in another order than they were made: a contact merged into one that was merged
// on into a third. Both merges are listed on the third's activity, each with its Undo.
import { describe, expect, it } from 'vitest'
import { addr, crmWorkspace } from './fixtures/crm-workspace'

const user = (ws: ReturnType<typeof crmWorkspace>) => ({ kind: 'user' as const, id: ws.me().id })

describe('undoing a merge of merges', () => {
  it('never gives one contact’s addresses and mail to another when the earlier merge is undone first', () => {
    const ws = crmWorkspace()
    const ana = ws.receive({ from: addr('ana@client.test', 'Ana'), subject: 'From Ana' })
    const budi = ws.receive({ from: addr('budi@client.test', 'Budi'), subject: 'From Budi' })
    const citra = ws.receive({ from: addr('citra@client.test', 'Citra'), subject: 'From Citra' })
    const contactOf = (c: { conversationId: string }) => ws.conversation(c.conversationId).contact_id!
    const [a, b, c] = [contactOf(ana), contactOf(budi), contactOf(citra)]
    const first = ws.crm.merge.merge(b, a, user(ws)).mergeId
    const second = ws.crm.merge.merge(c, b, user(ws)).mergeId
    // The older Undo first: Budi's contact is merged into Citra's since, so it waits for that one.
    expect(() => ws.crm.merge.unmerge(first, user(ws))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'laterMerge' })
    )
    ws.crm.merge.unmerge(second, user(ws))
    ws.crm.merge.unmerge(first, user(ws))
    const emailsOf = (id: string) => ws.crm.contacts.find(id)?.emails
    const mailOf = (m: { messagePk: number }) =>
      ws.db.prepare('SELECT contact_id FROM messages WHERE id = ?').pluck().get(m.messagePk)
    expect({ a: emailsOf(a), b: emailsOf(b), c: emailsOf(c) }).toEqual({
      a: ['ana@client.test'],
      b: ['budi@client.test'],
      c: ['citra@client.test']
    })
    expect([mailOf(ana), mailOf(budi), mailOf(citra)]).toEqual([a, b, c])
    expect([contactOf(ana), contactOf(budi), contactOf(citra)]).toEqual([a, b, c])
  })
})
