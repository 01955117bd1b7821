// An address typed for a contact that another contact has already: the refusal names that
// contact (ApiError.heldBy), so the drawer can say whose it is and offer to merge it in.
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/core/api/dispatcher'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('an email address another contact has', () => {
  it('is refused with the contact holding it, whatever the case it is typed in', () => {
    const ws = crmWorkspace()
    const holder = ws.crm.contacts.create({ displayName: 'Nadia P', emails: ['nadia@gmail.test'] }, null)
    const nadia = ws.crm.contacts.create({ displayName: 'Nadia Putri', emails: ['nadia@client.test'] }, null)
    const refusal = { code: 'ALREADY_EXISTS', field: 'emails', details: { heldBy: holder.id } }
    expect(() =>
      ws.crm.contacts.update(nadia.id, { emails: ['nadia@client.test', 'Nadia@Gmail.test'] }, null)
    ).toThrow(expect.objectContaining(refusal))
    expect(() => ws.crm.contacts.create({ emails: ['nadia@gmail.test'] }, null)).toThrow(
      expect.objectContaining(refusal)
    )
    expect(ws.crm.contacts.get(nadia.id).emails).toEqual(['nadia@client.test'])
  })

  it('crosses the contract with the holder in heldBy', async () => {
    const ws = crmWorkspace()
    const holder = ws.crm.contacts.create({ displayName: 'Nadia P', emails: ['nadia@gmail.test'] }, null)
    const nadia = ws.crm.contacts.create({ displayName: 'Nadia Putri', emails: ['nadia@client.test'] }, null)
    const handlers = {
      'contacts.update': ({ contactId, ...patch }: { contactId: string; emails: string[] }) =>
        ws.crm.contacts.update(contactId, patch, null)
    } as never
    const response = await dispatch(
      handlers,
      'contacts.update',
      { contactId: nadia.id, emails: ['nadia@client.test', 'nadia@gmail.test'] },
      () => {}
    )
    expect(response).toEqual({
      ok: false,
      error: {
        code: 'ALREADY_EXISTS',
        message: 'nadia@gmail.test already belongs to another contact.',
        field: 'emails',
        heldBy: holder.id
      }
    })
  })
})
