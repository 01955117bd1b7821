// Switching to the sample workspace while work on the real one is still under way: what that
// work finishes with belongs to the real workspace, not to the one shown when it finishes.
import { describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages } from '../support/dovecot'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { FAST, useSyncServers } from './fixtures/sync-mailbox'

const servers = useSyncServers()

describe('adding the first mailbox while the sample data is opened from the same screen', () => {
  it('keeps the new mailbox live in the real workspace: its mail arrives when the user comes back', async () => {
    const { server, relay } = servers
    const user = { user: 'ola', password: 'ola-pw' }
    await server.addUser(user.user, user.password)
    const corpus = await generateCorpus({ seed: 7, count: 3, selfAddress: 'ola@example.test' })
    await appendMessages(
      server,
      user.user,
      user.password,
      'INBOX',
      corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
    )
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    try {
      // As the app starts: real time on, no account yet, so the window shows onboarding.
      fixture.core.startRealtime()
      // Onboarding: "Add mailbox" clicked (its servers are being checked), then "Try sample data".
      const adding = fixture.core.dispatch('accounts.add', {
        ...accountInput(server, relay.port, user),
        importLimit: 'all'
      })
      await fixture.call('workspace.openSample', {})
      const added = await adding
      expect(added.ok).toBe(true)
      const accountId = added.ok ? (added.value as { id: number }).id : 0
      // What the account form does next: the import "runs in the background".
      await fixture.core.dispatch('sync.run', { accountId })
      // The sample's own account is untouched by the real mailbox's sign-in.
      expect(fixture.core.workspace.accounts.find(accountId)?.kind).toBe('sample')
      // "Leave sample data": the mailbox's mail comes in, as after any add.
      await fixture.call('workspace.openMain', {})
      const stored = () =>
        (fixture.core.workspace.db.prepare('SELECT COUNT(*) FROM messages').pluck().get() as number) ===
        corpus.length
      await fixture.waitFor('the new mailbox to import its mail', stored, 8_000)
    } finally {
      await fixture.core.stopRealtime()
      fixture.close()
    }
  })
})
