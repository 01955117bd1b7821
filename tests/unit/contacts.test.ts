import { describe, expect, it } from 'vitest'
import { ContactLinker, MASS_MAIL_RECIPIENTS } from '../../src-main/core/crm/contact-linker'
import { ME, memoryWorkspace, message, store } from './fixtures/workspace'

const contactEmails = (ws: ReturnType<typeof memoryWorkspace>) =>
  (
    ws.db.prepare('SELECT address FROM contact_emails ORDER BY address').all() as Array<{ address: string }>
  ).map((r) => r.address)

const addr = (address: string, name = '') => ({ name, address })

describe('contact extraction', () => {
  it('creates a contact from the From of received mail, with first and last name', () => {
    const ws = memoryWorkspace()
    store(ws, message({ from: addr('carlos@client.test', 'Carlos Mendes') }))
    expect(contactEmails(ws)).toEqual(['carlos@client.test'])
    expect(ws.db.prepare('SELECT first_name, last_name FROM contacts').get()).toEqual({
      first_name: 'Carlos',
      last_name: 'Mendes'
    })
  })

  it('never creates contacts from Cc or Bcc', () => {
    const ws = memoryWorkspace()
    store(
      ws,
      message({
        from: addr('carlos@client.test'),
        cc: [addr('boss@client.test')],
        bcc: [addr('secret@client.test')]
      })
    )
    expect(contactEmails(ws)).toEqual(['carlos@client.test'])
  })

  it('creates a contact from the first external To of sent mail', () => {
    const ws = memoryWorkspace()
    store(
      ws,
      message({
        from: addr(ME),
        to: [addr(ME), addr('dewi@client.test'), addr('budi@client.test')],
        cc: [addr('cc@client.test')]
      })
    )
    expect(contactEmails(ws)).toEqual(['dewi@client.test'])
    expect(ws.db.prepare('SELECT direction FROM messages').get()).toEqual({ direction: 'out' })
  })

  it('skips mass mail with more than 25 recipients', () => {
    const ws = memoryWorkspace()
    const many = Array.from({ length: MASS_MAIL_RECIPIENTS + 1 }, (_, i) => addr(`r${i}@list.test`))
    store(ws, message({ from: addr('news@list.test'), to: many }))
    expect(contactEmails(ws)).toEqual([])
  })

  it('never makes the user a contact of their own', () => {
    const ws = memoryWorkspace()
    store(ws, message({ from: addr(ME), to: [addr(ME)] }))
    expect(contactEmails(ws)).toEqual([])
  })

  it('matches addresses case-insensitively, so one person stays one contact', () => {
    const ws = memoryWorkspace()
    store(ws, message({ from: addr('Carlos@Client.test') }), message({ from: addr('carlos@client.TEST') }))
    expect(ws.db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 1 })
  })

  it('links the conversation of a thread to its contact', () => {
    const ws = memoryWorkspace()
    const [threadId] = store(ws, message({ from: addr('dewi@client.test') }))
    const row = ws.db
      .prepare(
        'SELECT ce.address FROM conversations c JOIN contact_emails ce ON ce.contact_id = c.contact_id WHERE c.thread_id = ?'
      )
      .get(threadId)
    expect(row).toEqual({ address: 'dewi@client.test' })
  })

  it('picks the counterpart without touching the database', () => {
    const own = new Set([ME])
    expect(
      ContactLinker.counterpart(
        { direction: 'in', from: addr('a@x.test'), to: [addr(ME)], cc: [], bcc: [] },
        own
      )
    ).toEqual(addr('a@x.test'))
    expect(
      ContactLinker.counterpart(
        { direction: 'in', from: null, to: [addr(ME)], cc: [addr('c@x.test')], bcc: [] },
        own
      )
    ).toBeNull()
  })
})
