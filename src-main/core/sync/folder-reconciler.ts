import type { ImapFlow, MailboxObject } from 'imapflow'
import type { Database } from '../db/database'
import type { LocationStore, ServerFlags } from '../store/location-store'
import type { FolderRecord, FolderRepository } from './folder-repository'
import type { PendingChanges } from './task-queue'
import { canUseCondstore, changedFlags, expungedUids } from './server-diff'
import { chunk, toSequenceSet } from './uid-plan'
import { fetchChangedFlags, type ServerListing } from './server-listing'

const FLAG_BATCH = 2000

export type ReconcileDeps = {
  db: Database
  folders: FolderRepository
  locations: LocationStore
  /** Messages with a local change not yet on the server: their server flags are stale. */
  pendingChanges: () => PendingChanges
  /** Tests force the UID + flags comparison that servers without CONDSTORE need. */
  condstore: boolean
  onChange: (threadIds: number[]) => void
}

export type ReconcileResult = {
  expunged: number
  flagChanges: number
  /**
   * A flag change was left for later (a move of its message waits to go up): the pass must not
   * record the listing's HIGHESTMODSEQ as covering it, or no CHANGEDSINCE would report it again.
   */
  deferred: boolean
}

/**
 * Brings the stored locations of an already-synced folder up to the server's state: drops the
 * expunged ones and applies flag changes. Runs inside the caller's mailbox lock, after the
 * UIDVALIDITY check, with what the server listing found (server-listing.ts).
 */
export async function reconcileFolder(
  client: ImapFlow,
  folder: FolderRecord,
  mailbox: MailboxObject,
  listing: ServerListing,
  deps: ReconcileDeps
): Promise<ReconcileResult> {
  const uidValidity = Number(mailbox.uidValidity)
  if (folder.uidValidity !== uidValidity) return { expunged: 0, flagChanges: 0, deferred: false }
  // Loading every stored UID costs ~0.1 s at 100k: only the full comparisons need them.
  const cache: { local?: Map<number, string[]> } = {}
  const local = () => (cache.local ??= deps.locations.local(folder.id, uidValidity))

  const gone =
    listing.kind === 'full' ? expungedUids(local().keys(), listing.uids) : [...new Set(listing.vanished)]
  let expunged = 0
  if (gone.length > 0) {
    const change = deps.db.transaction(() => deps.locations.removeExpunged(folder.id, uidValidity, gone))()
    for (const uid of gone) cache.local?.delete(uid)
    expunged = change.messagePks.length
    if (change.threadIds.size > 0) deps.onChange([...change.threadIds])
  }

  const serverModseq = mailbox.highestModseq
  const condstore =
    deps.condstore &&
    canUseCondstore({
      serverHighestModseq: serverModseq,
      noModseq: mailbox.noModseq === true,
      storedHighestModseq: folder.highestModseq
    })
  let changes: ServerFlags[]
  if (listing.flags) {
    changes = listing.flags // QRESYNC reported them with the expunges
  } else if (listing.kind === 'full' && listing.uids.length === 0) {
    changes = []
  } else if (condstore) {
    if (BigInt(folder.highestModseq!) >= serverModseq!) return { expunged, flagChanges: 0, deferred: false }
    changes = await fetchChangedFlags(client, '1:*', BigInt(folder.highestModseq!))
  } else {
    const uids = [...local().keys()]
    changes =
      uids.length > 0 ? changedFlags(local(), await fetchChangedFlags(client, toSequenceSet(uids))) : []
  }

  const pending = deps.pendingChanges()
  const batches = chunk(changes, FLAG_BATCH)
  if (batches.length === 0) batches.push([])
  let flagChanges = 0
  let deferred = false
  // HIGHESTMODSEQ is not recorded here but with the pass's end (recordPassComplete), once the new
  // mail it covers is stored too: recorded now, a pass cut while fetching that mail would leave
  // it behind for good, as the next QRESYNC pass asks only for what changed since.
  for (const batch of batches) {
    const change = deps.db.transaction(() =>
      deps.locations.applyServerFlags(folder.id, uidValidity, batch, pending)
    )()
    flagChanges += change.messagePks.length
    deferred ||= change.deferred === true
    if (change.threadIds.size > 0) deps.onChange([...change.threadIds])
  }
  return { expunged, flagChanges, deferred }
}
