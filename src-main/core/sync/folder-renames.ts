import type { ImapFlow, ListResponse } from 'imapflow'
import type { KnownFolder } from './folder-repository'

/** A folder with a known UIDVALIDITY that the latest listing no longer shows. */
export type VanishedFolder = { id: number; uidValidity: number; uidNext: number | null }

/** A path listed for the first time, with what STATUS says of it. */
export type NewPathStatus = { path: string; uidValidity: number; uidNext: number | null }

/**
 * Which new path is which vanished folder, renamed elsewhere: new path -> folder id.
 *
 * Dovecot and most servers keep a folder's UIDVALIDITY across RENAME, so the same value on a path
 * that just appeared, where a synced folder just disappeared, is that folder. (A server that gives
 * the renamed folder a new value is simply not matched.) A value shared by two vanished folders or
 * by two new paths matches nothing: picking one could hand one folder's stored UIDs to another
 * folder's mail, and then flags, moves and deletes would reach the wrong messages. Both are then
 * left as a deletion and a new folder, which loses nothing. So is a value a folder still listed
 * holds (`stillListed`): servers that give every folder the same UIDVALIDITY match nothing at all.
 * UIDNEXT is checked too, against servers that number many folders alike: UIDs never go backwards
 * within one UIDVALIDITY, so a new path whose UIDNEXT is below the one stored is a different folder.
 */
export function matchRenames(
  vanished: VanishedFolder[],
  fresh: NewPathStatus[],
  stillListed: ReadonlySet<number> = new Set()
): Map<string, number> {
  const renames = new Map<string, number>()
  for (const status of fresh) {
    const sources = vanished.filter((v) => v.uidValidity === status.uidValidity)
    const rivals = fresh.filter((f) => f.uidValidity === status.uidValidity)
    const [source] = sources
    if (!source || sources.length !== 1 || rivals.length !== 1) continue
    if (stillListed.has(status.uidValidity)) continue
    if (source.uidNext !== null && status.uidNext !== null && status.uidNext < source.uidNext) continue
    renames.set(status.path, source.id)
  }
  return renames
}

/** Parents a server lists only to show the hierarchy cannot be selected, nor asked for STATUS. */
const NOT_A_MAILBOX = ['\\Noselect', '\\NonExistent']

/**
 * The renames behind this listing, from a STATUS of each new path (or the listing's own, with
 * LIST-STATUS). Nothing is asked of the server unless a known folder vanished and a path is new,
 * so the pass every two minutes costs nothing more. Folders never synced are known by the
 * UIDVALIDITY their last listing gave, where the server has LIST-STATUS.
 */
export async function findRenames(
  client: ImapFlow,
  known: KnownFolder[],
  listed: ListResponse[]
): Promise<Map<string, number>> {
  const listedPaths = new Set(listed.map((f) => f.path))
  const knownPaths = new Set(known.map((f) => f.path))
  const vanished: VanishedFolder[] = known.flatMap((f) =>
    f.onServer && f.uidValidity !== null && !listedPaths.has(f.path)
      ? [{ id: f.id, uidValidity: f.uidValidity, uidNext: f.uidNext }]
      : []
  )
  if (vanished.length === 0) return new Map()
  const candidates = listed.filter(
    (f) => !knownPaths.has(f.path) && !NOT_A_MAILBOX.some((flag) => f.flags.has(flag))
  )
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
  if (!client.usable) throw new Error('The connection closed while looking for renamed folders')
  return matchRenames(vanished, fresh, stillListedValues(known, listed))
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

/** The UIDVALIDITY values of folders the listing still shows: from the listing, else as stored. */
function stillListedValues(known: KnownFolder[], listed: ListResponse[]): Set<number> {
  const byPath = new Map(listed.map((f) => [f.path, f]))
  const values = new Set<number>()
  for (const folder of known) {
    const entry = byPath.get(folder.path)
    if (!entry) continue
    const value =
      entry.status?.uidValidity !== undefined ? Number(entry.status.uidValidity) : folder.uidValidity
    if (value !== null) values.add(value)
  }
  return values
}
