import type { Database } from 'better-sqlite3'
import type { Account, ImportLimit } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import { ClockJumps, type TimeSources } from '../clock-jumps'
import type { CoreEvents } from '../core-events'
import type { HybridClock } from '../db/hybrid-clock'
import { normalizeSignature } from '../../../src-preload/contract/signature'
import { CoreError } from '../errors'
import type { SecretStore } from '../secrets/secret-store'
import type { AttachmentCache } from '../store/attachment-cache'
import { BackfillService } from '../sync/backfill-service'
import type { CutBatchLimits } from '../sync/cut-batch-limits'
import type { FolderRepository } from '../sync/folder-repository'
import { combined, type ActionResult } from '../sync/action-result'
import type { MailActions } from '../sync/mail-actions'
import type { RealtimeService } from '../sync/realtime-service'
import type { SyncService } from '../sync/sync-service'
import type { TrashRetention } from '../sync/trash-retention'
import type { MessageStore } from '../store/message-store'
import type { MessageParser } from '../mail/parse-pool'
import type { IndexCompactor } from '../search/index-compaction'
import { disconnectAccount, type DisconnectMode } from './account-disconnect'
import { toAccount, type AccountRepository } from './account-repository'

/** How often Trash is checked for mail past its retention while real time runs. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000

export type LifecycleDeps = {
  db: Database
  accounts: AccountRepository
  folders: FolderRepository
  store: MessageStore
  parser: MessageParser
  sync: SyncService
  realtime: RealtimeService
  actions: MailActions
  trash: TrashRetention
  cache: AttachmentCache | null
  secrets: SecretStore
  /** Sent mail in no conversation yet goes into one before an archive (OutboxService.storeAcceptedMail). */
  storeSentMail?: (accountId: number) => Promise<void>
  /** Token renewals under way end before a disconnect deletes the secret (OAuthTokens.settle). */
  settleSecret?: (secretRef: string) => Promise<void>
  events: CoreEvents
  compactor: IndexCompactor
  clock: Clock
  hlc: HybridClock
  /** The passes' batch limits (SyncDeps.batchLimits), which backfill batches keep within too. */
  batchLimits: CutBatchLimits
  backfillBatch?: number
  backfillRetryMs?: number
  /** The clocks a sleep or a clock set is told from (clock-jumps.ts); tests inject their own. */
  timeSources?: TimeSources
}

function deeper(next: ImportLimit, previous: ImportLimit): boolean {
  if (previous === 'all') return false
  return next === 'all' || next > previous
}

/** An account after it is connected: its settings, older mail, Trash, disconnect. */
export class LifecycleServices {
  readonly backfill: BackfillService
  private sweepTimer: NodeJS.Timeout | null = null
  private started = false
  /**
   * Trash is purged only for mailboxes a pass has gone over since then: this core's start, or the
   * last wake from sleep or clock jump. Real time, as a pass records it (folders.last_synced_at).
   */
  private passedSince = Date.now()
  private readonly clockJumps: ClockJumps

  constructor(private readonly deps: LifecycleDeps) {
    this.clockJumps = new ClockJumps(deps.timeSources)
    this.backfill = new BackfillService({
      ...deps,
      batchSize: deps.backfillBatch,
      retryMs: deps.backfillRetryMs
    })
    deps.sync.reachability.onBackOnline((accountId) => this.backfill.backOnline(accountId))
  }

  /**
   * With real time: running backfills continue, and Trash and the attachment cache are swept now
   * and every hour.
   */
  start(): void {
    this.started = true
    this.backfill.resumeRunning()
    this.sweepTrash()
    this.sweepTimer ??= setInterval(() => {
      this.sweepTrash()
      this.sweepAttachments()
    }, SWEEP_INTERVAL_MS)
    this.sweepTimer.unref()
  }

  stop(): void {
    this.started = false
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    this.sweepTimer = null
    this.backfill.close()
  }

  /** Signed in again: with real time, the account's running backfills continue. */
  resumeAccount(accountId: number): void {
    if (this.started) this.backfill.resumeAccount(accountId)
  }

  /**
   * The computer woke from sleep (Core.systemResumed): as after a start, Trash waits for a pass.
   * Asleep for weeks, the last pass's locations are weeks old, and the sweep that runs at the wake
   * may come before the reconnect's pass.
   */
  systemResumed(): void {
    this.passedSince = Date.now()
  }

  /**
   * Purges only mail whose mailbox a pass has gone over since this core started, woke or saw its
   * clock jump (TrashRetention.sweep).
   */
  sweepTrash(): number {
    this.noteClockJump()
    const { purged, threadIds } = this.deps.trash.sweep(this.passedSince)
    if (purged > 0)
      this.deps.events.emit('changed', {
        tables: ['messages', 'threads', 'conversations', 'folders'],
        ids: threadIds
      })
    return purged
  }

  /**
   * A wall clock that jumped since the last sweep counts as a wake (systemResumed): the sleep may
   * have left no other trace (web mode and the CLI have no power events), and a clock set back
   * leaves the start time ahead of every pass to come. A clock set ahead also moves the Trash
   * times recorded before it by as much: mail deleted a minute ago would otherwise be purged at
   * once, "30 days" having passed on a clock that was wrong (a dead clock battery, then NTP).
   */
  private noteClockJump(): void {
    const jump = this.clockJumps.look()
    if (!jump) return
    this.passedSince = Date.now()
    if (jump.setAheadMs > 0) this.deps.trash.clockSetAhead(jump.setAheadMs)
  }

