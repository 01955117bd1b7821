import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { ConnectionLost } from '../../src-main/core/mail-server/server-errors'
import { recordServerFolders } from '../../src-main/core/sync/folder-listing'
import { feasibleMoves, matchRenames } from '../../src-main/core/sync/folder-renames'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { memoryWorkspace } from './fixtures/workspace'
import { openSessionState } from '../support/fake-session-state'

describe('matching a vanished folder to a new path (rename elsewhere)', () => {
  const vanished = [
    { id: 1, uidValidity: 100, uidNext: 5 },
    { id: 2, uidValidity: 101, uidNext: 3 }
  ]

  it('takes the new path with a vanished folder’s UIDVALIDITY for that folder, a parent and its child alike', () => {
    const renames = matchRenames(vanished, [
      { path: 'Customers/Projects', uidValidity: 100, uidNext: 5 },
      { path: 'Customers', uidValidity: 101, uidNext: 4 },
      { path: 'Unrelated', uidValidity: 200, uidNext: 1 }
    ])
    expect([...renames]).toEqual([
      ['Customers/Projects', 1],
      ['Customers', 2]
    ])
  })

  it('matches nothing when two vanished folders share the value', () => {
    const twins = [...vanished, { id: 3, uidValidity: 100, uidNext: 1 }]
    expect(matchRenames(twins, [{ path: 'Renamed', uidValidity: 100, uidNext: 9 }]).size).toBe(0)
  })

  it('matches nothing when two new paths share the value', () => {
    const fresh = [
      { path: 'One', uidValidity: 100, uidNext: 9 },
      { path: 'Two', uidValidity: 100, uidNext: 9 }
    ]
    expect(matchRenames(vanished, fresh).size).toBe(0)
  })

  it('matches nothing when the new path’s UIDNEXT is below the one stored, and trusts an unknown one', () => {
    expect(matchRenames(vanished, [{ path: 'Renamed', uidValidity: 100, uidNext: 4 }]).size).toBe(0)
    expect([...matchRenames(vanished, [{ path: 'Renamed', uidValidity: 100, uidNext: null }])]).toEqual([
      ['Renamed', 1]
    ])
  })
})

describe('which renames can be written together', () => {
  const rows = [
    { id: 1, path: 'A', onServer: true },
    { id: 2, path: 'B', onServer: true },
    { id: 3, path: 'C', onServer: true },
    { id: 4, path: 'Gone', onServer: false }
  ]

  it('writes a swap and a chain, whose new paths are left by rows that move on', () => {
    const swap = new Map([
      ['B', 1],
      ['A', 2]
    ])
    expect(feasibleMoves(rows, swap)).toEqual(swap)
    const chain = new Map([
      ['B', 1],
      ['C', 2],
      ['D', 3]
    ])
    expect(feasibleMoves(rows, chain)).toEqual(chain)
  })

  it('drops a row moved to two paths', () => {
    expect(
      feasibleMoves(
        rows,
        new Map([
          ['D', 1],
          ['E', 1]
        ])
      ).size
    ).toBe(0)
  })

  it('drops a move onto a path whose row stays, every move that needed it, and moves of rows gone', () => {
    // A onto B, B onto C, but C stays: neither B nor A is free any more.
    const blocked = new Map([
      ['B', 1],
      ['C', 2],
      ['E', 4]
    ])
    expect(feasibleMoves(rows, blocked).size).toBe(0)
  })

  it('writes a move onto the path of a row already gone from the server', () => {
    expect(feasibleMoves(rows, new Map([['Gone', 1]]))).toEqual(new Map([['Gone', 1]]))
  })
})

