import type { ImapFlow, ListResponse } from 'imapflow'
import { fetchMessages, lockFolder, sessionLost, sessionOpen } from '../mail-server/guarded-commands'
import { headerMessageIds } from './message-id-search'
import type { KnownFolder } from './folder-repository'
import { toSequenceSet } from './uid-plan'

/**
 * A folder with a known UIDVALIDITY that left its path: the latest listing no longer shows the
 * path, or (with LIST-STATUS) shows another UIDVALIDITY there, as after a swap or a chain of renames.
 */
export type DisplacedFolder = { id: number; uidValidity: number; uidNext: number | null }

/** A message Rapport has at a UID of a folder, to check a rename against. */
export type RenameSample = { uid: number; messageId: string }

/** A path listed for the first time, or holding another folder now, with what STATUS says of it. */
export type NewPathStatus = { path: string; uidValidity: number; uidNext: number | null }

/**
 * Which new path is which displaced folder, renamed elsewhere: new path -> folder id.
 *
 * Dovecot and most servers keep a folder's UIDVALIDITY across RENAME, so the same value on a path
 * that just appeared, where a synced folder just disappeared, is that folder. (A server that gives
 * the renamed folder a new value is simply not matched.) A value shared by two displaced folders or
 * by two new paths matches nothing: picking one could hand one folder's stored UIDs to another
 * folder's mail, and then flags, moves and deletes would reach the wrong messages. Both are then
 * left as a deletion and a new folder, which loses nothing. So is a value another folder still
 * listed holds (`stillListed`): servers that give every folder the same UIDVALIDITY match nothing.
 * UIDNEXT is checked too, against servers that number many folders alike: UIDs never go backwards
 * within one UIDVALIDITY, so a new path whose UIDNEXT is below the one stored is a different folder.
 */
export function matchRenames(
  displaced: DisplacedFolder[],
  fresh: NewPathStatus[],
  stillListed: ReadonlySet<number> = new Set()
): Map<string, number> {
  const renames = new Map<string, number>()
  for (const status of fresh) {
    const sources = displaced.filter((v) => v.uidValidity === status.uidValidity)
    const rivals = fresh.filter((f) => f.uidValidity === status.uidValidity)
    const [source] = sources
    if (!source || sources.length !== 1 || rivals.length !== 1) continue
    if (stillListed.has(status.uidValidity)) continue
    if (source.uidNext !== null && status.uidNext !== null && status.uidNext < source.uidNext) continue
    renames.set(status.path, source.id)
  }
  return renames
}

/**
 * The renames behind this listing (of folders that can hold mail), from a STATUS of each new path (or the listing's own, with
 * LIST-STATUS). Nothing is asked of the server unless a known folder left its path and a path is
 * new, so the pass every two minutes costs nothing more. Folders never synced are known by the
 * UIDVALIDITY their last listing gave, where the server has LIST-STATUS; there, a path that shows
 * another folder's UIDVALIDITY than before is followed too, so swaps and chains of renames (A to B
 * while B went to C) keep every folder. Whether the moves fit together is checked when they are
 * written (feasibleMoves).
 */
export async function findRenames(
  client: ImapFlow,
  known: KnownFolder[],
  listed: ListResponse[],
  samplesOf: (folder: KnownFolder) => RenameSample[] = () => []
): Promise<Map<string, number>> {
  const listedByPath = new Map(listed.map((f) => [f.path, f]))
  const knownByPath = new Map(known.map((f) => [f.path, f]))
  const leftItsPath = (f: KnownFolder): boolean => {
    if (!f.onServer || f.uidValidity === null) return false
    const entry = listedByPath.get(f.path)
    if (!entry) return true
    // Another value at the path than the last listing gave, where that listing showed this
    // folder: a row whose stored value is stale (a folder reset on the server while it was not
    // synced) is not taken for moved on every listing. INBOX is never moved: the server keeps one,
    // and a changed value there is a new UIDVALIDITY.
    const value = listedUidValidity(entry)
    return (
      value !== null &&
      f.listedUidValidity === f.uidValidity &&
      value !== f.listedUidValidity &&
      f.path.toUpperCase() !== 'INBOX'
    )
  }
  const displaced: DisplacedFolder[] = known.flatMap((f) =>
    leftItsPath(f) ? [{ id: f.id, uidValidity: f.uidValidity!, uidNext: f.uidNext }] : []
  )
  if (displaced.length === 0) return new Map()
  // A path whose row is gone from the server (a folder deleted at an earlier listing) is as new
  // as one never seen: a folder renamed onto that name since is followed there too.
  const isCandidate = (f: ListResponse) => {
    const holder = knownByPath.get(f.path)
    return !holder || !holder.onServer || leftItsPath(holder)
  }
  const candidates = listed.filter(isCandidate)
  if (candidates.length === 0) return new Map()
  const fresh: NewPathStatus[] = []
  for (const folder of candidates) {
    // A listing with LIST-STATUS already carries it; otherwise one STATUS per new path.
    const status =
      folder.status?.uidValidity !== undefined ? folder.status : await statusOf(client, folder.path)
    if (status?.uidValidity !== undefined) {
      fresh.push({
        path: folder.path,
        uidValidity: Number(status.uidValidity),
        uidNext: status.uidNext ?? null
      })
    }
  }
  // imapflow answers a STATUS lost with the connection as a refused one (false). Recording the
  // listing without its renames would mark the folder gone for good; thrown, the pass fails before
  // writing anything and the next one sees the same rename again.
  if (!sessionOpen(client)) throw sessionLost(client)
  const stayed = listed.filter((f) => !isCandidate(f))
  const matches = matchRenames(displaced, fresh, stillListedValues(knownByPath, stayed))
  const byId = new Map(known.map((f) => [f.id, f]))
  for (const [path, id] of matches)
    if (!(await holdsSameMail(client, path, samplesOf(byId.get(id)!)))) matches.delete(path)
  return matches
}

