// A first import cut short (the folder unticked, Rapport quit) and resumed later: its progress
// counts the mail stored before, not "0 of what is left", which read as the import starting over
// (from a helper's exploratory run: 4,575 of 8,000 stored, the bar said "0 / 3,425" after a restart).
import { describe, expect, it } from 'vitest'
import type { SyncProgress } from '../../src-preload/contract'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { seededUser, accountOf } = useSeededAccounts()

describe('a first import resumed', () => {
  it('shows the mail stored before it as done, out of the whole folder', async () => {
    const fixture = new CoreFixture()
    try {
      const { user } = await seededUser('resumed', 300)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 'all' }))
      const inboxId = () => fixture.core.workspace.folders.list(accountId).find((f) => f.path === 'INBOX')!.id
      let unticked: Promise<unknown> | null = null
      const stop = fixture.core.events.subscribe((name, payload) => {
        const p = payload as SyncProgress
        if (
          unticked ||
          name !== 'sync.progress' ||
          p.folder !== 'INBOX' ||
          p.phase !== 'fetching' ||
          p.done === 0
        )
          return
        // The first slice is stored: the import stops here, as a quit would stop it.
        unticked = fixture.call('folders.setSync', { folderId: inboxId(), enabled: false })
      })
      await fixture.call('sync.run', { accountId })
      stop()
      await unticked
      const stored = fixture.core.workspace.folders
        .list(accountId)
        .find((f) => f.path === 'INBOX')!.messageCount
      expect(stored).toBeGreaterThan(0)
      expect(stored).toBeLessThan(300)

      await fixture.call('folders.setSync', { folderId: inboxId(), enabled: true })
      const seen: SyncProgress[] = []
      const listen = fixture.core.events.subscribe((name, payload) => {
        const p = payload as SyncProgress
        if (name === 'sync.progress' && p.folder === 'INBOX' && p.phase !== 'listing') seen.push(p)
      })
      await fixture.call('sync.run', { accountId })
      listen()
      expect(seen[0]).toMatchObject({ phase: 'fetching', done: stored, total: 300 })
      expect(seen.at(-1)).toMatchObject({ phase: 'done', done: 300, total: 300 })
    } finally {
      fixture.close()
    }
  })
})
