import type { ImapFlow } from 'imapflow'
import type { ImportLimit, SyncProgress } from '../../../src-preload/contract'
import type { FolderRecord, FolderRepository } from './folder-repository'

export type Overall = NonNullable<SyncProgress['overall']>

/** How long a pass (or a backfill's batch) may hold the account's lane asking folders' counts. */
const GATHER_BUDGET_MS = 2_000

/** One folder's share: mail it held at the start, stored since, and what it will hold. */
export type Share = { base: number; fetched: number; total: number }

export type FolderStatus = { messages?: number; uidNext?: number; uidValidity?: bigint | number }

/**
 * Each folder's STATUS, one after another (imapflow sends one command at a time), until
 * GATHER_BUDGET_MS has passed: 200 folders at 150 ms were 30 s with the account's lane held. The
 * answers of the folders asked, in order (fewer than the folders when time ran out); null: refused
 * (no right to read it). `stillWanted` throws when the work asking is to stop (the account paused
 * or removed).
 */
export async function askStatuses(
  client: ImapFlow,
  folders: Array<Pick<FolderRecord, 'path'>>,
  stillWanted: () => void = () => undefined,
  now: () => number = Date.now
): Promise<Array<FolderStatus | null>> {
  const started = now()
  const statuses: Array<FolderStatus | null> = []
  for (const folder of folders) {
    stillWanted()
    if (now() - started >= GATHER_BUDGET_MS) break
    statuses.push(
      await client
        .status(folder.path, { messages: true, uidNext: true, uidValidity: true })
        .then((status) => status || null)
        .catch(() => null)
    )
  }
  return statuses
}

/**
 * An account's import progress over all the folders a pass covers ("12,400 / 30,000"), next to
 * each folder's own. Each folder counts the mail it holds already as done, as a resumed first
 * import does (19eda5b): after a restart the figure goes on from where it was. A folder not
 * started yet counts what its STATUS says it will hold, worked out as planUids will; once it
 * starts, its real plan replaces that, the same figure unless the server changed meanwhile.
 */
export class ImportTally {
  private readonly shares = new Map<number, Share>()
  private readonly order: number[]
  private current = 0

  private constructor(entries: Array<[number, Share]>) {
    this.order = entries.map(([id]) => id)
    for (const [id, share] of entries) this.shares.set(id, share)
  }

  /**
   * Asks the server what each folder holds (one STATUS per folder), only while an import is
   * under way: a pass over folders all imported before shows no overall figure and pays nothing.
   * Within askStatuses' time budget; a folder not asked counts what it holds until its pass plans
   * it (the total then grows). Not cut short when other work waits for the lane: at a first import
   * something always does (a push of changes, a draft's upload), and the total then missed every
   * folder but the first.
   */
  static async gather(
    client: ImapFlow,
    synced: FolderRecord[],
    limit: ImportLimit,
    folders: Pick<FolderRepository, 'localCount' | 'passedOnce'>,
    stillWanted: () => void = () => undefined,
    now: () => number = Date.now
  ): Promise<ImportTally | null> {
    // A folder the server refused to open never completes a pass: no import to show for it.
    if (synced.every((f) => f.openError !== null || folders.passedOnce(f.id))) return null
    const statuses = await askStatuses(client, synced, stillWanted, now)
    const entries: Array<[number, Share]> = synced.map((folder, i) => {
      const base = folder.uidValidity === null ? 0 : folders.localCount(folder.id, folder.uidValidity)
      // A folder not asked, or that the server will not tell about, counts only what it holds.
      const status = statuses[i] ?? null
      return [
        folder.id,
        { base, fetched: 0, total: status ? expectedTotal(folder, base, status, limit) : base }
      ]
    })
    return new ImportTally(entries)
  }

  /** A tally of shares counted elsewhere (a backfill's, from its folders' rows), in this order. */
  static of(entries: Array<[number, Share]>): ImportTally {
    return new ImportTally(entries)
  }

  /** The pass moves on to this folder ("folder 2 of 6"). */
  starting(folderId: number): void {
    this.current = Math.max(0, this.order.indexOf(folderId))
  }

  /** The folder's pass has planned its fetch: `stored` held now, `toFetch` to come. */
  planned(folderId: number, stored: number, toFetch: number): void {
    this.shares.set(folderId, { base: stored, fetched: 0, total: stored + toFetch })
  }

  fetched(folderId: number, count: number): void {
    const share = this.shares.get(folderId)
    if (share) share.fetched = count
  }

  /**
   * The folder's pass ended (or was skipped: unticked, refused by the server): what it did not
   * fetch is no longer to come in this import.
   */
  finished(folderId: number): void {
    const share = this.shares.get(folderId)
    if (share) share.total = share.base + share.fetched
  }

  overall(): Overall {
    let done = 0
    let total = 0
    for (const share of this.shares.values()) {
      done += share.base + share.fetched
      total += share.total
    }
    return { done, total, folderNumber: this.current + 1, folders: this.order.length }
  }
}

/**
 * What the folder will hold once this pass has imported it, as planUids plans it: its new mail
 * (UIDs from its recorded UIDNEXT up) in full, then older mail until it holds the import depth.
 */
export function expectedTotal(
  folder: Pick<FolderRecord, 'uidValidity' | 'uidNext'>,
  stored: number,
  status: { messages?: number; uidNext?: number; uidValidity?: bigint | number },
  limit: ImportLimit
): number {
  const messages = status.messages ?? 0
  const sameNumbering =
    folder.uidValidity !== null && BigInt(folder.uidValidity) === BigInt(status.uidValidity ?? -1)
  // Renumbered on the server: the folder starts over, its stored mail matched again as it goes.
  const held = sameNumbering ? stored : 0
  // Both bound the new mail from above: UIDs taken since (some may be expunged again), and mail
  // beyond what the folder holds (less, when mail it holds was expunged: the pass drops that).
  const newer =
    sameNumbering && folder.uidNext !== null && status.uidNext !== undefined
      ? Math.max(0, Math.min(messages - held, status.uidNext - folder.uidNext))
      : 0
  const want = limit === 'all' ? Number.POSITIVE_INFINITY : limit
  const older = Math.max(0, Math.min(want, messages) - held - newer)
  return Math.max(stored, held + newer + older)
}
