import type { ImapFlow } from 'imapflow'
import type { ImportLimit, SyncProgress } from '../../../src-preload/contract'
import type { Database } from '../db/database'
import type { MessageParser } from '../mail/parse-pool'
import { lockFolder, openRefusal, skipRefused } from '../mail-server/guarded-commands'
import type { IncomingMessage, MessageStore, StoreContext } from '../store/message-store'
import { fetchAndParse } from './fetch-and-parse'
import { sizedBatches, STORE_SLICE } from './fetch-batches'
import type { FolderRecord, FolderRepository } from './folder-repository'
import { reconcileFolder, type ReconcileDeps } from './folder-reconciler'
import { listServer } from './server-listing'
import { chunk, planUids } from './uid-plan'
import { purgedUids } from './trash-retention'
import { applyRematch, rematchByMessageId } from './uidvalidity-rematch'
import { BackfillRepository } from './backfill-repository'
import type { ImportFailures } from './import-failures'
import { storeSlice, type FolderStoreContext } from './store-slice'
import type { AccountBatchLimits } from './cut-batch-limits'
import { isConnectionError } from '../mail-server/server-errors'
import type { ImportTally } from './import-tally'

export type ImportDeps = ReconcileDeps & {
  db: Database
  folders: FolderRepository
  store: MessageStore
  failures: ImportFailures
  parser: MessageParser
  onProgress: (progress: Omit<SyncProgress, 'accountId'>) => void
  onBatch: (threadIds: number[]) => void
  /** Throws when the pass should stop (its mailbox was disconnected); checked before each slice. */
  stillWanted?: () => void
  /**
   * The import depth now, read before each slice of older mail: lowered while the pass runs (a
   * first import with "all" that the user cuts short), the folder's older mail stops there.
   */
  depthNow?: () => ImportLimit
  /** The account's batch limits, smaller after a connection was cut mid-FETCH. */
  batches: AccountBatchLimits
  /** The account's progress over all the pass's folders, while an import is under way. */
  tally?: ImportTally
}

/**
 * One pass over one folder: detect a UIDVALIDITY reset, plan the UIDs, then fetch, parse and
 * store them in batches. Each batch is one transaction together with the folder's progress, so
 * a crash loses at most the batch in flight and never records progress for unstored mail.
 */
export type FolderPassResult = {
  fetched: number
  expunged: number
  flagChanges: number
  /** The server refused to open the folder this time, or opened it after refusing last time. */
  openErrorChanged: boolean
}

/**
 * A folder the server renumbered (a new UIDVALIDITY, or the account moved to another server):
 * its stored UIDs are void, and its mail is matched again by Message-ID. Returns the UIDs of
 * mail Rapport had there but could not find that way. Read from the server before the reset is
 * recorded, then applied in the reset's own transaction: a crash in between finds it again.
 */
async function followRenumbering(
  client: ImapFlow,
  folder: FolderRecord,
  uidValidity: number,
  deps: Pick<ImportDeps, 'db' | 'folders' | 'pendingChanges'>,
  synced: boolean
): Promise<number[]> {
  const previous = folder.uidValidity
  if (previous === null || previous === uidValidity) return []
  const rematch = await rematchByMessageId(client, deps.db, folder, uidValidity)
  return deps.db.transaction(() => {
    const heldBefore = deps.folders.localCount(folder.id, previous)
    deps.folders.resetForUidValidity(folder.id, uidValidity)
    const refetch = applyRematch(
      deps.db,
      deps.folders,
      folder,
      uidValidity,
      rematch,
      synced,
      deps.pendingChanges()
    )
    // The overall "sync older mail" figure of a run the folder is in counts from its base.
    const heldAfter = deps.folders.localCount(folder.id, uidValidity)
    new BackfillRepository(deps.db).followRenumbering(folder.id, heldBefore, heldAfter)
    return refetch
  })()
}

/**
 * A folder not synced that the account's move to another server marked renumbered
 * (server-numbering.ts): its mail is matched again by Message-ID, and nothing is fetched, so it
 * shows what it holds and changes reach the right messages there.
 */
export async function rematchUnsynced(
  client: ImapFlow,
  folder: FolderRecord,
  deps: Pick<ImportDeps, 'db' | 'folders' | 'pendingChanges'>
): Promise<void> {
  // One the server refuses to open stays marked; the other folders, and the pass, go on.
  const lock = await lockFolder(client, folder.path, { readOnly: true }).catch(skipRefused)
  if (!lock) return
  try {
    await followRenumbering(client, folder, Number(lock.mailbox.uidValidity), deps, false)
  } finally {
    lock.release()
  }
}

