// "Sync older mail" of a folder another program deletes on the server mid-backfill: the batch's
// SELECT is answered NONEXISTENT (RFC 5530). It showed "running" with "Mailbox doesn't exist" and
// retried out of sight until the next pass noticed the folder gone; it ends at once, as that pass
// would end it.
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { lockFolder } from '../../src-main/core/mail-server/guarded-commands'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient, syncedKlien } from './fixtures/server-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

describe('sync older mail of a folder deleted on the server meanwhile', () => {
  it('ends its backfill at once, without an error, not "running" and retrying until the next pass', async () => {
    const { user } = await seededUser('bfgone', 2)
    const fixture = new CoreFixture({ sync: { backfillBatch: 10 } })
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      const klien = { id: await syncedKlien(fixture.call, other, accountId) }
      // As between two batches: the lane's session has Klien selected (the batch before), and
      // the next batch waits its turn while another program deletes the folder.
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      let selected!: () => void
      const klienSelected = new Promise<void>((resolve) => (selected = resolve))
      const held = fixture.core.workspace.sync.runOnline(accountId, async ({ client }) => {
        const lock = await lockFolder(client, 'Klien', { readOnly: true })
        lock.release()
        selected()
        await gate
      })
      await klienSelected
      await fixture.call('backfill.start', { folderId: klien.id })
      await other.mailboxDelete('Klien')
      release()
      await held
      const backfill = fixture.core.workspace.lifecycle.backfill
      await backfill.settled()

      const last = [...fixture.events]
        .reverse()
        .find((e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).folderId === klien.id)
        ?.payload as BackfillStatus | undefined
      expect(last).toMatchObject({ state: 'paused', error: null })
      // Gone from the folder list as a pass leaves it, so no longer among the backfills shown.
      const folder = (await fixture.call('folders.list', { accountId })).find((f) => f.id === klien.id)
      expect(folder?.onServer ?? false).toBe(false)
      expect(backfill.status(accountId).find((s) => s.folderId === klien.id)).toBeUndefined()
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})
