// What disconnecting or removing a mailbox leaves behind, on Dovecot. The Outbox (its dialog, the
// undo toast) and the drafts list re-query only on a `changed` event naming their table, and a
// disconnect changes both: its waiting mail fails (archive) or goes (delete), and a deleted
// mailbox's drafts go. accounts.remove (in the contract, so `rapport api accounts.remove` and web
// mode reach it) is a second way to delete a mailbox locally: it must leave what
// accounts.disconnect 'delete' leaves.
import { describe, expect, it } from 'vitest'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { seededUser, accountOf } = useSeededAccounts()

const changedTables = (fixture: CoreFixture, from: number): string[] =>
  fixture.events
    .slice(from)
    .filter((e) => e.name === 'changed')
    .flatMap((e) => (e.payload as { tables: string[] }).tables)

describe('disconnecting a mailbox with mail waiting in the Outbox', () => {
  it.each(['archive', 'delete'] as const)(
    'announces the Outbox change (%s), so the Outbox shows it',
    async (mode) => {
      const { user } = await seededUser(`evt${mode}`, 1)
      const fixture = new CoreFixture()
      try {
        const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
        await fixture.call('outbox.send', {
          accountId,
          to: ['client@example.test'],
          subject: 'Later',
          text: 'Hello',
          sendAt: new Date(Date.now() + 3_600_000).toISOString()
        })
        const before = (await fixture.call('outbox.list', {}))[0]!
        expect(before.state).not.toBe('failed')
        const from = fixture.events.length
        await fixture.call('accounts.disconnect', { accountId, mode })
        const after = await fixture.call('outbox.list', {})
        // The row did change...
        expect(after.find((i) => i.id === before.id)?.state ?? 'gone').not.toBe(before.state)
        // ...and the views showing it are told.
        expect(changedTables(fixture, from)).toContain('outbox')
      } finally {
        fixture.close()
      }
    }
  )
})

describe('accounts.remove', () => {
  it('(the reference) accounts.disconnect delete leaves no contact that only its mail created', async () => {
    const { user } = await seededUser('rmref', 6)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      expect((await fixture.call('contacts.list', {})).length).toBeGreaterThan(0)
      await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })
      expect(await fixture.call('contacts.list', {})).toEqual([])
    } finally {
      fixture.close()
    }
  })

  it('removes the contacts only its mail created, as deleting the mailbox locally does', async () => {
    const { user } = await seededUser('rmcon', 6)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      expect((await fixture.call('contacts.list', {})).length).toBeGreaterThan(0)
      expect(await fixture.call('accounts.remove', { accountId })).toEqual({ removed: true })
      expect(await fixture.call('contacts.list', {})).toEqual([])
    } finally {
      fixture.close()
    }
  })
})