/**
 * A match by UIDVALIDITY and UIDNEXT is still a guess: a server may give a new folder the value
 * a deleted one had, and then the stored UIDs would point at another folder's mail (its own mail
 * never fetched, flags and moves reaching the wrong messages). So a few of them are fetched at
 * the new path first: one holding another message than Rapport has at that UID refutes the
 * match, which then stays a deletion and a new folder (nothing is lost). A UID missing there
 * proves nothing: mail is deleted after a rename too.
 */
async function holdsSameMail(client: ImapFlow, path: string, samples: RenameSample[]): Promise<boolean> {
  if (samples.length === 0) return true
  const found: Array<{ uid: number; messageIds: string[] }> = []
  try {
    const lock = await lockFolder(client, path, { readOnly: true })
    try {
      const query = { uid: true, headers: ['message-id'] }
      for await (const m of fetchMessages(client, toSequenceSet(samples.map((s) => s.uid)), query)) {
        found.push({ uid: m.uid, messageIds: headerMessageIds(m.headers) })
      }
    } finally {
      lock.release()
    }
  } catch (error) {
    // Gone again, or not selectable: not followed. A lost connection fails the listing instead.
    if (!sessionOpen(client)) throw error
    return false
  }
  const expected = new Map(samples.map((s) => [s.uid, s.messageId]))
  return found.every((m) => !expected.has(m.uid) || m.messageIds.includes(expected.get(m.uid)!))
}

/**
 * The moves that can be made: each row still on the server and moved once, each new path free or
 * left by a row that moves on too (a swap, a chain). A move into a path whose row stays (A renamed
 * onto a folder B deleted in the same listing) is dropped, and with it any move that needed it,
 * repeatedly: those folders are then left as a deletion and a new folder, as without LIST-STATUS.
 * A path held by a row already gone from the server counts as free: the caller moves that row
 * aside first (FolderRepository.upsertListed).
 */
export function feasibleMoves(
  rows: Array<{ id: number; path: string; onServer: boolean }>,
  renamed: ReadonlyMap<string, number>
): Map<string, number> {
  const onServer = new Set(rows.filter((r) => r.onServer).map((r) => r.id))
  const holderOf = new Map(rows.filter((r) => r.onServer).map((r) => [r.path, r.id]))
  const targets = [...renamed.values()]
  const once = (id: number) => targets.indexOf(id) === targets.lastIndexOf(id)
  let moves = new Map([...renamed].filter(([, id]) => onServer.has(id) && once(id)))
  for (;;) {
    const leaving = new Set(moves.values())
    const next = new Map(
      [...moves].filter(([path]) => {
        const holder = holderOf.get(path)
        return holder === undefined || leaving.has(holder)
      })
    )
    if (next.size === moves.size) return next
    moves = next
  }
}

/** The UIDVALIDITY a LIST-STATUS listing gives a path, or null without one. */
function listedUidValidity(entry: ListResponse): number | null {
  return entry.status?.uidValidity !== undefined ? Number(entry.status.uidValidity) : null
}

/** STATUS of one path, or null when the server refuses it or the folder is gone again already. */
async function statusOf(client: ImapFlow, path: string) {
  try {
    return (await client.status(path, { uidValidity: true, uidNext: true })) || null
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFound') return null
    throw error
  }
}

/** The UIDVALIDITY values of the known folders still at their path: from the listing, else as stored. */
function stillListedValues(knownByPath: Map<string, KnownFolder>, stayed: ListResponse[]): Set<number> {
  const values = new Set<number>()
  for (const entry of stayed) {
    const folder = knownByPath.get(entry.path)
    if (!folder) continue
    const value = listedUidValidity(entry) ?? folder.uidValidity
    if (value !== null) values.add(value)
  }
  return values
}
