import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

// A custom field's type changing under values of the old type (contacts.defineField on an
// existing key): the change is refused while contacts hold such values, and a value stored before
// a type change (an older Rapport, another device) keeps no other field from being saved.

function withSeats() {
  const ws = crmWorkspace()
  const contacts = ws.crm.contacts
  contacts.defineField({ key: 'seats', label: 'Seats', type: 'text' })
  contacts.defineField({ key: 'vip', label: 'VIP', type: 'checkbox' })
  const rina = contacts.create({ displayName: 'Rina', customFields: { seats: 'about forty' } }, null)
  return { ws, contacts, rina }
}

describe('changing a custom field’s type', () => {
  it('is refused, saying why, while a contact holds a value the new type cannot take', () => {
    const { contacts, rina } = withSeats()
    expect(() => contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'fieldType',
        message: expect.stringMatching(
          /A contact has a "Seats" that is not a number: clear or change it first/
        )
      })
    )
    expect(contacts.fieldDefs().find((d) => d.key === 'seats')?.type).toBe('text')
    // The contact can still be edited.
    expect(contacts.update(rina.id, { customFields: { vip: true } }, null).customFields).toEqual({
      seats: 'about forty',
      vip: true
    })
  })

  it('goes through once the values are cleared, or when they fit the new type', () => {
    const { contacts, rina } = withSeats()
    contacts.update(rina.id, { customFields: { seats: null } }, null)
    expect(contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })).toContainEqual({
      key: 'seats',
      label: 'Seats',
      type: 'number'
    })
    contacts.update(rina.id, { customFields: { seats: 40 } }, null)
    expect(contacts.defineField({ key: 'seats', label: 'Seat count', type: 'number' })).toContainEqual({
      key: 'seats',
      label: 'Seat count',
      type: 'number'
    })
  })
})

describe('a value stored before its field changed type', () => {
  it('keeps no other field from being saved, and only the fields written are checked', () => {
    const { ws, contacts, rina } = withSeats()
    // As an earlier Rapport left it: the type changed under the stored text.
    ws.db.prepare("UPDATE contact_field_defs SET type = 'number' WHERE key = 'seats'").run()

    expect(contacts.update(rina.id, { customFields: { vip: true } }, null).customFields).toEqual({
      seats: 'about forty',
      vip: true
    })
    expect(() => contacts.update(rina.id, { customFields: { seats: 'forty-two' } }, null)).toThrow(
      expect.objectContaining({ field: 'customFields.seats' })
    )
    expect(contacts.update(rina.id, { customFields: { seats: 42 } }, null).customFields).toEqual({
      seats: 42,
      vip: true
    })
  })
})