export async function importFolder(
  client: ImapFlow,
  folder: FolderRecord,
  context: Omit<StoreContext, 'folder'>,
  limit: ImportLimit,
  deps: ImportDeps
): Promise<FolderPassResult> {
  // A folder the server will not open (no right to read it, in a shared mailbox) is skipped with
  // the server's words, not the pass: the other folders sync, and the next pass tries again.
  const lock = await lockFolder(client, folder.path, { readOnly: true }).catch((error: unknown) =>
    openRefusal(error, folder.path)
  )
  if ('refused' in lock) {
    const openErrorChanged = deps.folders.setOpenError(folder.id, lock.refused)
    return { fetched: 0, expunged: 0, flagChanges: 0, openErrorChanged }
  }
  const openErrorChanged = deps.folders.setOpenError(folder.id, null)
  try {
    const { mailbox } = lock
    const uidValidity = Number(mailbox.uidValidity)
    // Mail Rapport had in a renumbered folder but could not find again by Message-ID.
    const refetch = await followRenumbering(client, folder, uidValidity, deps, true)
    folder = deps.folders.get(folder.id)
    deps.onProgress({ folder: folder.path, phase: 'listing', done: 0, total: 0 })
    // Every UID on the server, or only the new ones when expunges were found more cheaply.
    const listing = await listServer(client, folder, mailbox, limit, deps)
    const serverUids = listing.uids
    const reconciled = await reconcileFolder(client, folder, mailbox, listing, deps)
    const stored = deps.folders.localCount(folder.id, uidValidity)
    const plan = planUids({
      serverUids,
      uidNext: folder.uidNext,
      lowestSyncedUid: folder.lowestSyncedUid,
      localCount: stored,
      // Mail purged from Trash after its retention stays purged, though the server keeps it.
      purged: purgedUids(deps.db, folder.id, uidValidity),
      limit,
      // Only the new UIDs are looked up: loading the whole folder costs ~0.2 s per pass at 100k.
      stored: (uids) => deps.locations.storedUids(folder.id, uidValidity, uids)
    })
    // Mail Rapport could not find again after a renumbering (never purged mail: the rematch found
    // that by Message-ID), and mail an earlier pass fetched but could not store, is fetched
    // (again) with the new mail.
    const retry = [...refetch, ...deps.failures.uids(folder.id, uidValidity)]
    if (retry.length > 0) {
      const known = deps.locations.storedUids(folder.id, uidValidity, retry)
      const missing = retry.filter((uid) => !known.has(uid))
      plan.newer = [...new Set([...missing, ...plan.newer])].sort((a, b) => a - b)
    }
    const total = plan.newer.length + plan.older.length
    let done = 0
    // A first import resumed (cut short by a quit or an untick) counts the mail it stored before
    // as done: "0 / 3,425" after "4,525 / 8,000" read as the import starting over.
    const before = deps.folders.passedOnce(folder.id) ? 0 : stored
    deps.tally?.planned(folder.id, stored, total)
    const progress = (phase: 'fetching' | 'done') =>
      deps.onProgress({ folder: folder.path, phase, done: before + done, total: before + total })
    progress('fetching')
    // Older mail a pass takes in once the folder's first import is done (a deeper import depth,
    // or the window refilled after mail left it) is history, as "Sync older mail" finds it. Not
    // after a renumbering: the folder starts over (its UIDNEXT is unknown), as a first import.
    const pastFirstImport = folder.uidNext !== null && deps.folders.passedOnce(folder.id)
    const storeContext: FolderStoreContext = {
      ...context,
      folder: {
        id: folder.id,
        uidValidity,
        isSent: folder.specialUse === '\\Sent',
        specialUse: folder.specialUse,
        newFrom: folder.uidValidity === uidValidity ? folder.uidNext : null
      }
    }
    // A batch is stored in slices, one transaction each, with a turn of the event loop between
    // them: the core answers the UI between slices instead of after the whole batch.
    const commit = async (batch: InFlight) => {
      const incoming = await batch.parsed
      for (const uids of chunk(batch.uids, STORE_SLICE)) {
        deps.stillWanted?.()
        // Older mail past a depth lowered meanwhile is not fetched: it is older mail now, for
        // "Sync older mail" or a deeper depth, as if the pass had been planned with it. Counted
        // only when the depth changed: a count per slice would cost a large import seconds.
        const depth = batch.older ? deps.depthNow?.() : undefined
        if (
          depth !== undefined &&
          depth !== 'all' &&
          depth !== limit &&
          deps.folders.localCount(folder.id, uidValidity) >= depth
        )
          throw new DepthReached()
        // Unticked in Mailbox settings meanwhile: the rest is not downloaded (as a backfill of it
        // stops); what is stored stays, and a later tick resumes from here.
        if (deps.folders.find(folder.id)?.syncEnabled === false) throw new FolderUnticked()
        const slice = new Set(uids)
        const threadIds = storeSlice(
          deps,
          // Read now: the user may have changed flags while the batch was fetched and parsed.
          { ...storeContext, pending: deps.pendingChanges(), olderMail: batch.older && pastFirstImport },
          uids,
          incoming.filter((message) => message.uid !== null && slice.has(message.uid))
        )
        done += uids.length
        deps.tally?.fetched(folder.id, done)
        deps.onBatch([...threadIds])
        progress('fetching')
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    // A pipeline two batches deep: while one batch is parsed (on worker threads) the next is
    // fetched, and batches are stored in order. Memory stays bounded by two batches.
    let inFlight: InFlight | null = null
    let parsing: InFlight | null = null
    try {
      // Newer and older mail never share a batch: each batch moves one end of the synced range.
      for (const part of [plan.newer, plan.older]) {
        const older = part === plan.older
        const sizes = new Map<number, number>()
        for await (const uids of sizedBatches(client, part, deps.batches.limits, sizes)) {
          const fetched = await fetchAndParse(client, uids, deps.parser, sizes).catch(
            async (error: unknown) => {
              if (!isConnectionError(error)) throw error
              // The batch is lost and fetched again: on a link that drops often, a smaller one.
              deps.batches.cut()
              // The batch before it arrived whole and is parsed (no IMAP needed): stored, in order,
              // so a cut costs only the batch it cut. Should storing it fail, the cut is what the
              // pass reports, and the batch is let go below as any unstored one.
              if (inFlight) {
                await commit(inFlight).then(
                  () => (inFlight = null),
                  () => undefined
                )
              }
              throw error
            }
          )
          deps.batches.fetched({ count: uids.length, bytes: fetched.bytes })
          parsing = { uids, older, parsed: fetched.parsed }
          if (inFlight) await commit(inFlight)
          inFlight = parsing
          parsing = null
        }
      }
      if (inFlight) await commit(inFlight)
    } catch (error) {
      await releaseUnstored(deps.store, [inFlight, parsing])
      if (!(error instanceof FolderUnticked) && !(error instanceof DepthReached)) throw error
      if (error instanceof FolderUnticked) {
        deps.tally?.finished(folder.id)
        progress('done')
        return {
          fetched: done,
          expunged: reconciled.expunged,
          flagChanges: reconciled.flagChanges,
          openErrorChanged
        }
      }
      // DepthReached: the new mail is all stored (it comes first), so the pass completes.
    }
    deps.folders.recordPassComplete(folder.id, {
      uidValidity,
      uidNext: listing.uidNext,
      // A flag change left for a move still waiting is asked for again by the next pass.
      highestModseq: reconciled.deferred ? folder.highestModseq : listing.highestModseq
    })
    deps.tally?.finished(folder.id)
    progress('done')
    const { expunged, flagChanges } = reconciled
    return { fetched: done, expunged, flagChanges, openErrorChanged }
  } finally {
    lock.release()
  }
}

type InFlight = { uids: number[]; older: boolean; parsed: Promise<IncomingMessage[]> }

/** The user stopped syncing the folder while its import ran (folders.setSync). */
class FolderUnticked extends Error {}

/** The import depth was lowered while the pass ran, and the folder holds that much now. */
class DepthReached extends Error {}

/**
 * A pass that stops (its mailbox was deleted, the connection dropped) leaves parsed batches
 * unstored, and their parse cached their attachment bytes first. Waits for the batch still being
 * parsed, so no worker writes for this pass afterwards, then lets what was not stored go.
 */
async function releaseUnstored(store: MessageStore, batches: Array<InFlight | null>): Promise<void> {
  for (const batch of batches) {
    const incoming = await batch?.parsed.catch(() => [])
    if (incoming) store.releaseUnstored(incoming)
  }
}
