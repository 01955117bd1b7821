import { describe, expect, it } from 'vitest'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { addr, crmWorkspace, HOUR, ME, message, MINUTE } from './fixtures/crm-workspace'

const user = (ws: ReturnType<typeof crmWorkspace>) => ({ kind: 'user' as const, id: ws.me().id })

describe('block and unblock', () => {
  it('closes a blocked contact’s conversations and keeps their new mail closed, in the Blocked inbox only', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    const contactId = ws.conversation(first.conversationId).contact_id!
    ws.crm.blocking.block(contactId, user(ws))
    expect(ws.conversation(first.conversationId)).toMatchObject({ status: 'closed', blocked: 1 })
    ws.clock.advance(HOUR)
    ws.followUp(first)
    expect(ws.conversation(first.conversationId).status).toBe('closed')
    const fresh = ws.receive({ subject: 'Another topic' })
    expect(ws.conversation(fresh.conversationId)).toMatchObject({ status: 'closed', blocked: 1 })
  })

  it('moves conversations back on unblock, still closed', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    const contactId = ws.conversation(first.conversationId).contact_id!
    ws.crm.blocking.block(contactId, user(ws))
    ws.crm.blocking.unblock(contactId, user(ws))
    expect(ws.conversation(first.conversationId)).toMatchObject({ status: 'closed', blocked: 0 })
    expect(ws.crm.timeline.forContact(contactId).map((e) => e.type)).toEqual(
      expect.arrayContaining(['contact_blocked', 'contact_unblocked'])
    )
  })

  it('refuses to send to a blocked contact with CONTACT_BLOCKED', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ from: addr('Carlos@Client.test') })
    ws.crm.blocking.block(ws.conversation(first.conversationId).contact_id!, user(ws))
    expect(() => ws.crm.blocking.assertCanSendTo(['someone@else.test', 'carlos@client.test'])).toThrow(
      expect.objectContaining({ code: 'CONTACT_BLOCKED', field: 'to' })
    )
    expect(() => ws.crm.blocking.assertCanSendTo(['someone@else.test'])).not.toThrow()
  })
})

describe('contact fields', () => {
  it('creates a contact by hand with several emails and phones, tags and typed custom fields', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
    ws.crm.contacts.defineField({ key: 'vip', label: 'VIP', type: 'checkbox' })
    ws.crm.contacts.defineField({ key: 'renewal', label: 'Renewal', type: 'date' })
    ws.crm.contacts.defineField({ key: 'callAt', label: 'Call at', type: 'time' })
    ws.crm.contacts.defineField({ key: 'note', label: 'Note', type: 'text' })
    const contact = ws.crm.contacts.create(
      {
        firstName: 'Dewi',
        lastName: 'Lestari',
        emails: ['Dewi@Client.test', 'dewi@home.test'],
        phones: ['+62 812-3456-789'],
        company: 'PT Maju',
        country: 'ID',
        language: 'id',
        tags: ['vip', 'jakarta'],
        customFields: {
          seats: 40,
          vip: true,
          renewal: '2026-03-01',
          callAt: '09:30',
          note: 'prefers WhatsApp'
        }
      },
      null
    )
    expect(contact).toMatchObject({
      displayName: 'Dewi Lestari',
      emails: ['dewi@client.test', 'dewi@home.test'],
      phones: ['+628123456789'],
      tags: ['jakarta', 'vip'],
      customFields: { seats: 40, vip: true }
    })
  })

  it('rejects a custom field value of the wrong type, and unknown fields', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
    ws.crm.contacts.defineField({ key: 'callAt', label: 'Call at', type: 'time' })
    expect(() => ws.crm.contacts.create({ customFields: { seats: 'many' } }, null)).toThrow(/number/)
    expect(() => ws.crm.contacts.create({ customFields: { callAt: '25:00' } }, null)).toThrow(/time/)
    expect(() => ws.crm.contacts.create({ customFields: { nope: 'x' } }, null)).toThrow(/no custom field/)
  })

  it('refuses an email that already belongs to another contact', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.create({ emails: ['a@x.test'] }, null)
    expect(() => ws.crm.contacts.create({ emails: ['A@x.test'] }, null)).toThrow(
      expect.objectContaining({ code: 'ALREADY_EXISTS' })
    )
  })
})

