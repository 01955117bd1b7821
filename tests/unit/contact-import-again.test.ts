// Importing contacts into a workspace that has them already: the same file again, or a teammate's
// export of the same people, updates them (empty fields filled) rather than making them twice or
// refusing them. Two people who share a number (an office switchboard) stay two contacts: a row
// without an email is found by its number only when the names do not say it is someone else.
import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

const names = (ws: ReturnType<typeof crmWorkspace>) =>
  ws.crm.contacts
    .list({ limit: 100 })
    .map((c) => c.displayName)
    .sort()

describe('importing contacts a workspace has already', () => {
  it('updates the contacts without an email (a number only, a name only) instead of making them twice', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.create({ firstName: 'Siti', phones: ['+62 811 222'] }, null)
    ws.crm.contacts.create({ displayName: 'Pak Budi', company: 'Toko Budi' }, null)
    ws.crm.contacts.create({ firstName: 'Ana', emails: ['ana@client.test'] }, null)
    for (const format of ['csv', 'vcard'] as const) {
      const file = ws.crm.io.export(format)
      const other = crmWorkspace()
      expect(other.crm.io.import(format, file, null)).toMatchObject({ created: 3, updated: 0 })
      expect(other.crm.io.import(format, file, null)).toMatchObject({ created: 0, updated: 3, skipped: 0 })
      expect(names(other)).toEqual(['Ana', 'Pak Budi', 'Siti'])
    }
  })

  it('fills a contact found by its number from a row without an email, and tells apart two sharing it', () => {
    const ws = crmWorkspace()
    const siti = ws.crm.contacts.create({ displayName: 'Siti', phones: ['+62 811 222'] }, null)
    const office = ['+62 21 555']
    const dewi = ws.crm.contacts.create({ displayName: 'Dewi', phones: office }, null)
    ws.crm.contacts.create({ displayName: 'Eka', phones: office }, null)
    const csv = ['display_name,phones,company', 'Siti,+6281 1222,Acme', 'Dewi,+62 21 555,Kantor'].join('\r\n')
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 0, updated: 2 })
    expect(ws.crm.contacts.get(siti.id).company).toBe('Acme')
    expect(ws.crm.contacts.get(dewi.id).company).toBe('Kantor')
    expect(names(ws)).toEqual(['Dewi', 'Eka', 'Siti'])
  })

  it('finds again a Chinese name given as 姓 and 名 only (陈静), by itself or with its number', () => {
    const ws = crmWorkspace()
    // Another program's phone book: no display name, so each contact's is made of the names.
    const csv = ['first_name,last_name,phones', '静,陈,', '小明,王,+86 138 0000 0000'].join('\r\n')
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 2, updated: 0 })
    expect(names(ws)).toEqual(['王小明', '陈静'])
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 0, updated: 2, skipped: 0 })
    expect(names(ws)).toEqual(['王小明', '陈静'])
  })
})

describe('the custom fields an import fills', () => {
  it('fills a field the contact had cleared, as one never set', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'plan', label: 'Plan', type: 'text' })
    const cleared = ws.crm.contacts.create(
      { emails: ['a@client.test'], customFields: { plan: 'Trial' } },
      null
    )
    ws.crm.contacts.update(cleared.id, { customFields: { plan: null } }, null)
    const never = ws.crm.contacts.create({ emails: ['b@client.test'] }, null)
    const kept = ws.crm.contacts.create({ emails: ['c@client.test'], customFields: { plan: 'Pro' } }, null)
    const csv = 'emails,custom:plan\r\na@client.test,Gold\r\nb@client.test,Gold\r\nc@client.test,Gold\r\n'
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ updated: 3, skipped: 0 })
    expect(ws.crm.contacts.get(never.id).customFields).toEqual({ plan: 'Gold' })
    expect(ws.crm.contacts.get(cleared.id).customFields).toEqual({ plan: 'Gold' })
    expect(ws.crm.contacts.get(kept.id).customFields).toEqual({ plan: 'Pro' })
  })

  it('takes a row for a contact holding a value its field no longer takes (back from a merge undone)', () => {
    const ws = crmWorkspace()
    const actor = { kind: 'user' as const, id: ws.me().id }
    ws.crm.contacts.defineField({ key: 'score', label: 'Score', type: 'text' })
    const survivor = ws.crm.contacts.create({ emails: ['a@client.test'], customFields: { score: 'x' } }, null)
    ws.crm.contacts.update(survivor.id, { customFields: { score: null } }, null)
    const merged = ws.crm.contacts.create(
      { emails: ['b@client.test'], customFields: { score: 'high' } },
      null
    )
    const { mergeId } = ws.crm.merge.merge(survivor.id, merged.id, actor)
    // No live contact holds a score then, so the retype is allowed; the undo brings 'high' back.
    ws.crm.contacts.defineField({ key: 'score', label: 'Score', type: 'number' })
    ws.crm.merge.unmerge(mergeId, actor)
    expect(ws.crm.io.import('csv', 'emails,company\r\nb@client.test,Acme\r\n', null)).toEqual({
      created: 0,
      updated: 1,
      skipped: 0,
      problems: []
    })
    expect(ws.crm.contacts.get(merged.id)).toMatchObject({ company: 'Acme', customFields: { score: 'high' } })
  })
})

describe('importing people who share a phone number', () => {
  it('makes a contact for each person of an office phone book sharing its switchboard', () => {
    const ws = crmWorkspace()
    const csv = [
      'display_name,phones,company',
      'Ani,+62 21 555 0100,Kantor',
      'Budi,+62 21 555 0100,Kantor',
      'Citra,+62 21 555 0100,Kantor'
    ].join('\r\n')
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 3, updated: 0 })
    expect(names(ws)).toEqual(['Ani', 'Budi', 'Citra'])
    // And the same file again finds each of them.
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 0, updated: 3 })
    expect(names(ws)).toEqual(['Ani', 'Budi', 'Citra'])
  })

  it('does not fill a contact holding the number with the row of someone else', () => {
    const ws = crmWorkspace()
    const ani = ws.crm.contacts.create({ displayName: 'Ani', phones: ['+62 21 555 0100'] }, null)
    const csv = 'display_name,phones,company\r\nBudi,+62 21 555 0100,Toko Budi\r\n'
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 1, updated: 0 })
    expect(ws.crm.contacts.get(ani.id)).toMatchObject({ displayName: 'Ani', company: '' })
    expect(names(ws)).toEqual(['Ani', 'Budi'])
  })

  it('still finds the one holder of the number from a row without a name, and names one without', () => {
    const ws = crmWorkspace()
    const siti = ws.crm.contacts.create({ displayName: 'Siti', phones: ['+62 811 222'] }, null)
    const unnamed = ws.crm.contacts.create({ phones: ['+62 811 333'] }, null)
    const csv = 'display_name,phones,company\r\n,+62 811 222,Acme\r\nEka,+62 811 333,Kantor\r\n'
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 0, updated: 2 })
    expect(ws.crm.contacts.get(siti.id).company).toBe('Acme')
    expect(ws.crm.contacts.get(unnamed.id)).toMatchObject({ displayName: 'Eka', company: 'Kantor' })
  })
})
