// Deleting a mailbox locally: the contacts the user worked on stay.
import { describe, expect, it } from 'vitest'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { seededUser, accountOf } = useSeededAccounts()

describe('deleting a mailbox locally', () => {
  it('deleting a mailbox locally keeps contacts the user added details to (company) or blocked', async () => {
    const { user } = await seededUser('hrcon', 12)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const contacts = await fixture.call('contacts.list', {})
      expect(contacts.length).toBeGreaterThanOrEqual(2)
      const [a, b] = contacts
      await fixture.call('contacts.update', { contactId: a!.id, company: 'PT Maju Jaya', country: 'ID' })
      await fixture.call('contacts.block', { contactId: b!.id })
      await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })
      const kept = await fixture.call('contacts.list', {})
      const blocked = await fixture.call('contacts.list', { blocked: true })
      expect({
        withCompany: kept.some((c) => c.id === a!.id),
        blocked: [...kept, ...blocked].some((c) => c.id === b!.id)
      }).toEqual({ withCompany: true, blocked: true })
    } finally {
      fixture.close()
    }
  })
})
