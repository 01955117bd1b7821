import type { ImportLimit } from '../../../src-preload/contract'
import type { AccountRecord, AccountRepository } from '../accounts/account-repository'
import { assertNotArchived } from '../accounts/account-service'
import type { CoreEvents } from '../core-events'
import type { Database } from '../db/database'
import { CoreError } from '../errors'
import type { LocationStore } from '../store/location-store'
import type { MessageParser } from '../mail/parse-pool'
import type { MessageStore } from '../store/message-store'
import type { IndexCompactor } from '../search/index-compaction'
import { importFolder, rematchUnsynced } from './folder-importer'
import type { FolderRecord, FolderRepository } from './folder-repository'
import type { ImportFailures } from './import-failures'
import type { TaskQueue } from './task-queue'
import type { MailSession, TaskRunner } from './task-runner'
import { recordServerFolders } from './folder-listing'
import type { DraftUploader } from '../drafts/draft-uploader'
import type { CharsetRepair } from './charset-repair'
import type { CutBatchLimits } from './cut-batch-limits'
import { ImportTally } from './import-tally'

/** Which folders a pass covers: all synced ones, only INBOX (IDLE saw a change), or the rest (poll). */
export type PassScope = 'all' | 'inbox' | 'others'

export type PassResult = { fetched: number; folders: string[]; nextTaskDue: number | null }

export type PassDeps = {
  db: Database
  accounts: AccountRepository
  folders: FolderRepository
  store: MessageStore
  /** Parses fetched mail (in worker threads when the host has them). */
  parser: MessageParser
  locations: LocationStore
  /** Mail fetched but not stored yet: retried by every pass, counted in the sync status. */
  failures: ImportFailures
  queue: TaskQueue
  runner: TaskRunner
  /** Puts Rapport's drafts into the mailbox's Drafts folder; absent where no drafts are kept. */
  drafts?: DraftUploader
  /** Reads mail stored in the wrong charset again from the server (migrations 0050, 0066); absent in some tests. */
  repair?: CharsetRepair
  events: CoreEvents
  compactor: IndexCompactor
  /** False only in tests that exercise the UID + flags comparison for servers without CONDSTORE. */
  condstore: boolean
  /** Each account's batch limits, smaller after its connection was cut mid-FETCH. */
  batchLimits: CutBatchLimits
}

const MAIL_TABLES = ['messages', 'threads', 'conversations', 'contacts']

/**
 * One sync pass of one account over a connected session: local changes go up first (so the
 * server's flags are not older than the user's), then the folder list, then each folder's new
 * mail, expunges and flag changes.
 */
