// "Sync older mail" over several folders against Dovecot: the account-wide figure ("All folders:
// 40 / 100, folder 2 of 3") counts each folder's older mail from the start (STATUS before the
// first batch), only goes up, ends at its total, and goes on unchanged through a pause and a restart.
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { Core, type CoreOptions } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { generateCorpus } from '../support/corpus'
import { appendMessages, type MailUser } from '../support/dovecot'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient } from './fixtures/server-mailbox'
import { FAST } from './fixtures/sync-mailbox'

const { server, accountOf } = useSeededAccounts()

type Overall = NonNullable<BackfillStatus['overall']>

/** A Dovecot user with `counts[path]` generated messages in each folder (created when not INBOX). */
async function mailbox(name: string, counts: Record<string, number>): Promise<MailUser> {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server().addUser(user.user, user.password)
  const other = await otherClient(server(), user)
  try {
    for (const path of Object.keys(counts)) if (path !== 'INBOX') await other.mailboxCreate(path)
  } finally {
    await other.logout().catch(() => other.close())
  }
  let seed = name.length
  for (const [path, count] of Object.entries(counts)) {
    const corpus = await generateCorpus({ seed: ++seed * 101, count, selfAddress: `${name}@example.test` })
    const raws = corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
    await appendMessages(server(), user.user, user.password, path, raws)
  }
  return user
}

/** Adds the account with the newest 10 of each folder, every listed folder synced. */
async function imported(core: Core, user: MailUser, paths: string[]) {
  const call = async <T>(command: Parameters<Core['dispatch']>[0], input: unknown) => {
    const response = await core.dispatch(command, input)
    if (!response.ok) throw new Error(response.error.message)
    return response.value as T
  }
  const { id: accountId } = await call<{ id: number }>('accounts.add', accountOf(user, { importLimit: 10 }))
  await call('sync.run', { accountId })
  const listed = await call<Array<{ id: number; path: string; syncEnabled: boolean }>>('folders.list', {
    accountId
  })
  const folders = paths.map((path) => listed.find((f) => f.path === path)!)
  for (const folder of folders)
    if (!folder.syncEnabled) await call('folders.setSync', { folderId: folder.id, enabled: true })
  await call('sync.run', { accountId })
  return { accountId, folderIds: folders.map((f) => f.id), call }
}

/** Every figure the account's sync.backfill events carried, in order. */
function figures(core: Core, accountId: number): Overall[] {
  const seen: Overall[] = []
  core.events.subscribe((name, payload) => {
    const status = payload as BackfillStatus
    if (name === 'sync.backfill' && status.accountId === accountId && status.overall)
      seen.push(status.overall)
  })
  return seen
}

function expectRising(seen: Overall[]) {
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done)
    expect(seen[i]!.folderNumber).toBeGreaterThanOrEqual(seen[i - 1]!.folderNumber)
  }
}

const overallOf = (core: Core, accountId: number) =>
  core.workspace.lifecycle.backfill.status(accountId).find((s) => s.overall)?.overall

describe('the overall figure of sync older mail', () => {
  it("counts every started folder's older mail from the first batch on, rises, and ends at its total", async () => {
    const user = await mailbox('bfall', { INBOX: 60, Clients: 40, Projects: 30 })
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const core = fixture.core
      const { accountId, folderIds } = await imported(core, user, ['INBOX', 'Clients', 'Projects'])
      // The three are started together (the lane held, as while a pass runs), as a user clicks them.
      const { sync, lifecycle } = core.workspace
      let release = () => {}
      let entered = () => {}
      const holding = new Promise<void>((resolve) => (entered = resolve))
      const held = sync.lane(accountId).run(
        () =>
          new Promise<void>((resolve) => {
            release = resolve
            entered()
          })
      )
      await holding
      const seen = figures(core, accountId)
      for (const folderId of folderIds) lifecycle.backfill.start(folderId)
      expect(seen.at(-1)).toEqual({ done: 0, total: 0, folderNumber: 1, folders: 3 })
      const started = seen.length
      release()
      await held
      await fixture.waitFor('every folder done', () =>
        folderIds.every((id) => fixture.backfillOf(accountId, id).state === 'done')
      )
      const batches = seen.slice(started)
      // 50 + 30 + 20 older messages below the newest 10 of each, known before any was fetched.
      expect(batches.length).toBeGreaterThan(3)
      for (const figure of batches) expect(figure).toMatchObject({ total: 100, folders: 3 })
      expectRising(batches)
      expect(batches.at(-1)).toEqual({ done: 100, total: 100, folderNumber: 3, folders: 3 })
      // The run is over: no figure until the next "Sync older mail".
      expect(overallOf(core, accountId)).toBeUndefined()
    } finally {
      fixture.close()
    }
  })

  it('goes on with the same figure after a pause and a restart, and ends at the total it started with', async () => {
    const user = await mailbox('bfrest', { INBOX: 50, Clients: 30 })
    const dataFixture = new CoreFixture()
    dataFixture.core.close()
    const options: CoreOptions = {
      dataDir: dataFixture.dataDir,
      secrets: new MemorySecretStore(null),
      log: () => undefined,
      sync: { realtime: FAST, backfillBatch: 10 }
    }
    const first = new Core(options)
    let second: Core | null = null
    try {
      const { accountId, folderIds, call } = await imported(first, user, ['INBOX', 'Clients'])
      const seen = figures(first, accountId)
      const halfway = new Promise<void>((resolve) => {
        const off = first.events.subscribe(() => {
          if ((overallOf(first, accountId)?.done ?? 0) < 20) return
          off()
          resolve()
        })
      })
      for (const folderId of folderIds) await call('backfill.start', { folderId })
      await halfway
      for (const folderId of folderIds) await call('backfill.pause', { folderId })
      await first.workspace.lifecycle.backfill.settled()
      const paused = overallOf(first, accountId)!
      expect(paused.total).toBe(60)
      expect(paused.done).toBeGreaterThanOrEqual(20)
      expect(paused.done).toBeLessThan(60)
      // Resumed, one folder runs again: the figure is the same, nothing counted twice.
      await call('backfill.start', { folderId: folderIds[0] })
      await first.workspace.lifecycle.backfill.settled()
      expect(overallOf(first, accountId)?.total).toBe(60)
      expectRising(seen)
      const before = overallOf(first, accountId)!
      await first.stopRealtime()
      first.close()

      second = new Core(options)
      expect(overallOf(second, accountId)).toEqual(before)
      const after = figures(second, accountId)
      const finished = new Promise<void>((resolve) => {
        second!.events.subscribe(() => {
          const states = second!.workspace.lifecycle.backfill.status(accountId)
          if (states.every((s) => !folderIds.includes(s.folderId) || s.state === 'done')) resolve()
        })
      })
      second.startRealtime()
      for (const folderId of folderIds)
        if (
          second.workspace.lifecycle.backfill.status(accountId).find((s) => s.folderId === folderId)
            ?.state === 'paused'
        )
          await second.dispatch('backfill.start', { folderId })
      await finished
      expectRising([before, ...after])
      expect(after.at(-1)).toEqual({ done: 60, total: 60, folderNumber: 2, folders: 2 })
    } finally {
      await second?.stopRealtime()
      second?.close()
      dataFixture.close()
    }
  })
})