  /**
   * Cached attachment bytes no mail refers to, cached over an hour ago: a deleted mailbox's, or a
   * stopped pass's, which their release kept as perhaps another import's (AttachmentCache.release).
   * Without this they waited for the next start: days, for an app left running. Real time, as the
   * cache records it (a test clock moved on would sweep an import's bytes under way), and an hour
   * of time this process ran: a clock set ahead does not age bytes an import still waits to store.
   */
  sweepAttachments(): number {
    const cache = this.deps.cache
    return cache ? cache.sweep(this.deps.db, cache.recentlyCachedSince()) : 0
  }

  async update(input: {
    accountId: number
    shared?: boolean
    pollIntervalSeconds?: number
    importLimit?: ImportLimit
  }): Promise<Account> {
    const account = this.deps.accounts.get(input.accountId)
    if (account.kind !== 'mailbox')
      throw new CoreError('INVALID_INPUT', 'Sample data has no mailbox settings.')
    this.deps.accounts.updateSettings(account.id, input)
    this.deps.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
    if (input.pollIntervalSeconds !== undefined) this.deps.realtime.setPollInterval(account.id)
    // Deeper: every synced folder's pass takes in the older mail now inside it (planUids), at once
    // rather than at the next poll. Shallower: nothing to do, a pass never removes stored mail.
    if (input.importLimit !== undefined && deeper(input.importLimit, account.importLimit))
      this.deps.realtime.passAll(account.id)
    return toAccount(this.deps.accounts.get(account.id))
  }

  /** accounts.setSignature: kept normalized, so what the composer compares is what it put in. */
  setSignature(accountId: number, signature: string): Account {
    const account = this.deps.accounts.get(accountId)
    if (account.kind !== 'mailbox') throw new CoreError('INVALID_INPUT', 'Sample data sends no mail.')
    this.deps.accounts.setSignature(account.id, normalizeSignature(signature))
    this.deps.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
    return toAccount(this.deps.accounts.get(account.id))
  }

  async disconnect(accountId: number, mode: DisconnectMode) {
    const result = await disconnectAccount(
      {
        ...this.deps,
        stopSync: async (id) => {
          for (const status of this.backfill.status(id))
            if (status.state === 'running') this.backfill.pause(status.folderId)
          await this.deps.realtime.forget(id)
        },
        stopWork: (id) => this.deps.sync.stopAccount(id)
      },
      accountId,
      mode
    )
    this.deps.events.emit('changed', {
      // The Outbox too: its waiting mail failed (archive) or went (delete), and it re-queries
      // only when told; and drafts, which a deleted mailbox takes with it.
      tables: [
        'accounts',
        'folders',
        'messages',
        'threads',
        'conversations',
        'contacts',
        'tasks',
        'outbox',
        'drafts'
      ],
      ids: [accountId]
    })
    return result
  }

  listTrash(accountId?: number) {
    return this.deps.trash.list(accountId)
  }

  /**
   * Back to the folders each message was deleted from, a copy in each (a note to self goes back
   * to INBOX and Sent): INBOX when another program deleted it, or when those folders are gone
   * from the server since.
   */
  restore(messageIds: number[]): ActionResult {
    const accountRow = this.deps.db.prepare('SELECT account_id FROM messages WHERE id = ?')
    const accountOf = new Map<number, number>()
    for (const pk of messageIds) {
      const row = accountRow.get(pk) as { account_id: number } | undefined
      if (!row) throw new CoreError('NOT_FOUND', `There is no message with id ${pk}.`, 'messageIds')
      accountOf.set(pk, row.account_id)
    }
    // Restored already: nothing to put back (restoring twice is not "move it to INBOX").
    const origins = this.deps.trash.origins(this.deps.trash.stillIn(messageIds))
    const groups = new Map<string, { folderIds: number[]; trashId: number | undefined; ids: number[] }>()
    for (const [pk, from] of origins) {
      const accountId = accountOf.get(pk)!
      // A folder that no longer takes mail back (its rights changed) counts as gone.
      const stillThere = from.filter((id) => {
        const folder = this.deps.folders.find(id)
        return folder !== null && folder.onServer && folder.canAddMail
      })
      const inbox = this.deps.folders.bySpecialUse(accountId, '\\Inbox')?.id
      const targets = stillThere.length > 0 ? stillThere : inbox === undefined ? [] : [inbox]
      if (targets.length === 0)
        throw new CoreError('NOT_FOUND', 'This mailbox has no Inbox; sync its folders first.')
      const key = targets.join(',')
      // Folders are an account's own, so a group's messages share one account and one Trash.
      const group = groups.get(key) ?? {
        folderIds: targets,
        trashId: this.deps.folders.bySpecialUse(accountId, '\\Trash')?.id,
        ids: []
      }
      group.ids.push(pk)
      groups.set(key, group)
    }
    // Emptied from the server's Trash (by another client or the server): nothing to move back.
    const located = this.deps.db.prepare('SELECT 1 FROM message_locations WHERE message_pk = ? LIMIT 1')
    const gone = [...origins.keys()].filter((pk) => !located.get(pk))
    if (gone.length > 0)
      throw new CoreError(
        'INVALID_INPUT',
        `${gone.length === 1 ? 'This message is' : `${gone.length} of these messages are`} no longer on the server: its Trash was emptied there. It stays readable in Rapport, but there is no server copy to put back.`,
        'messageIds'
      )
    // One transaction: a group the server's rights refuse leaves the others in Trash too.
    return this.deps.db.transaction(() =>
      combined(
        [...groups.values()].map(({ folderIds, trashId, ids }) =>
          this.deps.actions.moveCopies(ids, folderIds, trashId)
        )
      )
    )()
  }
}
