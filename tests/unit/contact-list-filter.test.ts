import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('contacts.list text filter', () => {
  function withContacts() {
    const ws = crmWorkspace()
    ws.crm.contacts.create({ firstName: 'Carlos', lastName: 'Mendes', emails: ['carlos@client.test'] }, null)
    ws.crm.contacts.create({ firstName: 'Dewi', lastName: 'Lestari', emails: ['dewi_l@maju.test'] }, null)
    ws.crm.contacts.create(
      { firstName: 'Budi', lastName: 'Santoso', company: '100% Kopi', emails: ['budi@kopi.test'] },
      null
    )
    return ws
  }
  const names = (ws: ReturnType<typeof crmWorkspace>, search: string) =>
    ws.crm.contacts
      .list({ search, limit: 100 })
      .map((c) => c.firstName)
      .sort()

  it('matches "_" and "%" literally, not as LIKE wildcards', () => {
    const ws = withContacts()
    // Only Dewi's address has an underscore; only Budi's company has a percent sign.
    expect(names(ws, '_')).toEqual(['Dewi'])
    expect(names(ws, '%')).toEqual(['Budi'])
    expect(names(ws, 'i_l')).toEqual(['Dewi'])
  })

  it('matches a backslash literally too', () => {
    const ws = withContacts()
    expect(names(ws, '\\')).toEqual([])
  })
})

describe('contacts.list text filter beyond ASCII', () => {
  it('matches names in any case in every script, as the search bar does', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.create({ firstName: 'Élodie', lastName: 'Durand', emails: ['elodie@client.test'] }, null)
    ws.crm.contacts.create({ firstName: 'Иван', lastName: 'Петров', emails: ['ivan@client.test'] }, null)
    const names = (search: string) => ws.crm.contacts.list({ search, limit: 100 }).map((c) => c.firstName)
    expect(names('ÉLODIE')).toEqual(['Élodie'])
    expect(names('élodie')).toEqual(['Élodie'])
    expect(names('иван')).toEqual(['Иван'])
  })
})
