// One batch of "sync older mail" (backfill-service.ts): the next messages below the folder's
// cursor, listed, fetched, parsed and stored.
import type { ImapFlow } from 'imapflow'
import { CoreError } from '../errors'
import { lockFolder, searchUids, sessionOpen } from '../mail-server/guarded-commands'
import { isConnectionError } from '../mail-server/server-errors'
import type { BackfillDeps } from './backfill-service'
import type { BackfillRepository } from './backfill-repository'
import { fetchAndParse } from './fetch-and-parse'
import { recordServerFolders } from './folder-listing'
import { BATCH_SIZE, sizedBatches, STORE_SLICE } from './fetch-batches'
import type { FolderRecord } from './folder-repository'
import type { ImportFailures } from './import-failures'
import { storeSlice } from './store-slice'
import type { MailSession } from './task-runner'
import { purgedUids } from './trash-retention'
import { chunk } from './uid-plan'

export type BatchDeps = BackfillDeps & { repo: BackfillRepository; failures: ImportFailures }

/** The server renumbered the folder since its last pass: its cursor means nothing there now. */
export class FolderRenumbered extends CoreError {
  constructor(
    path: string,
    /** The folder's UIDVALIDITY on the server now. */
    readonly uidValidity: number
  ) {
    super('SYNC_FAILED', `${path} changed on the server; it is re-synced first.`)
  }
}

/**
 * The folder's SELECT failed: is it missing from the server (NONEXISTENT, RFC 5530; or imapflow's
 * LIST after the NO does not show it)? Then the folders are listed as a pass lists them, which
 * marks the folder gone or follows its rename (null: no batch here). The backfill said "running"
 * with "Mailbox doesn't exist" and retried out of sight until the next pass. Any other refusal,
 * or a folder still listed at its path, is thrown as before.
 */
async function relistIfMissing(
  deps: BatchDeps,
  client: ImapFlow,
  folder: FolderRecord,
  path: string,
  error: unknown
): Promise<null> {
  if (!isFolderMissing(error) || !sessionOpen(client)) throw error
  await recordServerFolders(client, deps.folders, folder.accountId)
  const now = deps.folders.find(folder.id)
  if (now?.onServer && now.path === path) throw error
  return null
}

const isFolderMissing = (error: unknown): boolean => {
  const e = (error ?? {}) as { mailboxMissing?: boolean; serverResponseCode?: string }
  return e.mailboxMissing === true || e.serverResponseCode?.toUpperCase() === 'NONEXISTENT'
}

/** How many UIDs below the cursor the first listing of a batch covers, in batches. */
const FIRST_WINDOW_BATCHES = 4

