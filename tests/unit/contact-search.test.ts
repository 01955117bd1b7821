import { describe, expect, it } from 'vitest'
import { ContactSearch, contactMatchExpression } from '../../src-main/core/search/contact-search'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import { memoryWorkspace, message, store } from './fixtures/workspace'

const addr = (address: string, name = '') => ({ name, address })

function people(...senders: Array<[string, string]>) {
  const ws = memoryWorkspace()
  store(ws, ...senders.map(([name, address]) => message({ from: addr(address, name) })))
  const search = new ContactSearch(ws.db)
  const names = (query: string) => search.search({ query }).contacts.map((c) => c.displayName)
  const idOf = (address: string) =>
    (
      ws.db.prepare('SELECT contact_id FROM contact_emails WHERE address = ?').get(address) as {
        contact_id: string
      }
    ).contact_id
  return { ws, search, names, idOf }
}

describe('contact search', () => {
  it('"car" finds Carlos and Carter, but not Scarlet or Oscar', () => {
    const { names } = people(
      ['Carlos Mendes', 'carlos@client.test'],
      ['Emily Carter', 'emily@client.test'],
      ['Scarlet Lee', 'scarlet@client.test'],
      ['Oscar Wilde', 'oscar@client.test']
    )
    expect(names('car').sort()).toEqual(['Carlos Mendes', 'Emily Carter'])
  })

  it('matches case- and accent-insensitively', () => {
    const { names } = people(['José Álvarez', 'jose.alvarez@example.es'], ['Zoë Müller', 'zoe@example.de'])
    expect(names('ALVAR')).toEqual(['José Álvarez'])
    expect(names('muell')).toEqual([])
    expect(names('mull')).toEqual(['Zoë Müller'])
  })

  it('matches the start of any word of an email address', () => {
    const { names } = people(
      ['', 'budi.santoso@example.co.id'],
      ['Rizky', 'rizky@tokopedia-mitra.example.co.id']
    )
    expect(names('santo')).toHaveLength(1)
    expect(names('tokopedia')).toEqual(['Rizky'])
    expect(names('budi.santoso@exa')).toHaveLength(1)
  })

  it('requires every word typed to start a word of the contact', () => {
    const { names } = people(['Emily Carter', 'emily@client.test'], ['Emily Chen', 'echen@client.test'])
    expect(names('emily car')).toEqual(['Emily Carter'])
    expect(names('emi ch')).toEqual(['Emily Chen'])
  })

  it('finds a phone number however it is punctuated', () => {
    const { ws, names, idOf } = people(['Budi Santoso', 'budi@example.co.id'])
    ws.db
      .prepare(
        "INSERT INTO contact_phones (id, contact_id, phone, hlc) VALUES ('p1', ?, '+62 812-3456-789', 'h')"
      )
      .run(idOf('budi@example.co.id'))
    expect(names('0812')).toEqual([])
    expect(names('812-3456')).toEqual(['Budi Santoso'])
    expect(names('62812345')).toEqual(['Budi Santoso'])
    expect(names('+62 812')).toEqual(['Budi Santoso'])
  })

  it('answers a too-short query with an empty result and a flag', () => {
    const { search } = people(['Li Na', 'li.na@163.com'])
    expect(search.search({ query: 'li' })).toEqual({ contacts: [], tooShort: true, minLength: 3 })
    expect(search.search({ query: 'li na' }).contacts).toHaveLength(1)
  })

  it('returns the contact with its addresses, phones and last message time', () => {
    const { search } = people(['Dewi Lestari', 'dewi.lestari@yahoo.co.id'])
    const [hit] = search.search({ query: 'dewi' }).contacts
    expect(hit).toMatchObject({
      displayName: 'Dewi Lestari',
      firstName: 'Dewi',
      lastName: 'Lestari',
      emails: ['dewi.lestari@yahoo.co.id'],
      phones: []
    })
    expect(hit!.lastMessageAt).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('ranks a name match above a match in an address', () => {
    const { names } = people(['Agus Wijaya', 'dewi.fan@x.test'], ['Dewi Lestari', 'dl@y.test'])
    expect(names('dewi')).toEqual(['Dewi Lestari', 'Agus Wijaya'])
  })

  it('indexes contacts in the transaction that creates them, through every write path', () => {
    const { ws, names, idOf } = people(['Carlos Mendes', 'carlos@client.test'])
    // A CRM edit, a merge moving an address, and a soft delete, all by plain SQL.
    ws.db.prepare("UPDATE contacts SET first_name = 'Karl' WHERE id = ?").run(idOf('carlos@client.test'))
    expect(names('karl')).toEqual(['Carlos Mendes'])
    store(ws, message({ from: addr('sam@other.test', 'Sam Other') }))
    ws.db
      .prepare('UPDATE contact_emails SET contact_id = ? WHERE address = ?')
      .run(idOf('carlos@client.test'), 'sam@other.test')
    const [carlos] = new ContactSearch(ws.db).search({ query: 'karl' }).contacts
    expect(carlos!.emails.sort()).toEqual(['carlos@client.test', 'sam@other.test'])
    ws.db.prepare('UPDATE contacts SET deleted = 1 WHERE id = ?').run(idOf('carlos@client.test'))
    expect(names('karl')).toEqual([])
    expect(() =>
      ws.db.transaction(() => {
        store(ws, message({ from: addr('walter@x.test', 'Walter White') }))
        throw new Error('crash')
      })()
    ).toThrow('crash')
    expect(names('walter')).toEqual([])
  })

  it('comes back the same after search.reindex', () => {
    const { ws, names } = people(
      ['Carlos Mendes', 'carlos@client.test'],
      ['Emily Carter', 'emily@client.test']
    )
    const before = names('car')
    ws.db.exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')")
    expect(names('car')).toEqual([])
    expect(reindexSearch(ws.db).contacts).toBe(2)
    expect(names('car')).toEqual(before)
  })

  it('builds a match expression that keeps user text quoted', () => {
    expect(contactMatchExpression('car')).toBe('"car"*')
    expect(contactMatchExpression('emily car')).toBe('"emily"* AND "car"*')
    expect(contactMatchExpression('a" OR x')).toBe('"a"* AND "OR"* AND "x"*')
    expect(contactMatchExpression('0812-3456')).toBe('("0812 3456"*) OR ({phones} : "08123456"*)')
    expect(contactMatchExpression('--')).toBeNull()
  })
})