export async function runPass(
  session: MailSession,
  account: AccountRecord,
  /** A function: the account's own depth, read again for each folder and slice (it may change). */
  options: {
    limit: ImportLimit | (() => ImportLimit)
    scope: PassScope
    /** Throws once the account is being disconnected (SyncService.stopAccount). */
    stopped?: () => void
    /** True while other work waits for the account's lane: the pass's optional work stops early. */
    othersWaiting?: () => boolean
  },
  deps: PassDeps
): Promise<PassResult> {
  const { client } = session
  const { events, folders } = deps
  const nextTaskDue = await deps.runner.flush(session, account.id, { pass: true })
  if (options.scope !== 'inbox') {
    await recordServerFolders(client, folders, account.id)
    const pendingChanges = () => deps.queue.pendingChanges(account.id)
    for (const folder of folders.renumberedUnsynced(account.id))
      await rematchUnsynced(client, folder, { ...deps, pendingChanges })
    events.emit('changed', { tables: ['folders'], ids: [] })
  }
  const synced = folders.synced(account.id).filter((f) => inScope(f, options.scope))
  // Forgotten at the end of a pass of the folders besides INBOX, if still gone (forgetDrafts).
  const goneDrafts = options.scope === 'inbox' ? [] : deps.locations.goneDrafts(account.id)
  const emitChanged = (threadIds: number[]) => events.emit('changed', { tables: MAIL_TABLES, ids: threadIds })
  let fetched = 0
  // A folder synced for the first time gets its numbering (UIDVALIDITY): "Sync older mail"
  // becomes possible there, and the folder list shows it once this pass says so.
  const firstTime = synced.some((f) => f.uidValidity === null)
  let openErrorsChanged = false
  const stillWanted = () => {
    assertStillSyncing(deps.accounts, account.id)
    options.stopped?.()
  }
  const depthNow = typeof options.limit === 'function' ? options.limit : undefined
  const depth = () => (typeof options.limit === 'function' ? options.limit() : options.limit)
  const batches = deps.batchLimits.forAccount(account.id)
  const tally = await ImportTally.gather(client, synced, depth(), folders, stillWanted)
  await deps.compactor.importing(async () => {
    for (const folder of synced) {
      stillWanted()
      tally?.starting(folder.id)
      // Unticked while an earlier folder was imported: not started.
      if (folders.find(folder.id)?.syncEnabled === false) {
        tally?.finished(folder.id)
        continue
      }
      const result = await importFolder(
        client,
        folder,
        {
          accountId: account.id,
          threadingEnabled: account.threadingEnabled,
          ownAddresses: deps.accounts.ownAddresses()
        },
        depth(),
        {
          db: deps.db,
          folders,
          store: deps.store,
          parser: deps.parser,
          locations: deps.locations,
          failures: deps.failures,
          condstore: deps.condstore,
          pendingChanges: () => deps.queue.pendingChanges(account.id),
          onChange: emitChanged,
          onProgress: (progress) =>
            events.emit('sync.progress', { accountId: account.id, ...progress, overall: tally?.overall() }),
          onBatch: emitChanged,
          stillWanted,
          depthNow,
          batches,
          tally: tally ?? undefined
        }
      )
      // A folder the server refused to open: nothing of it comes in this import.
      tally?.finished(folder.id)
      fetched += result.fetched
      openErrorsChanged ||= result.openErrorChanged
    }
  })
  // Every synced folder is in step now: a flag change still looking for a message it found gone
  // knows that the place the message left would have shown where it went (FlagPusher.lookAgain).
  if (options.scope === 'all') deps.queue.notePassOverAll(account.id)
  // After the mail: new mail does not wait for a draft's files to go up. Not once the mailbox is
  // being disconnected: an archive takes no more of Rapport's drafts.
  stillWanted()
  await deps.drafts?.push(client, account)
  deps.locations.forgetDrafts(goneDrafts)
  if (firstTime || openErrorsChanged) events.emit('changed', { tables: ['folders'], ids: [] })
  // A large import leaves the search indexes in many segments; merged, search reads one. In the
  // background: the session goes back to real time meanwhile.
  deps.compactor.afterImport(fetched)
  // Last, so a connection lost here loses the pass nothing else: a few messages stored before
  // their charset was read right are read again from the server (one-off work, charset-repair.ts).
  // It gives way to work queued meanwhile (a send, a move, new mail's pass): nobody waits for it.
  const repaired = (await deps.repair?.run(client, account.id, options.othersWaiting)) ?? []
  if (repaired.length > 0) events.emit('changed', { tables: ['messages', 'threads'], ids: repaired })
  return { fetched, folders: synced.map((f) => f.path), nextTaskDue }
}

/**
 * The mailbox was disconnected while its pass ran (an import can take minutes): the pass stops
 * before its next slice instead of storing mail into an archive, or into a mailbox just deleted.
 */
function assertStillSyncing(accounts: AccountRepository, accountId: number): void {
  const account = accounts.find(accountId)
  if (!account)
    throw new CoreError(
      'NOT_FOUND',
      'This mailbox was removed from Rapport while it synced; the sync stopped.'
    )
  assertNotArchived(account)
}

function inScope(folder: FolderRecord, scope: PassScope): boolean {
  const inbox = folder.specialUse === '\\Inbox'
  return scope === 'all' || (scope === 'inbox' ? inbox : !inbox)
}