/** One batch below the cursor: whether older mail remains on the server. */
export async function backfillBatch(
  deps: BatchDeps,
  { client }: MailSession,
  stale: FolderRecord
): Promise<{ more: boolean }> {
  const { db, folders, store, repo } = deps
  // Paused while this batch waited for its turn on the lane (behind a long pass): not in flight yet.
  if (repo.get(stale.id)?.state !== 'running') return { more: true }
  // Unticked meanwhile: its backfill stops too (the loop pauses it), as a pause would.
  if (folders.find(stale.id)?.syncEnabled === false) return { more: true }
  // Read again: a pass may have followed the folder to a new path while this batch waited its turn.
  const path = folders.get(stale.id).path
  const lock = await lockFolder(client, path, { readOnly: true }).catch((error: unknown) =>
    relistIfMissing(deps, client, stale, path, error)
  )
  // Deleted on the server: the loop ends its backfill, as after the pass that notices it. Renamed:
  // the next batch goes on at the new path.
  if (lock === null) return { more: true }
  try {
    const folder = folders.get(stale.id)
    const { mailbox } = lock
    const uidValidity = Number(mailbox.uidValidity)
    if (folder.uidValidity !== uidValidity) throw new FolderRenumbered(folder.path, uidValidity)
    const below = folder.lowestSyncedUid ?? folder.uidNext ?? Number(mailbox.uidNext)
    // Within the account's limits, which a cut mid-FETCH shrinks (the import's too: one link).
    const batchLimits = deps.batchLimits.forAccount(folder.accountId)
    const within = batchLimits.limits()
    const count = Math.min(deps.batchSize ?? BATCH_SIZE, within.count)
    // Mail purged from Trash stays purged. After the server renumbers Trash, the rematch finds
    // purged mail anywhere in the folder, so its tombstones can lie below the cursor.
    const purged = purgedUids(db, folder.id, uidValidity)
    const { older, complete } =
      below > 1 && mailbox.exists > 0
        ? await olderUids(client, folder.path, below, count, (uid) => !purged.has(uid))
        : { older: [], complete: true }
    // One batch per turn, by count and by size, as the import's batches.
    const sizes = new Map<number, number>()
    const batches = sizedBatches(client, older.slice(0, count), { count, bytes: within.bytes }, sizes)
    const uids: number[] = (await batches.next()).value ?? []
    await batches.return(undefined)
    const fetched =
      uids.length > 0
        ? await fetchAndParse(client, uids, deps.parser, sizes).catch((error: unknown) => {
            // Lost before anything was stored: the next try, from the same cursor, is smaller.
            if (isConnectionError(error)) batchLimits.cut()
            throw error
          })
        : null
    if (fetched) batchLimits.fetched({ count: uids.length, bytes: fetched.bytes })
    const incoming = fetched ? await fetched.parsed : []
    try {
      const account = deps.accounts.get(folder.accountId)
      const context = {
        accountId: account.id,
        threadingEnabled: account.threadingEnabled,
        ownAddresses: deps.accounts.ownAddresses(),
        // History: a conversation it starts is closed, unassigned and undotted (conversation-rules.ts).
        olderMail: true,
        folder: {
          id: folder.id,
          uidValidity,
          isSent: folder.specialUse === '\\Sent',
          specialUse: folder.specialUse
        }
      }
      const recordProgress = (stored: number) => {
        const done = folders.localCount(folder.id, uidValidity)
        repo.recordProgress(
          folder.id,
          { done, total: Math.max(done, mailbox.exists), stored },
          deps.clock.now()
        )
      }
      // As in a pass: a message the store cannot take is set aside (the next pass tries it again)
      // instead of failing this batch, and the backfill with it, over and over. Stored in the
      // pass's slices, newest first (the cursor moves down with each), with a turn of the event
      // loop between them: a whole batch in one transaction held the UI for a few hundred ms.
      const slice = { db, store, folders, failures: deps.failures }
      for (const sliceUids of chunk(uids, STORE_SLICE)) {
        // Paused or unticked while this batch was stored: the rest of it is not, as a pass stops
        // within a slice; the cursor stays below what is stored, so a resume fetches the rest.
        if (repo.get(folder.id)?.state !== 'running' || folders.find(folder.id)?.syncEnabled === false) {
          store.releaseUnstored(incoming)
          return { more: true }
        }
        const wanted = new Set(sliceUids)
        const part = incoming.filter((m) => m.uid !== null && wanted.has(m.uid))
        // Read now: the user's flag changes still on their way up go on top of an older copy found.
        const pending = deps.sync.pendingChanges(account.id)
        const threadIds = [
          ...storeSlice(slice, { ...context, pending }, sliceUids, part, () => recordProgress(part.length))
        ]
        if (threadIds.length > 0)
          deps.events.emit('changed', {
            tables: ['messages', 'threads', 'conversations', 'contacts'],
            ids: threadIds
          })
        await new Promise((resolve) => setImmediate(resolve))
      }
      return { more: older.length > uids.length || !complete }
    } catch (error) {
      // As a failed pass does: the parse cached the attachments of mail that is not stored now
      // (the release keeps the bytes a stored message refers to), also when the mailbox was
      // deleted while it parsed (its account is gone). The retry caches them again.
      store.releaseUnstored(incoming)
      throw error
    }
  } finally {
    lock.release()
  }
}

/**
 * The UIDs below `below` that `keep` keeps, newest first: at least `want` of them, or all there
 * are (`complete`). Listed from a window just below the cursor, widened only while it holds too
 * few: listing every older UID for every batch made a backfill quadratic in the folder's size.
 * A failed search is thrown, never "no older mail": the backfill would say it is complete.
 */
async function olderUids(
  client: ImapFlow,
  path: string,
  below: number,
  want: number,
  keep: (uid: number) => boolean
): Promise<{ older: number[]; complete: boolean }> {
  let span = want * FIRST_WINDOW_BATCHES
  for (;;) {
    const from = Math.max(1, below - span)
    const listed = await searchUids(
      client,
      { uid: `${from}:${below - 1}` },
      `list the older messages in ${path}`
    )
    const older = listed.filter((uid) => uid < below && keep(uid)).sort((a, b) => b - a)
    if (older.length >= want || from === 1) return { older, complete: from === 1 }
    span *= FIRST_WINDOW_BATCHES
  }
}