/** A session with a fixed folder list, STATUS answers by path, and a record of what was asked. */
/** A server without LIST-STATUS, unless `listStatus` gives each path's UIDVALIDITY in the listing. */
function fakeServer(
  paths: Array<{ path: string; flags?: string[] }>,
  status: Record<string, object | false>,
  listStatus?: Record<string, { uidValidity: number; uidNext?: number }>,
  extraCapabilities: string[] = []
) {
  const asked: string[] = []
  const listOptions: unknown[] = []
  const client = {
    ...openSessionState(),
    capabilities: new Map(
      [...(listStatus ? ['LIST-STATUS'] : []), ...extraCapabilities].map((c) => [c, true])
    ),
    // Like a LIST-STATUS answer: only the items asked for.
    list: async (options?: { statusQuery?: { uidValidity?: boolean; uidNext?: boolean } }) => {
      listOptions.push(options)
      return paths.map((p) => ({
        path: p.path,
        name: p.path.split('/').pop()!,
        delimiter: '/',
        flags: new Set(p.flags ?? []),
        ...(options?.statusQuery?.uidValidity && listStatus?.[p.path]
          ? {
              status: {
                path: p.path,
                uidValidity: BigInt(listStatus[p.path]!.uidValidity),
                ...(options.statusQuery.uidNext ? { uidNext: listStatus[p.path]!.uidNext } : {})
              }
            }
          : {})
      }))
    },
    status: async (path: string) => {
      asked.push(path)
      if (!(path in status)) throw new Error(`STATUS ${path} was not expected`)
      return status[path]
    }
  }
  return { client, asked, listOptions, session: client as unknown as ImapFlow }
}