describe('merge and unmerge', () => {
  it('suggests contacts with the same phone or the same email ignoring +tags', () => {
    const ws = crmWorkspace()
    const a = ws.crm.contacts.create(
      { firstName: 'A', emails: ['budi@client.test'], phones: ['+62 811 000'] },
      null
    )
    const b = ws.crm.contacts.create({ firstName: 'B', phones: ['+62811000'] }, null)
    const c = ws.crm.contacts.create({ firstName: 'C', emails: ['budi+sales@client.test'] }, null)
    ws.crm.contacts.create({ firstName: 'D', emails: ['other@client.test'] }, null)
    const suggestions = ws.crm.merge.suggestions(a.id).map((s) => [s.contact.id, s.reason])
    expect(suggestions.sort()).toEqual(
      [
        [b.id, 'phone'],
        [c.id, 'email']
      ].sort()
    )
  })

  it('keeps all addresses, conversations and history on merge, and unmerge restores them', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ from: addr('carlos@client.test', 'Carlos Mendes') })
    ws.clock.advance(MINUTE)
    const second = ws.receive({ from: addr('carlos@home.test'), subject: 'Private' })
    // Written to Carlos at work, his home address in To as well: logged to the first, and stays.
    const mine = ws.reply(first, { to: [addr('carlos@client.test'), addr('carlos@home.test')] })
    const survivor = ws.conversation(first.conversationId).contact_id!
    const merged = ws.conversation(second.conversationId).contact_id!
    ws.crm.contacts.update(merged, { company: 'Mendes Ltd', tags: ['family'] }, null)
    const { mergeId, contact } = ws.crm.merge.merge(survivor, merged, user(ws))
    expect(contact.emails.sort()).toEqual(['carlos@client.test', 'carlos@home.test'])
    expect(contact).toMatchObject({ company: 'Mendes Ltd', tags: ['family'], firstName: 'Carlos' })
    expect(ws.conversation(second.conversationId).contact_id).toBe(survivor)
    expect(ws.crm.contacts.find(merged)).toBeNull()
    expect(ws.crm.timeline.forContact(survivor).map((e) => e.type)).toContain('contact_merged')
    // New mail to the merged address now lands on the survivor.
    ws.clock.advance(MINUTE)
    const third = ws.receive({ from: addr('carlos@home.test'), subject: 'Another' })
    expect(ws.conversation(third.conversationId).contact_id).toBe(survivor)
    // A conversation Carlos started from his work address, answered from home.
    const fourth = ws.receive({ from: addr('carlos@client.test'), subject: 'Quote for 500 units' })
    const fifth = ws.followUp(fourth, { from: addr('carlos@home.test') })
    expect(fifth.conversationId).toBe(fourth.conversationId)

    const { survivor: after, restored } = ws.crm.merge.unmerge(mergeId, user(ws))
    expect(after.emails).toEqual(['carlos@client.test'])
    expect(after).toMatchObject({ company: '', tags: [] })
    expect(restored).toMatchObject({ id: merged, emails: ['carlos@home.test'], company: 'Mendes Ltd' })
    expect(ws.conversation(second.conversationId).contact_id).toBe(merged)
    expect(ws.crm.timeline.forContact(survivor).map((e) => e.type)).toContain('contact_unmerged')
    // What reached the merged address while merged goes back with it; the survivor's own stays.
    const contactOf = (pk: number) =>
      ws.db.prepare('SELECT contact_id FROM messages WHERE id = ?').pluck().get(pk)
    expect([contactOf(third.messagePk), ws.conversation(third.conversationId).contact_id]).toEqual([
      merged,
      merged
    ])
    expect([contactOf(first.messagePk), ws.conversation(first.conversationId).contact_id]).toEqual([
      survivor,
      survivor
    ])
    expect(contactOf(mine.messagePk)).toBe(survivor)
    // The home reply goes back; the conversation stays with the one who started it.
    expect([contactOf(fifth.messagePk), ws.conversation(fourth.conversationId).contact_id]).toEqual([
      merged,
      survivor
    ])
  })
  it('unmerge takes back only the fields the merge filled, keeping later edits and a later block', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
    ws.crm.contacts.defineField({ key: 'vip', label: 'VIP', type: 'checkbox' })
    const carlos = ws.crm.contacts.create({ displayName: 'Carlos', emails: ['carlos@client.test'] }, null)
    const home = ws.crm.contacts.create(
      {
        displayName: 'C. Mendes',
        lastName: 'Mendes',
        company: 'Old Co',
        emails: ['carlos@home.test'],
        customFields: { seats: 3, vip: true }
      },
      null
    )
    const { mergeId, contact } = ws.crm.merge.merge(carlos.id, home.id, user(ws))
    expect(contact).toMatchObject({ lastName: 'Mendes', company: 'Old Co', customFields: { seats: 3 } })
    ws.crm.contacts.update(
      carlos.id,
      { company: 'New Co', country: 'BR', customFields: { vip: false } },
      null
    )
    ws.crm.blocking.block(carlos.id, user(ws))
    ws.crm.merge.unmerge(mergeId, user(ws))
    expect(ws.crm.contacts.get(carlos.id)).toMatchObject({
      displayName: 'Carlos',
      lastName: '',
      company: 'New Co',
      country: 'BR',
      customFields: { vip: false },
      blocked: true
    })
    expect(ws.crm.contacts.get(carlos.id).customFields).not.toHaveProperty('seats')
  })

  it('unmerges a merge recorded before the filled fields were, from the merged contact’s fields', () => {
    const ws = crmWorkspace()
    const carlos = ws.crm.contacts.create({ displayName: 'Carlos', emails: ['carlos@client.test'] }, null)
    const home = ws.crm.contacts.create(
      { lastName: 'Mendes', company: 'Old Co', emails: ['carlos@home.test'] },
      null
    )
    const before = ws.db
      .prepare(
        'SELECT display_name, first_name, last_name, company, country, language, owner_id, custom_fields, blocked FROM contacts WHERE id = ?'
      )
      .get(carlos.id)
    const { mergeId } = ws.crm.merge.merge(carlos.id, home.id, user(ws))
    const moved = JSON.parse(
      ws.db.prepare('SELECT moved_json FROM contact_merges WHERE id = ?').pluck().get(mergeId) as string
    ) as Record<string, unknown>
    delete moved.filled
    ws.db
      .prepare('UPDATE contact_merges SET moved_json = ? WHERE id = ?')
      .run(JSON.stringify({ ...moved, survivorBefore: before }), mergeId)
    ws.crm.contacts.update(carlos.id, { company: 'New Co' }, null)
    ws.crm.blocking.block(carlos.id, user(ws))
    ws.crm.merge.unmerge(mergeId, user(ws))
    expect(ws.crm.contacts.get(carlos.id)).toMatchObject({ lastName: '', company: 'New Co', blocked: true })
  })

  it('refuses to merge a blocked contact with one that is not, leaving both as they were', () => {
    const ws = crmWorkspace()
    const spam = ws.receive({ from: addr('carlos@home.test'), subject: 'Win a prize' })
    const blockedId = ws.conversation(spam.conversationId).contact_id!
    ws.crm.blocking.block(blockedId, user(ws))
    const quote = ws.receive({ from: addr('carlos@client.test') })
    const customerId = ws.conversation(quote.conversationId).contact_id!
    for (const [survivor, merged] of [
      [customerId, blockedId],
      [blockedId, customerId]
    ])
      expect(() => ws.crm.merge.merge(survivor!, merged!, user(ws))).toThrow(
        expect.objectContaining({ code: 'CONTACT_BLOCKED', message: expect.stringMatching(/Unblock/) })
      )
    expect(ws.conversation(quote.conversationId)).toMatchObject({ status: 'open', blocked: 0 })
    expect(ws.crm.contacts.get(customerId).blocked).toBe(false)
    // Blocked alike, they merge; the merged conversations stay in the Blocked inbox.
    ws.crm.blocking.block(customerId, user(ws))
    ws.crm.merge.merge(customerId, blockedId, user(ws))
    expect(ws.conversation(spam.conversationId)).toMatchObject({ status: 'closed', blocked: 1 })
  })

  it('moves the merged contact’s leads to the survivor, and unmerge gives them back', () => {
    const ws = crmWorkspace()
    const carlos = ws.crm.contacts.create({ displayName: 'Carlos', emails: ['carlos@client.test'] }, null)
    const home = ws.crm.contacts.create({ displayName: 'C. Mendes', emails: ['carlos@home.test'] }, null)
    const own = ws.crm.leads.create({ title: '500 units', contactIds: [home.id] }, null)
    const both = ws.crm.leads.create({ title: 'Renewal', contactIds: [carlos.id, home.id] }, null)
    const { mergeId } = ws.crm.merge.merge(carlos.id, home.id, user(ws))
    expect(ws.crm.leads.get(own.id).contactIds).toEqual([carlos.id])
    expect(ws.crm.leads.get(both.id).contactIds).toEqual([carlos.id])
    expect(
      ws.crm.leads
        .list({ contactId: carlos.id })
        .map((l) => l.id)
        .sort()
    ).toEqual([own.id, both.id].sort())
    ws.crm.merge.unmerge(mergeId, user(ws))
    expect(ws.crm.leads.get(own.id).contactIds).toEqual([home.id])
    expect(ws.crm.leads.get(both.id).contactIds.sort()).toEqual([carlos.id, home.id].sort())
  })
})

