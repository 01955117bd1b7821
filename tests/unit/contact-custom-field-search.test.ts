import { describe, expect, it } from 'vitest'
import { ContactSearch } from '../../src-main/core/search/contact-search'
import { crmWorkspace } from './fixtures/crm-workspace'

/** Contacts with custom fields of every type, defined and filled through the CRM. */
function withFields() {
  const ws = crmWorkspace()
  const contacts = ws.crm.contacts
  contacts.defineField({ key: 'customer_no', label: 'Customer number', type: 'text' })
  contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
  contacts.defineField({ key: 'vip', label: 'VIP', type: 'checkbox' })
  contacts.defineField({ key: 'renewal', label: 'Renewal', type: 'date' })
  contacts.defineField({ key: 'call_at', label: 'Call at', type: 'time' })
  const create = (name: string, customFields: Record<string, string | number | boolean>) =>
    contacts.create({ displayName: name, firstName: name.split(' ')[0], customFields }, null)
  create('Rina Kusuma', {
    customer_no: 'CUST-0042',
    seats: 250,
    vip: true,
    renewal: '2026-03-01',
    call_at: '09:30'
  })
  create('Tono Hadi', { customer_no: 'CUST-0042-B', seats: 25 })
  const search = new ContactSearch(ws.db)
  const names = (query: string) => search.search({ query }).contacts.map((c) => c.displayName)
  return { ws, names }
}

describe('contact search on custom fields', () => {
  it('finds a text field by its whole value, case-insensitively, and not by a part of it', () => {
    const { names } = withFields()
    expect(names('cust-0042')).toEqual(['Rina Kusuma'])
    expect(names('CUST-0042-B')).toEqual(['Tono Hadi'])
    expect(names('0042')).toEqual([])
  })

  it('finds a number field by its exact value only', () => {
    const { names } = withFields()
    expect(names('250')).toEqual(['Rina Kusuma'])
    expect(names('2500')).toEqual([])
  })

  it('never matches checkbox, date or time fields', () => {
    const { names } = withFields()
    expect(names('true')).toEqual([])
    expect(names('2026-03-01')).toEqual([])
    expect(names('09:30')).toEqual([])
  })

  it('lists an exact custom-field match before name matches, each contact once', () => {
    const { ws, names } = withFields()
    ws.crm.contacts.defineField({ key: 'nickname', label: 'Nickname', type: 'text' })
    ws.crm.contacts.create({ displayName: 'Rinaldo Putra', firstName: 'Rinaldo', customFields: {} }, null)
    const tono = ws.crm.contacts.list({ limit: 10, search: 'Tono' })[0]!
    ws.crm.contacts.update(tono.id, { customFields: { nickname: 'rina' } }, null)
    expect(names('rina')).toEqual(['Tono Hadi', 'Rina Kusuma', 'Rinaldo Putra'])
  })
})
