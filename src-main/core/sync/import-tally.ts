import type { ImapFlow } from 'imapflow'
import type { ImportLimit, SyncProgress } from '../../../src-preload/contract'
import type { FolderRecord, FolderRepository } from './folder-repository'

type Overall = NonNullable<SyncProgress['overall']>

/** How long a pass may spend asking folders' counts before its first folder starts. */
const GATHER_BUDGET_MS = 2_000

/** One folder's share: mail it held at the start, stored since, and what it will hold. */
type Share = { base: number; fetched: number; total: number }

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
   * One STATUS after another (imapflow sends one command at a time): 200 folders at 150 ms were
   * 30 s before the first message, the account's lane held. So it stops asking after
   * GATHER_BUDGET_MS; a folder not asked counts what it holds until its pass plans it (the total
   * then grows). Not when other work waits for the lane: at a first import something always does
   * (a push of changes, a draft's upload), and the total then missed every folder but the first.
   * `stillWanted` throws when the pass is to stop (the account paused or removed).
   */
  static async gather(
    client: ImapFlow,
    synced: FolderRecord[],
    limit: ImportLimit,
    folders: Pick<FolderRepository, 'localCount' | 'passedOnce'>,
    stillWanted: () => void = () => undefined,
    now: () => number = Date.now
  ): Promise<ImportTally | null> {
    const started = now()
    // A folder the server refused to open never completes a pass: no import to show for it.
    if (synced.every((f) => f.openError !== null || folders.passedOnce(f.id))) return null
    const entries: Array<[number, Share]> = []
    for (const folder of synced) {
      const base = folder.uidValidity === null ? 0 : folders.localCount(folder.id, folder.uidValidity)
      // A folder the server will not tell about (no right to read it) counts only what it holds.
      stillWanted()
      const asking = now() - started < GATHER_BUDGET_MS
      const status = asking
        ? await client
            .status(folder.path, { messages: true, uidNext: true, uidValidity: true })
            .catch(() => null)
        : null
      const total = status ? expectedTotal(folder, base, status, limit) : base
      entries.push([folder.id, { base, fetched: 0, total }])
    }
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
