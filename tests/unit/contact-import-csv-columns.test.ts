// What an imported CSV's columns say: a display name left empty, and a file whose columns are
// none of Rapport's (another program's export, a vCard picked as CSV).
import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

describe("a CSV import's columns", () => {
  it('names a contact by its first and last names when its display_name cell is empty, as a vCard FN', () => {
    const ws = crmWorkspace()
    // Rapport's own export has the column; a row added in a spreadsheet may leave it empty.
    const csv = 'first_name,last_name,display_name,emails\r\nAna,Budiman,,ana@client.test\r\n'
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 1 })
    expect(ws.crm.contacts.byEmail('ana@client.test')).toMatchObject({ displayName: 'Ana Budiman' })
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nN:Lim;Wei;;;\r\nEMAIL:wei@client.test\r\nEND:VCARD\r\n'
    ws.crm.io.import('vcard', card, null)
    expect(ws.crm.contacts.byEmail('wei@client.test')).toMatchObject({ displayName: 'Wei Lim' })
  })

  it('refuses a file with none of the columns it reads, naming them, rather than call each row empty', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.create({ displayName: 'Kept', emails: ['kept@client.test'] }, null)
    const google = 'Name,Given Name,E-mail 1 - Value\r\nAna B,Ana,ana@client.test\r\n'
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:x@client.test\r\nEND:VCARD\r\n'
    for (const file of [google, card])
      expect(() => ws.crm.io.import('csv', file, null)).toThrow(
        expect.objectContaining({
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/none of the columns Rapport reads \(first_name, .*emails/)
        })
      )
    expect(ws.crm.contacts.list({ limit: 10 }).map((c) => c.displayName)).toEqual(['Kept'])
    // A file of Rapport's columns whose rows are empty says so row by row, as before.
    expect(ws.crm.io.import('csv', 'emails,company\r\n,Acme\r\n', null).problems).toEqual([
      'Row 2: no name, email or phone.'
    ])
  })
})