describe('recording a listing with a folder renamed elsewhere', () => {
  /** An account that synced Projects (UIDVALIDITY 7, UIDNEXT 10) and INBOX. */
  function synced() {
    const folders = new FolderRepository(memoryWorkspace().db)
    folders.upsertListed(1, [
      { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
      { path: 'Projects', name: 'Projects', delimiter: '/', specialUse: null }
    ])
    const projects = folders.list(1).find((f) => f.path === 'Projects')!
    folders.setSync(projects.id, true)
    folders.recordPassComplete(projects.id, { uidValidity: 7, uidNext: 10, highestModseq: '42' })
    return { folders, projects: folders.get(projects.id) }
  }

  it('asks no STATUS when no synced folder vanished, though a path is new', async () => {
    const { folders } = synced()
    const server = fakeServer([{ path: 'INBOX' }, { path: 'Projects' }, { path: 'New' }], {})
    await recordServerFolders(server.session, folders, 1)
    expect(server.asked).toEqual([])
    expect(folders.list(1).map((f) => f.path)).toEqual(['INBOX', 'New', 'Projects'])
  })

  it('moves the row to the new path, skipping STATUS of a parent that is no mailbox', async () => {
    const { folders, projects } = synced()
    const server = fakeServer(
      [{ path: 'INBOX' }, { path: 'Clients', flags: ['\\Noselect'] }, { path: 'Clients/Projects' }],
      { 'Clients/Projects': { path: 'Clients/Projects', uidValidity: 7n, uidNext: 12 } }
    )
    await recordServerFolders(server.session, folders, 1)
    expect(server.asked).toEqual(['Clients/Projects'])
    expect(folders.get(projects.id)).toEqual({ ...projects, path: 'Clients/Projects', name: 'Projects' })
    expect(folders.synced(1).map((f) => f.path)).toEqual(['INBOX', 'Clients/Projects'])
    // Clients holds no mail (\Noselect): not a folder to offer.
    expect(folders.list(1).map((f) => f.path)).toEqual(['Clients/Projects', 'INBOX'])
  })

  it('writes nothing when the connection drops during STATUS, so the next listing finds the rename', async () => {
    const { folders, projects } = synced()
    const server = fakeServer([{ path: 'INBOX' }, { path: 'Renamed' }], { Renamed: false })
    server.client.status = async (path: string) => {
      server.asked.push(path)
      server.client.usable = false
      return false
    }
    await expect(recordServerFolders(server.session, folders, 1)).rejects.toBeInstanceOf(ConnectionLost)
    expect(folders.known(1).map((f) => [f.path, f.onServer])).toEqual([
      ['INBOX', true],
      ['Projects', true]
    ])
    expect(folders.get(projects.id)).toEqual(projects)
  })

  it('follows a folder never synced through a rename by the UIDVALIDITY of its listings, asking no STATUS', async () => {
    const folders = new FolderRepository(memoryWorkspace().db)
    const first = fakeServer(
      [{ path: 'INBOX' }, { path: 'Leads' }],
      {},
      {
        INBOX: { uidValidity: 3 },
        Leads: { uidValidity: 9 }
      }
    )
    await recordServerFolders(first.session, folders, 1)
    const leads = folders.list(1).find((f) => f.path === 'Leads')!
    folders.setSync(leads.id, true)
    const renamed = fakeServer(
      [{ path: 'INBOX' }, { path: 'Sales/Leads' }],
      {},
      { INBOX: { uidValidity: 3 }, 'Sales/Leads': { uidValidity: 9 } }
    )
    await recordServerFolders(renamed.session, folders, 1)
    expect(renamed.asked).toEqual([])
    expect(folders.get(leads.id)).toMatchObject({ path: 'Sales/Leads', syncEnabled: true, onServer: true })
    expect(folders.list(1).map((f) => f.path)).toEqual(['INBOX', 'Sales/Leads'])
  })

  it("checks a synced folder's match against the UIDNEXT the listing carries", async () => {
    const { folders, projects } = synced()
    // Same UIDVALIDITY, but UIDs behind what Rapport already has (10): another folder.
    const server = fakeServer(
      [{ path: 'INBOX' }, { path: 'Other' }],
      {},
      {
        INBOX: { uidValidity: 3, uidNext: 1 },
        Other: { uidValidity: 7, uidNext: 4 }
      }
    )
    await recordServerFolders(server.session, folders, 1)
    expect(server.asked).toEqual([])
    expect(folders.get(projects.id)).toMatchObject({ path: 'Projects', onServer: false })
  })

  /** Synced folders A (UIDVALIDITY 11), B (12) and C (13), each with mail up to UID 5, and INBOX. */
  function syncedTrio() {
    const ws = memoryWorkspace()
    const folders = new FolderRepository(ws.db)
    const paths = ['INBOX', 'A', 'B', 'C']
    // Listed with LIST-STATUS, as the passes that synced them did.
    folders.upsertListed(
      1,
      paths.map((path, i) => ({ path, name: path, delimiter: '/', specialUse: null, uidValidity: 10 + i }))
    )
    const ids: Record<string, number> = {}
    paths.forEach((path, i) => {
      const id = folders.list(1).find((f) => f.path === path)!.id
      folders.setSync(id, true)
      folders.recordPassComplete(id, { uidValidity: 10 + i, uidNext: 6, highestModseq: null })
      ids[path] = id
    })
    const pathOf = (path: string) => folders.get(ids[path]!).path
    return { ws, folders, pathOf }
  }

  /** A LIST-STATUS listing: path -> UIDVALIDITY, each with UIDNEXT 6. */
  const listing = (values: Record<string, number>) =>
    fakeServer(
      Object.keys(values).map((path) => ({ path })),
      {},
      Object.fromEntries(Object.entries(values).map(([path, v]) => [path, { uidValidity: v, uidNext: 6 }]))
    )

  it('follows two folders that swapped names, each keeping its id, choice and state', async () => {
    const { folders, pathOf } = syncedTrio()
    const before = folders.synced(1)
    const server = listing({ INBOX: 10, A: 12, B: 11, C: 13 })
    await recordServerFolders(server.session, folders, 1)
    expect(server.asked).toEqual([])
    expect([pathOf('A'), pathOf('B'), pathOf('C')]).toEqual(['B', 'A', 'C'])
    const after = folders.synced(1)
    expect(after).toHaveLength(before.length)
    for (const folder of before)
      expect(after.find((f) => f.id === folder.id)).toMatchObject({
        uidValidity: folder.uidValidity,
        uidNext: folder.uidNext,
        syncEnabled: true,
        onServer: true
      })
  })

  it('follows a chain of renames: A to B while B went to C and C to a new path', async () => {
    const { folders, pathOf } = syncedTrio()
    await recordServerFolders(listing({ INBOX: 10, B: 11, C: 12, D: 13 }).session, folders, 1)
    expect([pathOf('A'), pathOf('B'), pathOf('C')]).toEqual(['B', 'C', 'D'])
    expect(folders.list(1).map((f) => f.path)).toEqual(['B', 'C', 'D', 'INBOX'])
  })

  it('leaves a folder renamed onto the path of a deleted one to the UIDVALIDITY check', async () => {
    const { folders, pathOf } = syncedTrio()
    // B deleted, then A renamed to B: the B row stays at its path, A's row is gone from the server.
    await recordServerFolders(listing({ INBOX: 10, B: 11, C: 13 }).session, folders, 1)
    expect([pathOf('A'), pathOf('B'), pathOf('C')]).toEqual(['A', 'B', 'C'])
    expect(folders.list(1).find((f) => f.path === 'A')).toMatchObject({ onServer: false })
  })

  it('follows a folder renamed onto the path of one deleted a listing before; that row, holding no mail, goes', async () => {
    const { folders, pathOf } = syncedTrio()
    const b = folders.list(1).find((f) => f.path === 'B')!
    await recordServerFolders(listing({ INBOX: 10, A: 11, C: 13 }).session, folders, 1)
    expect(folders.get(b.id)).toMatchObject({ path: 'B', onServer: false })
    await recordServerFolders(listing({ INBOX: 10, B: 11, C: 13 }).session, folders, 1)
    expect(pathOf('A')).toBe('B')
    expect(folders.list(1).find((f) => f.path === 'B')).toMatchObject({
      onServer: true,
      syncEnabled: true,
      uidValidity: 11
    })
    expect(folders.find(b.id)).toBeNull()
  })

  it('keeps the row of a deleted folder that still holds mail when another is renamed onto its path', async () => {
    const { ws, folders, pathOf } = syncedTrio()
    const b = folders.list(1).find((f) => f.path === 'B')!
    // Mail Rapport keeps of B (synced there before B was deleted elsewhere).
    ws.db.pragma('foreign_keys = OFF')
    ws.db
      .prepare(
        'INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid) VALUES (1, ?, 12, 3)'
      )
      .run(b.id)
    await recordServerFolders(listing({ INBOX: 10, A: 11, C: 13 }).session, folders, 1)
    await recordServerFolders(listing({ INBOX: 10, B: 11, C: 13 }).session, folders, 1)
    expect(pathOf('A')).toBe('B')
    expect(folders.get(b.id)).toMatchObject({ onServer: false, uidValidity: 12 })
    expect(folders.get(b.id).path).not.toBe('B')
    expect(folders.localCount(b.id, 12)).toBe(1)
    // Never listed at that path, it is not revived by a listing either.
    await recordServerFolders(listing({ INBOX: 10, B: 11, C: 13 }).session, folders, 1)
    expect(folders.get(b.id)).toMatchObject({ onServer: false })
  })

  it('leaves a folder the server renumbered at its path, for the UIDVALIDITY check', async () => {
    const { folders, pathOf } = syncedTrio()
    await recordServerFolders(listing({ INBOX: 10, A: 99, B: 12, C: 13 }).session, folders, 1)
    expect([pathOf('A'), pathOf('B'), pathOf('C')]).toEqual(['A', 'B', 'C'])
    expect(folders.list(1).find((f) => f.path === 'A')).toMatchObject({ onServer: true })
  })

  it('moves neither folder of a swap when one of them fails the UIDNEXT check', async () => {
    const { folders, pathOf } = syncedTrio()
    const server = fakeServer(
      [{ path: 'INBOX' }, { path: 'A' }, { path: 'B' }, { path: 'C' }],
      {},
      {
        INBOX: { uidValidity: 10, uidNext: 6 },
        A: { uidValidity: 12, uidNext: 6 },
        // B's new holder is behind A's stored UIDs: not A.
        B: { uidValidity: 11, uidNext: 3 },
        C: { uidValidity: 13, uidNext: 6 }
      }
    )
    await recordServerFolders(server.session, folders, 1)
    expect([pathOf('A'), pathOf('B'), pathOf('C')]).toEqual(['A', 'B', 'C'])
  })

  it('does not take a folder whose stored UIDVALIDITY went stale while it was not synced for moved', async () => {
    const { folders, pathOf } = syncedTrio()
    // A is no longer synced, and the server renumbered it to 50 meanwhile: the listing says so.
    folders.setSync(folders.list(1).find((f) => f.path === 'A')!.id, false)
    await recordServerFolders(listing({ INBOX: 10, A: 50, B: 12, C: 13 }).session, folders, 1)
    // Later a new folder shows A's old value: still A's row stays where A is listed.
    await recordServerFolders(listing({ INBOX: 10, A: 50, B: 12, C: 13, New: 11 }).session, folders, 1)
    expect(pathOf('A')).toBe('A')
    expect(folders.list(1).map((f) => f.path)).toEqual(['A', 'B', 'C', 'INBOX', 'New'])
  })

  it('follows a swap of folders never synced, by the values of their listings', async () => {
    const folders = new FolderRepository(memoryWorkspace().db)
    await recordServerFolders(listing({ INBOX: 10, Leads: 21, Clients: 22 }).session, folders, 1)
    const idOf = (path: string) => folders.list(1).find((f) => f.path === path)!.id
    const leads = idOf('Leads')
    folders.setSync(leads, true)
    await recordServerFolders(listing({ INBOX: 10, Leads: 22, Clients: 21 }).session, folders, 1)
    expect(folders.get(leads)).toMatchObject({ path: 'Clients', syncEnabled: true })
    expect(folders.get(idOf('Leads'))).toMatchObject({ syncEnabled: false })
  })

  it('never moves INBOX, though its UIDVALIDITY changed and a new path shows the old one', async () => {
    const { folders, pathOf } = syncedTrio()
    await recordServerFolders(listing({ INBOX: 99, A: 11, B: 12, C: 13, Old: 10 }).session, folders, 1)
    expect(pathOf('INBOX')).toBe('INBOX')
  })

  /** A folder listed with UIDVALIDITY 9, chosen for sync but never synced. */
  async function unsyncedLeads(values: Record<string, number>) {
    const ws = memoryWorkspace()
    const folders = new FolderRepository(ws.db)
    const listing = Object.fromEntries(Object.entries(values).map(([path, v]) => [path, { uidValidity: v }]))
    await recordServerFolders(
      fakeServer([{ path: 'INBOX' }, { path: 'Leads' }], {}, listing).session,
      folders,
      1
    )
    const leads = folders.list(1).find((f) => f.path === 'Leads')!
    folders.setSync(leads.id, true)
    return { ws, folders, leads }
  }

  it('matches nothing on a server that gives every folder the same UIDVALIDITY', async () => {
    const { folders, leads } = await unsyncedLeads({ INBOX: 1, Leads: 1 })
    // Leads deleted and an unrelated folder created: same value as INBOX, which is still there.
    const server = fakeServer(
      [{ path: 'INBOX' }, { path: 'Other' }],
      {},
      { INBOX: { uidValidity: 1 }, Other: { uidValidity: 1 } }
    )
    await recordServerFolders(server.session, folders, 1)
    expect(folders.get(leads.id)).toMatchObject({ path: 'Leads', onServer: false })
    expect(folders.list(1).find((f) => f.path === 'Other')).toMatchObject({ syncEnabled: false })
  })

  it('does not match a never-synced folder holding moved mail to a new path whose UIDNEXT is below it', async () => {
    const { ws, folders, leads } = await unsyncedLeads({ INBOX: 3, Leads: 9 })
    // Mail moved into Leads (by Rapport, so with real UIDs) although Leads itself never synced.
    ws.db.pragma('foreign_keys = OFF')
    ws.db
      .prepare(
        'INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid) VALUES (1, ?, 9, 20)'
      )
      .run(leads.id)
    const server = fakeServer(
      [{ path: 'INBOX' }, { path: 'Elsewhere' }],
      {},
      {
        INBOX: { uidValidity: 3, uidNext: 1 },
        Elsewhere: { uidValidity: 9, uidNext: 5 }
      }
    )
    await recordServerFolders(server.session, folders, 1)
    expect(folders.get(leads.id)).toMatchObject({ path: 'Leads', onServer: false })
  })

  it('asks no status in the listing where imapflow would send a STATUS per folder for it', async () => {
    const folders = new FolderRepository(memoryWorkspace().db)
    // XLIST without SPECIAL-USE: imapflow lists with XLIST, which carries no status.
    const server = fakeServer([{ path: 'INBOX' }], {}, { INBOX: { uidValidity: 3 } }, ['XLIST'])
    await recordServerFolders(server.session, folders, 1)
    expect(server.listOptions).toEqual([undefined])
    const refused = fakeServer([{ path: 'INBOX' }], {}, { INBOX: { uidValidity: 3 } })
    Object.assign(refused.client, { skipListStatusArgs: true })
    await recordServerFolders(refused.session, folders, 1)
    expect(refused.listOptions).toEqual([undefined])
  })

  it('forgets a listed UIDVALIDITY that a later listing with status no longer gives, and keeps it through one without', async () => {
    const { folders, leads } = await unsyncedLeads({ INBOX: 3, Leads: 9 })
    const valueOfLeads = () => folders.known(1).find((f) => f.id === leads.id)!.uidValidity
    // A listing without LIST-STATUS says nothing about it: kept.
    await recordServerFolders(fakeServer([{ path: 'INBOX' }, { path: 'Leads' }], {}).session, folders, 1)
    expect(valueOfLeads()).toBe(9)
    // One with status but none for Leads (say, no longer selectable): stale, so dropped.
    const listing = { INBOX: { uidValidity: 3 } }
    await recordServerFolders(
      fakeServer([{ path: 'INBOX' }, { path: 'Leads' }], {}, listing).session,
      folders,
      1
    )
    expect(valueOfLeads()).toBeNull()
  })
})
