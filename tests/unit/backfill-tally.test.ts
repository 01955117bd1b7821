// The account-wide figure of "sync older mail" over the folders of its run: older mail fetched
// since each folder was started, out of what each still had to fetch then, and "folder k of n".
// Worked out from the folders' rows, so a pause, a resume and a restart keep it.
import { describe, expect, it } from 'vitest'
import type { ImapFlow } from 'imapflow'
import { BackfillRepository, type RunRow } from '../../src-main/core/sync/backfill-repository'
import { backfillOverall, measureRun } from '../../src-main/core/sync/backfill-tally'
import type { FolderRecord } from '../../src-main/core/sync/folder-repository'
import { memoryWorkspace } from './fixtures/workspace'

const row = (folderId: number, state: RunRow['state'], base: number, total: number): RunRow => ({
  folderId,
  state,
  base,
  total
})

describe('the overall figure of a backfill run', () => {
  it('counts only older mail: what each folder held when it started is neither done nor to come', () => {
    const held = new Map([
      [1, 620],
      [2, 500]
    ])
    const overall = backfillOverall([row(1, 'running', 500, 2000), row(2, 'running', 500, 800)], (id) =>
      held.get(id)!
    )
    expect(overall).toEqual({ done: 120, total: 1800, folderNumber: 1, folders: 2 })
  })

  it('moves on to the next folder as each is done, and ends at its total', () => {
    const held = new Map([
      [1, 2000],
      [2, 650],
      [3, 10]
    ])
    const rows = [row(1, 'done', 500, 2000), row(2, 'running', 500, 800), row(3, 'paused', 10, 40)]
    expect(backfillOverall(rows, (id) => held.get(id)!)).toEqual({
      done: 1650,
      total: 1830,
      folderNumber: 2,
      folders: 3
    })
    held.set(2, 800).set(3, 40)
    const finished = rows.map((r) => ({ ...r, state: 'done' as const }))
    expect(backfillOverall(finished, (id) => held.get(id)!)).toEqual({
      done: 1830,
      total: 1830,
      folderNumber: 3,
      folders: 3
    })
  })

  it('drops what a done folder did not fetch (purged from Trash, expunged meanwhile) from the total', () => {
    expect(backfillOverall([row(1, 'done', 100, 400)], () => 380)).toMatchObject({ done: 280, total: 280 })
  })

  it('counts a folder no batch or STATUS has counted yet as nothing to come, not as complete', () => {
    expect(backfillOverall([row(1, 'running', 500, 0)], () => 500)).toMatchObject({ done: 0, total: 0 })
  })

  it('is absent without a run', () => {
    expect(backfillOverall([], () => 0)).toBeUndefined()
  })
})

