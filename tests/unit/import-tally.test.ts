// What a folder will hold once a pass has imported it, worked out from its STATUS before the pass
// opens it: the same figure planUids comes to, so the account's overall total does not move as
// each folder starts.
import { describe, expect, it } from 'vitest'
import type { ImapFlow } from 'imapflow'
import { expectedTotal, ImportTally } from '../../src-main/core/sync/import-tally'
import type { FolderRecord } from '../../src-main/core/sync/folder-repository'

const neverSynced = { uidValidity: null, uidNext: null }
const synced = { uidValidity: 7, uidNext: 1001 }

describe('a folder expected total', () => {
  it('is the newest N of a folder never synced, or all of it', () => {
    expect(expectedTotal(neverSynced, 0, { messages: 8000, uidNext: 8001, uidValidity: 7n }, 500)).toBe(500)
    expect(expectedTotal(neverSynced, 0, { messages: 300, uidNext: 301, uidValidity: 7n }, 500)).toBe(300)
    expect(expectedTotal(neverSynced, 0, { messages: 8000, uidNext: 8001, uidValidity: 7n }, 'all')).toBe(
      8000
    )
  })

  it('counts the mail a resumed import stored as part of the folder', () => {
    const resumed = { uidValidity: 7, uidNext: null }
    expect(expectedTotal(resumed, 4525, { messages: 8000, uidNext: 8001, uidValidity: 7n }, 'all')).toBe(8000)
  })

  it('adds new mail in full to a folder already at its window', () => {
    expect(expectedTotal(synced, 500, { messages: 1010, uidNext: 1011, uidValidity: 7n }, 500)).toBe(510)
  })

  it('does not count UIDs taken by mail expunged again as new mail', () => {
    // 10 UIDs taken since the last pass, 6 of them expunged again: 4 new messages.
    expect(expectedTotal(synced, 300, { messages: 304, uidNext: 1011, uidValidity: 7n }, 500)).toBe(304)
  })

  it('fills a deeper window below the new mail', () => {
    expect(expectedTotal(synced, 500, { messages: 1010, uidNext: 1011, uidValidity: 7n }, 800)).toBe(800)
  })

  it('starts a renumbered folder over, never below what it holds until its pass comes', () => {
    expect(expectedTotal(synced, 500, { messages: 600, uidNext: 601, uidValidity: 8n }, 'all')).toBe(600)
    expect(expectedTotal(synced, 500, { messages: 100, uidNext: 101, uidValidity: 8n }, 'all')).toBe(500)
  })
})

describe("asking the folders' counts before an import", () => {
  const folder = (id: number) =>
    ({ id, path: `F${id}`, uidValidity: null, uidNext: null, openError: null }) as FolderRecord
  const repository = { localCount: () => 0, passedOnce: () => false }
  /** A server answering STATUS, each one taking `ms` on the clock. */
  const server = (ms: number, clock: { t: number }) => {
    const asked: string[] = []
    const client = {
      status: (path: string) => {
        asked.push(path)
        clock.t += ms
        return Promise.resolve({ messages: 10, uidNext: 11, uidValidity: 1n })
      }
    } as unknown as ImapFlow
    return { client, asked }
  }

  it('asks every folder when the server answers quickly', async () => {
    const clock = { t: 0 }
    const { client, asked } = server(10, clock)
    const tally = await ImportTally.gather(
      client,
      [1, 2, 3].map(folder),
      'all',
      repository,
      undefined,
      () => clock.t
    )
    expect(asked).toEqual(['F1', 'F2', 'F3'])
    expect(tally!.overall()).toMatchObject({ done: 0, total: 30, folders: 3 })
  })

  it('stops asking after its time budget: 200 folders at 150 ms each held the first message 30 s', async () => {
    const clock = { t: 0 }
    const { client, asked } = server(150, clock)
    const synced = Array.from({ length: 200 }, (_, i) => folder(i + 1))
    const tally = await ImportTally.gather(client, synced, 'all', repository, undefined, () => clock.t)
    expect(asked.length).toBeLessThan(20)
    // The folders not asked count what they hold (nothing yet) until their pass plans them.
    expect(tally!.overall()).toMatchObject({ total: asked.length * 10, folders: 200 })
  })

  it('stops, with the pass, once the pass is no longer wanted (the account paused)', async () => {
    const clock = { t: 0 }
    const { client, asked } = server(10, clock)
    const paused = () => {
      if (asked.length >= 1) throw new Error('paused')
    }
    await expect(
      ImportTally.gather(client, [1, 2, 3].map(folder), 'all', repository, paused)
    ).rejects.toThrow('paused')
    expect(asked).toEqual(['F1'])
  })
})