describe('logging rules', () => {
  const contactEmails = (ws: ReturnType<typeof crmWorkspace>) =>
    (
      ws.db.prepare('SELECT address FROM contact_emails WHERE deleted = 0 ORDER BY address').all() as Array<{
        address: string
      }>
    ).map((r) => r.address)

  it('does not log mail between workspace members', () => {
    const ws = crmWorkspace()
    ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    ws.receive({ from: addr('ana@rapport.test'), to: [addr(ME)] })
    ws.storeOne(message({ from: addr(ME), to: [addr('ana@rapport.test')], subject: 'Internal' }))
    expect(contactEmails(ws)).toEqual([])
  })

  it('skips members and logs the first external recipient of sent mail', () => {
    const ws = crmWorkspace()
    ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'agent' })
    const sent = ws.storeOne(
      message({
        from: addr(ME),
        to: [addr('ana@rapport.test'), addr('dewi@client.test'), addr('budi@client.test')]
      })
    )
    expect(contactEmails(ws)).toEqual(['dewi@client.test'])
    const contact = ws.crm.contacts.byEmail('dewi@client.test')!
    expect(ws.conversation(sent.conversationId).contact_id).toBe(contact.id)
  })

  it('keeps the replies of a multi-recipient sent message in the same thread and conversation', () => {
    const ws = crmWorkspace()
    const sent = ws.storeOne(
      message({ from: addr(ME), to: [addr('dewi@client.test'), addr('budi@client.test')] })
    )
    ws.clock.advance(MINUTE)
    const reply = ws.followUp(sent, { from: addr('budi@client.test') })
    expect(reply.conversationId).toBe(sent.conversationId)
  })

  it('never makes a +tagged own address a contact, and ignores unknown +tags', () => {
    const ws = crmWorkspace()
    ws.receive({ from: addr('carlos@client.test'), to: [addr('me+newsletter@rapport.test')] })
    ws.storeOne(message({ from: addr(ME), to: [addr('me+notes@rapport.test'), addr('dewi@client.test')] }))
    expect(contactEmails(ws)).toEqual(['carlos@client.test', 'dewi@client.test'])
    expect(ws.crm.leads.list()).toEqual([])
  })

  it('creates a contact from the original sender of mail forwarded to you+contact@', () => {
    const ws = crmWorkspace()
    ws.storeOne(
      message({
        from: addr(ME),
        to: [addr('me+contact@rapport.test')],
        subject: 'Fwd: pricing',
        text: '---------- Forwarded message ---------\nFrom: Siti Rahma <siti@prospect.test>\nDate: today\n\nHi!'
      })
    )
    expect(contactEmails(ws)).toEqual(['siti@prospect.test'])
    expect(ws.crm.contacts.byEmail('siti@prospect.test')).toMatchObject({
      firstName: 'Siti',
      lastName: 'Rahma'
    })
  })

  it('logs the sender of mail cc’d to you+contact@ even when it is mass mail', () => {
    const ws = crmWorkspace()
    const many = Array.from({ length: 30 }, (_, i) => addr(`r${i}@list.test`))
    ws.receive({ from: addr('events@expo.test'), to: many, cc: [addr('me+contact@rapport.test')] })
    expect(contactEmails(ws)).toEqual(['events@expo.test'])
  })

  it('creates a lead, linked to the contact and conversation, for mail to you+lead@', () => {
    const ws = crmWorkspace()
    const { conversationId } = ws.receive({
      from: addr('buyer@bigco.test'),
      to: [addr('me+lead@rapport.test')],
      subject: '2,000 units'
    })
    const contact = ws.crm.contacts.byEmail('buyer@bigco.test')!
    expect(ws.crm.leads.list()).toMatchObject([
      { title: '2,000 units', stage: 'New', contactIds: [contact.id], conversationIds: [conversationId] }
    ])
  })
})

