// "Sync older mail" whose next batch waits for the account lane when the mailbox is archived: the
// archive pauses it, and the batch's refusal ("being disconnected") is the archive's doing, not a
// failure of the backfill to show on it then, or after the mailbox is signed in to again.
import { describe, expect, it } from 'vitest'
import { CoreFixture } from './fixtures/core-fixture'
import { useServerChange } from './fixtures/server-change'
import { FAST } from './fixtures/sync-mailbox'

const { seededUser, accountOf, servers, server } = useServerChange()

describe('sync older mail: archived while a batch waits for the lane', () => {
  it('leaves the paused backfill without the "being disconnected" error, also after signing in again', async () => {
    const { user } = await seededUser('bfarch', 40)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      // A long pass holds the lane; the backfill's first batch waits behind it.
      const held = fixture.core.workspace.sync.runOnline(accountId, () => gate)
      await fixture.call('backfill.start', { folderId: inbox.id })
      const archive = fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
      release()
      // Its login, if still under way, is given up by the archive: either way it has ended.
      await held.catch(() => undefined)
      await archive
      await fixture.core.workspace.lifecycle.backfill.settled()
      const archived = (await fixture.call('backfill.status', { accountId })).find(
        (s) => s.folderId === inbox.id
      )
      expect(archived).toMatchObject({ state: 'paused', error: null })

      await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, server().imapPort, user.password)
      )
      const signedIn = (await fixture.call('backfill.status', { accountId })).find(
        (s) => s.folderId === inbox.id
      )
      expect(signedIn).toMatchObject({ state: 'paused', error: null })
    } finally {
      await fixture.core.workspace.lifecycle.backfill.settled()
      fixture.close()
    }
  })
})
