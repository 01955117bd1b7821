// A new message whose From was never picked goes from the first mailbox that can send, as New
// message shows it: with the first mailbox kept as a read-only archive (it never syncs again),
// its server copy goes to the next mailbox's Drafts, where another mail program finds it.
import { expect, it } from 'vitest'
import { accountInput } from './fixtures/core-fixture'
import { otherClient } from './fixtures/server-mailbox'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

it('puts an unpicked From’s draft in the Drafts of the first mailbox that is not an archive', async () => {
  const first = await syncedMailbox('kim', 1)
  const { server, relay } = syncedMailbox.servers
  const lee = { user: 'lee', password: 'lee-pw' }
  await server.addUser(lee.user, lee.password)
  const second = await first.fixture.call('accounts.add', accountInput(server, relay.port, lee))
  await first.fixture.call('accounts.disconnect', { accountId: first.accountId, mode: 'archive' })

  const draft = { kind: 'new' as const, accountId: null, to: 'ana@client.test', subject: 'Visit', later: '' }
  await first.fixture.call('drafts.save', { ...draft, text: 'From whichever sends' })
  await first.fixture.call('sync.run', { accountId: second.id })

  const other = await otherClient(server, lee)
  try {
    const lock = await other.getMailboxLock('Drafts', { readOnly: true })
    try {
      const subjects = []
      if (other.mailbox && other.mailbox.exists > 0)
        for await (const m of other.fetch('1:*', { envelope: true })) subjects.push(m.envelope?.subject)
      expect(subjects).toEqual(['Visit'])
    } finally {
      lock.release()
    }
  } finally {
    await other.logout()
  }
})