describe('leads', () => {
  it('creates, moves along a configurable pipeline, and deletes leads', () => {
    const ws = crmWorkspace()
    ws.crm.leads.setStages(['Lead', 'Demo', 'Won'])
    const contact = ws.crm.contacts.create({ emails: ['x@y.test'] }, null)
    const lead = ws.crm.leads.create(
      { title: 'Pilot', value: 1200, ownerId: ws.me().id, contactIds: [contact.id] },
      null
    )
    expect(lead).toMatchObject({ stage: 'Lead', value: 1200, contactIds: [contact.id] })
    expect(ws.crm.leads.update(lead.id, { stage: 'Demo' }, null).stage).toBe('Demo')
    expect(() => ws.crm.leads.update(lead.id, { stage: 'Nope' }, null)).toThrow(/not a stage/)
    expect(ws.crm.leads.list({ contactId: contact.id })).toHaveLength(1)
    ws.crm.leads.remove(lead.id, null)
    expect(ws.crm.leads.list()).toEqual([])
  })

  it('falls back to the default pipeline when the stored stages are damaged, rather than failing', () => {
    const ws = crmWorkspace()
    const defaults = ws.crm.leads.stages()
    ws.db.prepare("INSERT INTO settings (key, value) VALUES ('lead_stages', '[\"Lead\",')").run()
    expect(ws.crm.leads.stages()).toEqual(defaults)
    expect(ws.crm.leads.create({ title: 'Pilot', ownerId: ws.me().id }, null).stage).toBe(defaults[0])
  })
})