describe("a run's folders, kept in the database", () => {
  function setUp() {
    const { db } = memoryWorkspace()
    for (const id of [1, 2, 3])
      db.prepare(
        `INSERT INTO folders (id, account_id, path, name, delimiter, sync_enabled, uid_validity)
         VALUES (?, 1, ?, ?, '/', 1, 7)`
      ).run(id, `F${id}`, `F${id}`)
    return new BackfillRepository(db)
  }

  it('keeps the base a folder joined with when it is paused and resumed', () => {
    const repo = setUp()
    repo.setState(1, 'running', 0)
    repo.joinRun(1, 1, 500)
    repo.setState(1, 'paused', 1)
    repo.setState(1, 'running', 2)
    repo.joinRun(1, 1, 900)
    expect(repo.run(1)).toEqual([{ folderId: 1, state: 'running', base: 500, total: 0 }])
  })

  it('adds a folder started while others run (or wait, paused) to the same run', () => {
    const repo = setUp()
    repo.setState(1, 'running', 0)
    repo.joinRun(1, 1, 500)
    repo.setState(2, 'running', 1)
    repo.joinRun(2, 1, 40)
    repo.setState(2, 'paused', 1)
    repo.setState(1, 'done', 1)
    repo.setState(3, 'running', 2)
    repo.joinRun(3, 1, 7)
    expect(repo.run(1).map((r) => [r.folderId, r.base])).toEqual([
      [1, 500],
      [2, 40],
      [3, 7]
    ])
  })

  it('starts a new run once every folder of the last one is done', () => {
    const repo = setUp()
    repo.setState(1, 'running', 0)
    repo.joinRun(1, 1, 500)
    repo.setState(1, 'done', 1)
    repo.setState(2, 'running', 2)
    repo.joinRun(2, 1, 40)
    expect(repo.run(1).map((r) => r.folderId)).toEqual([2])
  })

  it('leaves out a folder no longer synced or gone from the server: its pause does not keep the run', () => {
    const { db } = memoryWorkspace()
    for (const id of [1, 2, 3, 4])
      db.prepare(
        `INSERT INTO folders (id, account_id, path, name, delimiter, sync_enabled, uid_validity)
         VALUES (?, 1, ?, ?, '/', 1, 7)`
      ).run(id, `F${id}`, `F${id}`)
    const repo = new BackfillRepository(db)
    for (const id of [1, 2, 3]) {
      repo.setState(id, 'running', 0)
      repo.joinRun(id, 1, 10 * id)
    }
    // The backfill loop pauses the folder of each (backfill-service.ts), resumable if it comes back.
    db.prepare('UPDATE folders SET sync_enabled = 0 WHERE id = 2').run()
    db.prepare('UPDATE folders SET on_server = 0 WHERE id = 3').run()
    repo.setState(2, 'paused', 1)
    repo.setState(3, 'paused', 1)
    repo.setState(1, 'done', 1)
    expect(repo.run(1).map((r) => r.folderId)).toEqual([1])
    // The next start is a run of its own, not one still waiting on folders that will not come.
    repo.setState(4, 'running', 2)
    repo.joinRun(4, 1, 7)
    expect(repo.run(1).map((r) => [r.folderId, r.base])).toEqual([[4, 7]])
  })

  it('keeps counting a folder the server renumbered mid-run from what the re-match found', () => {
    const repo = setUp()
    repo.setState(1, 'running', 0)
    repo.joinRun(1, 1, 500)
    repo.recordProgress(1, { done: 620, total: 2000, stored: 120 }, 1)
    const held = new Map([[1, 620]])
    const overall = () => backfillOverall(repo.run(1), (id) => held.get(id)!)
    expect(overall()).toMatchObject({ done: 120, total: 1500 })
    // Renumbered: the re-match finds 300 of the 620 (no Message-ID, gone on the new server).
    repo.followRenumbering(1, 620, 300)
    held.set(1, 300)
    // What it fetched stays counted, what it lost is to come again; not 0 until it is back at 500.
    expect(overall()).toMatchObject({ done: 120, total: 1820 })
    held.set(1, 350)
    expect(overall()).toMatchObject({ done: 170, total: 1820 })
  })

  it('counts from nothing a renumbered folder that lost more than it held when it joined', () => {
    const repo = setUp()
    repo.setState(1, 'running', 0)
    repo.joinRun(1, 1, 10)
    repo.recordProgress(1, { done: 20, total: 30, stored: 10 }, 1)
    repo.followRenumbering(1, 20, 0)
    expect(repo.run(1)).toEqual([{ folderId: 1, state: 'running', base: 0, total: 30 }])
    // The pass fetches the window again: the figure moves with it.
    expect(backfillOverall(repo.run(1), () => 10)).toMatchObject({ done: 10, total: 30 })
  })

  it('leaves a folder in no run as it is when the server renumbers it', () => {
    const repo = setUp()
    repo.setState(2, 'paused', 0)
    repo.followRenumbering(2, 50, 10)
    expect(repo.run(1)).toEqual([])
  })

  it('takes a STATUS count only for a folder no batch has counted', () => {
    const repo = setUp()
    repo.setState(1, 'running', 0)
    repo.joinRun(1, 1, 0)
    repo.recordServerCount(1, 300)
    repo.recordProgress(1, { done: 50, total: 310, stored: 50 }, 1)
    repo.recordServerCount(1, 290)
    expect(repo.run(1)[0]!.total).toBe(310)
  })
})

describe("asking the run's folders' counts before a batch", () => {
  const folder = (id: number) => ({ id, path: `F${id}` }) as FolderRecord

  it('records each answer, and stops asking after the STATUS time budget', async () => {
    const clock = { t: 0 }
    const asked: string[] = []
    const client = {
      status: (path: string) => {
        asked.push(path)
        clock.t += 900
        return Promise.resolve({ messages: 10 * asked.length })
      }
    } as unknown as ImapFlow
    const recorded: Array<[number, number]> = []
    const measured = await measureRun(
      client,
      [1, 2, 3, 4].map(folder),
      { recordServerCount: (id, n) => recorded.push([id, n]) },
      () => clock.t
    )
    // 0 ms, 900 ms, 1,800 ms: asked; at 2,700 ms the budget is spent, the fourth waits.
    expect(measured).toEqual([1, 2, 3])
    expect(recorded).toEqual([
      [1, 10],
      [2, 20],
      [3, 30]
    ])
  })

  it('leaves a folder the server will not tell about to its first batch', async () => {
    const client = { status: () => Promise.reject(new Error('NO [NOPERM]')) } as unknown as ImapFlow
    const recorded: number[] = []
    const measured = await measureRun(client, [folder(1)], { recordServerCount: (id) => recorded.push(id) })
    expect(measured).toEqual([1])
    expect(recorded).toEqual([])
  })
})
