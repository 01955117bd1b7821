// "Sync older mail" batches that wait for the account lane (a pause, the account deleted, or the folder unticked meanwhile), a folder gone from the server, a folder unticked while the mailbox waits for sign-in, and the import window changed later.
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient, syncedKlien } from './fixtures/server-mailbox'
import { FAST } from './fixtures/sync-mailbox'
import { STORE_SLICE } from '../../src-main/core/sync/fetch-batches'

const { server, seededUser, accountOf } = useSeededAccounts()

/**
 * A mailbox with its newest 10 messages synced, whose "sync older mail" starts on INBOX while
 * other work holds the account's lane (as a long pass would): its first batch waits its turn.
 * `meanwhile` runs before the lane is let go. Resolves once the holding work has ended.
 */
async function backfillBehindHeldLane(
  fixture: CoreFixture,
  name: string,
  count: number,
  meanwhile: (ids: { accountId: number; inboxId: number }) => Promise<unknown>
): Promise<number> {
  const { user } = await seededUser(name, count)
  const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
  await fixture.call('sync.run', { accountId })
  const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const held = fixture.core.workspace.sync.runOnline(accountId, () => gate)
  await fixture.call('backfill.start', { folderId: inbox.id })
  await meanwhile({ accountId, inboxId: inbox.id })
  release()
  await held
  return accountId
}

describe('sync older mail: a batch waiting for the lane', () => {
  it('a pause given while the next batch waits for the account lane takes effect: that batch does not run', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const accountId = await backfillBehindHeldLane(fixture, 'hrpause', 60, ({ inboxId }) =>
        fixture.call('backfill.pause', { folderId: inboxId })
      )
      for (let i = 0; i < 3; i++)
        await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
      const inboxAfter = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      expect(inboxAfter.messageCount).toBe(10)
    } finally {
      fixture.close()
    }
  })

  it('deleting a mailbox while a "sync older mail" batch waits its turn leaves no unhandled rejection', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const accountId = await backfillBehindHeldLane(fixture, 'hrdel', 80, (ids) =>
        fixture.call('accounts.disconnect', { accountId: ids.accountId, mode: 'delete' })
      )
      // The waiting batch runs next on the lane; once a piece queued behind it has run, the batch
      // has ended, and a turn of the event loop later any rejection it left has been reported.
      await fixture.core.workspace.sync.lane(accountId).run(async () => undefined)
      await new Promise((resolve) => setImmediate(resolve))
      expect(rejections.map((r) => String(r))).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
      fixture.close()
    }
  })

  it('refuses a backfill of a folder deleted on the server instead of retrying it out of sight', async () => {
    const { user } = await seededUser('hrgone', 2)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      const klien = { id: await syncedKlien(fixture.call, other, accountId) }
      await other.mailboxDelete('Klien')
      await fixture.call('sync.run', { accountId })
      const started = await fixture.core.dispatch('backfill.start', { folderId: klien.id })
      const listed = (await fixture.call('backfill.status', { accountId })).find(
        (s) => s.folderId === klien.id
      )
      const last = [...fixture.events]
        .reverse()
        .find((e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).folderId === klien.id)
        ?.payload as BackfillStatus | undefined
      // Not "running" out of sight (backfill.status lists synced folders on the server), retried every 30 s.
      expect(started.ok ? 'accepted' : started.error.code).toBe('NOT_FOUND')
      expect(listed).toBeUndefined()
      expect(last?.state).not.toBe('running')
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})