describe('people', () => {
  it('makes the local user the owner on first open, once', () => {
    const ws = crmWorkspace()
    expect(ws.crm.people.list()).toMatchObject([{ role: 'owner', isLocal: true, email: ME }])
  })

  it('adds members with roles, visibility and teams', () => {
    const ws = crmWorkspace()
    const sales = ws.crm.people.addTeam('Sales')
    const agent = ws.crm.people.add({
      name: 'Ana',
      email: 'ana@rapport.test',
      role: 'agent',
      visibility: 'team',
      teamIds: [sales.id]
    })
    expect(agent).toMatchObject({ role: 'agent', visibility: 'team', teamIds: [sales.id] })
    expect(ws.crm.people.update(agent.id, { role: 'manager' })).toMatchObject({
      role: 'manager',
      visibility: 'none'
    })
    expect(() => ws.crm.people.add({ name: 'X', email: 'ana@rapport.test', role: 'agent' })).toThrow(
      /already a member/
    )
    expect(() => ws.crm.people.add({ name: 'X', email: 'x@rapport.test', role: 'owner' })).toThrow(
      /one owner/
    )
    expect(ws.crm.people.listTeams()).toMatchObject([{ name: 'Sales', memberIds: [agent.id] }])
  })
})

describe('an account whose address was typed in punycode', () => {
  it('never makes the user a contact of their own mail (mailparser reads the domain back as Unicode)', async () => {
    const ws = crmWorkspace()
    // Added as eva@xn--bcher-kva.example: the same mailbox as eva@bücher.example (README, accounts).
    ws.db.prepare("UPDATE accounts SET email = 'eva@xn--bcher-kva.example' WHERE id = 1").run()
    const own = new AccountRepository(ws.db).ownAddresses()
    // A copy of mail Eva sent from her phone, Cc to herself, as it lands in INBOX.
    const raw = Buffer.from(
      'From: Eva <eva@xn--bcher-kva.example>\r\nTo: Carlos <carlos@client.test>\r\nCc: eva@xn--bcher-kva.example\r\n' +
        'Subject: Prices\r\nMessage-ID: <own-1@test>\r\nDate: Mon, 05 Jan 2026 10:00:00 +0000\r\n\r\nHello\r\n'
    )
    const parsed = await parseMessage(raw)
    ws.storeOne(parsed, { ownAddresses: own })
    const contacts = ws.db.prepare('SELECT address FROM contact_emails WHERE deleted = 0').pluck().all()
    expect(contacts).not.toContain('eva@bücher.example')
  })
})
