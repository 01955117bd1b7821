import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('a contact’s name after its first or last name is corrected', () => {
  it('follows the names when it was made of them (mail, the drawer)', () => {
    const ws = crmWorkspace()
    const rudi = ws.crm.contacts.create({ firstName: 'Rudi', lastName: 'Hartono' }, null)
    expect(rudi.displayName).toBe('Rudi Hartono')
    expect(ws.crm.contacts.update(rudi.id, { firstName: 'Rudy' }, null).displayName).toBe('Rudy Hartono')
  })

  it('stays when it was set apart from them, and when both names are cleared', () => {
    const ws = crmWorkspace()
    const budi = ws.crm.contacts.create({ displayName: 'Pak Budi', firstName: 'Budi', lastName: 'S' }, null)
    expect(ws.crm.contacts.update(budi.id, { lastName: 'Santoso' }, null).displayName).toBe('Pak Budi')
    const ana = ws.crm.contacts.create({ firstName: 'Ana' }, null)
    expect(ws.crm.contacts.update(ana.id, { firstName: '' }, null).displayName).toBe('Ana')
  })
})