describe('sync older mail: unticking the folder', () => {
  it('a folder unticked while its next batch waits for the account lane fetches no more of its mail', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const { user } = await seededUser('rvuntick', 60)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      // A long pass holds the lane; the backfill's first batch waits behind it.
      const held = fixture.core.workspace.sync.runOnline(accountId, () => gate)
      await fixture.call('backfill.start', { folderId: inbox.id })
      // The user unticks the folder meanwhile: "its backfill stops too".
      await fixture.call('folders.setSync', { folderId: inbox.id, enabled: false })
      release()
      await held
      for (let i = 0; i < 3; i++)
        await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
      await fixture.core.workspace.lifecycle.backfill.settled()
      const after = await fixture.folder(accountId, 'INBOX')
      expect(after.messageCount).toBe(10)
    } finally {
      fixture.close()
    }
  })

  it.each(['unticked', 'paused'] as const)(
    'a folder %s while a batch is being stored stores no more of it than the slice under way',
    async (how) => {
      const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 200 } })
      try {
        const { user } = await seededUser(`rvslice${how}`, 260)
        const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
        await fixture.call('sync.run', { accountId })
        const inbox = await fixture.folder(accountId, 'INBOX')
        const stored = () =>
          (
            fixture.core.workspace.db
              .prepare('SELECT count(*) AS n FROM message_locations WHERE folder_id = ?')
              .get(inbox.id) as { n: number }
          ).n
        let storedThen: number | null = null
        // The first slice of the first batch is in (its `changed`): the user stops it there.
        const off = fixture.core.events.subscribe((name) => {
          if (name !== 'changed' || storedThen !== null || stored() <= 10) return
          storedThen = stored()
          if (how === 'unticked') void fixture.call('folders.setSync', { folderId: inbox.id, enabled: false })
          else void fixture.call('backfill.pause', { folderId: inbox.id })
        })
        try {
          await fixture.call('backfill.start', { folderId: inbox.id })
          await fixture.waitFor(
            'the stop',
            // An unticked folder has no backfill status any more: listed are synced folders.
            () =>
              storedThen !== null &&
              fixture.core.workspace.lifecycle.backfill
                .status(accountId)
                .every((s) => s.folderId !== inbox.id || s.state !== 'running')
          )
          await fixture.core.workspace.lifecycle.backfill.settled()
          for (let i = 0; i < 2; i++)
            await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
        } finally {
          off()
        }
        expect(storedThen).not.toBeNull()
        // Before: the whole batch of 200 went on being stored.
        expect(stored()).toBeLessThanOrEqual(storedThen! + STORE_SLICE)
      } finally {
        fixture.close()
      }
    }
  )

  it('a folder unticked while its backfill waits for sign-in, ticked again after signing in, is not left "running" and "waiting for sign-in" for ever', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 20 } })
    try {
      const { user } = await seededUser('rvsignin', 60)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 20 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      await server().setPassword(user.user, 'new-pw')
      expect(await fixture.error('sync.run', { accountId })).toMatchObject({ code: 'AUTH_FAILED' })
      // As in the app: real time on, backfills resume on sign-in.
      fixture.core.startRealtime()
      expect(await fixture.call('backfill.start', { folderId: inbox.id })).toMatchObject({
        state: 'running',
        error: { code: 'AUTH_FAILED' }
      })
      await fixture.call('folders.setSync', { folderId: inbox.id, enabled: false })
      await fixture.call('accounts.setPassword', { accountId, password: 'new-pw' })
      await fixture.call('folders.setSync', { folderId: inbox.id, enabled: true })
      const backfill = () => fixture.backfillOf(accountId, inbox.id)
      // Either it goes on (running, then done), or it says it is paused: never "running" with a
      // sign-in error on a mailbox that is signed in, with nothing running.
      await fixture
        .waitFor('the backfill to end or stop', () => backfill().state !== 'running', 10_000)
        .catch(() => undefined)
      expect(fixture.core.workspace.accounts.get(accountId).state).toBe('active')
      expect(backfill()).not.toMatchObject({ state: 'running', error: { code: 'AUTH_FAILED' } })
      expect(backfill().state).not.toBe('running')
    } finally {
      await fixture.core.stopRealtime()
      fixture.close()
    }
  })
})

describe('import depth changed later', () => {
  it('a bigger window fetches the older mail once; a smaller one deletes nothing', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    try {
      const { user } = await seededUser('rvdepth', 40)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      expect((await fixture.folder(accountId, 'INBOX')).messageCount).toBe(10)
      await fixture.call('sync.run', { accountId, limit: 25 })
      expect((await fixture.folder(accountId, 'INBOX')).messageCount).toBe(25)
      const [small] = await fixture.call('sync.run', { accountId, limit: 5 })
      expect(small!.fetched).toBe(0)
      expect((await fixture.folder(accountId, 'INBOX')).messageCount).toBe(25)
      const [again] = await fixture.call('sync.run', { accountId })
      expect(again!.fetched).toBe(0)
      expect((await fixture.folder(accountId, 'INBOX')).messageCount).toBe(25)
      const inbox = await fixture.folder(accountId, 'INBOX')
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the backfill', () => fixture.backfillOf(accountId, inbox.id).state === 'done')
      expect(fixture.backfillOf(accountId, inbox.id)).toMatchObject({ done: 40, total: 40, error: null })
      const { n } = fixture.core.workspace.db
        .prepare('SELECT count(*) AS n FROM messages WHERE account_id = ?')
        .get(accountId) as { n: number }
      expect(n).toBe(40)
    } finally {
      fixture.close()
    }
  })
})
