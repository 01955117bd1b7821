import type { Account, CommandInput, SearchIndexStatus, ThreadsMerged } from '../../src-preload/contract'
import { ImportFailures } from './sync/import-failures'
import { dirname, join } from 'node:path'
import { AccountRepository } from './accounts/account-repository'
import { AccountService } from './accounts/account-service'
import { LifecycleServices } from './accounts/lifecycle-services'
import { systemClock, type Clock } from './clock'
import type { TimeSources } from './clock-jumps'
import type { CoreEvents } from './core-events'
import { CrmServices } from './crm/crm-services'
import { openDatabase, type Database } from './db/database'
import { HybridClock } from './db/hybrid-clock'
import { OAuthFlows } from './oauth/oauth-flows'
import type { OAuthConfig } from './oauth/oauth-config'
import { OAuthClients } from './oauth/oauth-clients'
import { OAuthClientSettings } from './oauth/oauth-settings'
import { OAuthTokens } from './oauth/oauth-tokens'
import { MailQueries } from './queries/mail-queries'
import { CommentSearch } from './search/comment-search'
import { ContactSearch } from './search/contact-search'
import { MessageSearch } from './search/message-search'
import { RecentSearches } from './search/recent-searches'
import { ImageSenders } from './mail/image-senders'
import { IndexCompactor } from './search/index-compaction'
import { SearchIndexRebuild } from './search/search-index-rebuild'
import type { SecretStore } from './secrets/secret-store'
import { OutboxService } from './outbox/outbox-service'
import { DraftStore } from './drafts/draft-store'
import { DraftUploader } from './drafts/draft-uploader'
import { CharsetRepair } from './sync/charset-repair'
import { CutBatchLimits } from './sync/cut-batch-limits'
import { LocationStore } from './store/location-store'
import { AttachmentCache } from './store/attachment-cache'
import { AttachmentReader } from './store/attachment-reader'
import { createMessageParser, type MessageParser } from './mail/parse-pool'
import { MessageStore } from './store/message-store'
import type { RealtimeSettings } from './sync/realtime-settings'
import { FolderRepository } from './sync/folder-repository'
import { MailActions } from './sync/mail-actions'
import { RealtimeService } from './sync/realtime-service'
import { SyncService } from './sync/sync-service'
import { TaskQueue } from './sync/task-queue'
import { TaskRunner } from './sync/task-runner'
import { TrashRetention } from './sync/trash-retention'

export type SyncOptions = {
  realtime?: Partial<RealtimeSettings>
  /** False only in tests of the UID + flags comparison that servers without CONDSTORE need. */
  condstore?: boolean
  /** Wall clock for the CRM (snoozes, status times); tests inject a manual one. */
  clock?: Clock
  /** The clocks sleep and clock jumps are told from (clock-jumps.ts); tests inject manual ones. */
  timeSources?: TimeSources
  /** How often real time looks for a wake from sleep in the clocks (RealtimeService); tests shorten it. */
  wakeCheckMs?: number
  /** OAuth2 client ids, endpoint overrides and the URL opener of the host. */
  oauth?: OAuthConfig
  /** Where attachment bytes are cached (set by open() next to the database file). */
  attachmentsDir?: string
  /** How long a server may stay silent mid-command before its connection counts as dead; tests shorten it. */
  stallTimeoutMs?: number
  /** Messages per "sync older mail" batch; tests make it small. */
  backfillBatch?: number
  /** How long a failed "sync older mail" batch waits before it tries again; tests shorten it. */
  backfillRetryMs?: number
  /** The built parse worker (hosts ship one); without it mail is parsed on the main thread. */
  parseWorkerScript?: string
  parseWorkers?: number
  /**
   * Where the background search index rebuild stands (SearchIndexRebuild); by default a
   * `search.index` event. The core passes one that keeps quiet while this workspace is not shown.
   */
  searchIndexProgress?: (status: SearchIndexStatus) => void
  /** Messages per page of that rebuild; tests make it small. */
  searchIndexPage?: number
  /** The waits before that rebuild tries a failed page again (SearchIndexRebuild); none in the CLI. */
  searchIndexRetryDelaysMs?: readonly number[]
  /**
   * Where thread merges are announced (by default a `threads.merged` event). The core passes one
   * that keeps quiet while this workspace is not shown: a window then holds the other's drafts.
   */
  threadsMerged?: (merge: ThreadsMerged) => void
  /**
   * Whether the windows show this workspace (default: always). The core passes one per workspace,
   * so a snooze of the other one (the sample's, still running after it was left) pops up nothing
   * whose click would look for a conversation in the wrong database.
   */
  shown?: () => boolean
  /** Test mode: awaited after the rebuild's first page (testing/search-index-hold.ts). */
  searchIndexHold?: () => Promise<void>
}

/** Everything that works on one workspace database, wired once. */
export class WorkspaceServices {
  readonly accounts: AccountRepository
  readonly accountService: AccountService
  readonly oauthFlows: OAuthFlows
  readonly oauthClients: OAuthClients
  readonly folders: FolderRepository
  readonly store: MessageStore
  readonly parser: MessageParser
  private readonly attachmentCache: AttachmentCache | null
  /** Merges the search indexes after large imports, in the background. */
  readonly compactor: IndexCompactor
  /** Rebuilds the search indexes of a workspace indexed by an older Rapport, in the background. */
  readonly searchIndex: SearchIndexRebuild
  readonly queries: MailQueries
  readonly messageSearch: MessageSearch
  readonly contactSearch: ContactSearch
  readonly commentSearch: CommentSearch
  readonly recentSearches: RecentSearches
  readonly imageSenders: ImageSenders
  readonly sync: SyncService
  readonly tasks: TaskQueue
  readonly actions: MailActions
  readonly realtime: RealtimeService
  readonly outbox: OutboxService
  readonly drafts: DraftStore
  readonly crm: CrmServices
  readonly lifecycle: LifecycleServices
  readonly attachments: AttachmentReader

  constructor(
    readonly db: Database,
    secrets: SecretStore,
    events: CoreEvents,
    log: (message: string) => void,
    options: SyncOptions = {}
  ) {
    const clock = HybridClock.forDatabase(db)
    this.accounts = new AccountRepository(db)
    const oauth = options.oauth ?? {}
    this.oauthClients = new OAuthClients(oauth, new OAuthClientSettings(db), secrets)
    const oauthTokens = new OAuthTokens(secrets, oauth, this.oauthClients)
    this.accountService = new AccountService(this.accounts, secrets, oauthTokens, log)
    this.oauthFlows = new OAuthFlows(this.accountService, oauthTokens)
    this.folders = new FolderRepository(db)
    // Each merge, by sync or by hand, with the drafts it moved: the windows move theirs the same
    // way. Merges happen inside transactions a failed message rolls back (store-slice.ts), so one
    // is announced on the next turn, and only if the merged thread is gone: thread ids are never
    // given twice (migration 0034), so a merge rolled back left it in place.
    const announceMerge = options.threadsMerged ?? ((merge) => events.emit('threads.merged', merge))
    const threadGone = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM threads WHERE id = ?)').pluck()
    const merged = (merge: ThreadsMerged) =>
      setImmediate(() => {
        if (db.open && threadGone.get(merge.from) === 1) announceMerge(merge)
      })
    this.crm = new CrmServices(db, clock, options.clock ?? systemClock, {
      changed: (tables, ids) => events.emit('changed', { tables, ids }),
      threadsMerged: merged,
      // Only the local user's own notifications pop up here: a mention of a teammate or a wake-up
      // of their conversation goes to their notification centre, not this person's desktop.
      notification: (n) => {
        if (n.memberId !== this.crm.people.localId || !(options.shown?.() ?? true)) return
        events.emit('notification', {
          id: n.id,
          kind: n.kind,
          conversationId: n.conversationId,
          commentId: n.commentId,
          text: n.text,
          params: n.params,
          at: new Date(n.at).toISOString(),
          read: n.read
        })
      }
    })
    const attachmentCache = options.attachmentsDir
      ? new AttachmentCache(options.attachmentsDir, undefined, options.timeSources)
      : null
    this.attachmentCache = attachmentCache
    this.store = new MessageStore(db, clock, this.crm.rules, attachmentCache, merged)
    this.parser = createMessageParser({
      workerScript: options.parseWorkerScript,
      workers: options.parseWorkers,
      cache: attachmentCache,
      log
    })
    const trash = new TrashRetention(db, options.clock ?? systemClock, clock, attachmentCache)
    this.queries = new MailQueries(db)
    this.compactor = new IndexCompactor(db, log)
    // A workspace indexed by an older Rapport (or before search existed) is indexed again once:
    // contacts and comments here, its mail in the background from the next turn, page by page.
    this.searchIndex = new SearchIndexRebuild(db, {
      report: options.searchIndexProgress ?? ((status) => events.emit('search.index', status)),
      log,
      compactor: this.compactor,
      pageSize: options.searchIndexPage,
      retryDelaysMs: options.searchIndexRetryDelaysMs,
      hold: options.searchIndexHold
    })
    this.searchIndex.start()
    this.compactor.resumePending()
    this.messageSearch = new MessageSearch(db)
    this.contactSearch = new ContactSearch(db)
    this.commentSearch = new CommentSearch(db)
    this.recentSearches = new RecentSearches(db)
    this.imageSenders = new ImageSenders(db)
    this.tasks = new TaskQueue(db)
    this.actions = new MailActions(db, this.folders, this.tasks, trash)
    this.drafts = new DraftStore(db, options.clock ?? systemClock)
    const locations = new LocationStore(db)
    // One per workspace, for passes and "Sync older mail" alike: a cut in either shrinks both.
    const batchLimits = new CutBatchLimits()
    this.sync = new SyncService({
      db,
      accounts: this.accounts,
      accountService: this.accountService,
      folders: this.folders,
      store: this.store,
      parser: this.parser,
      locations,
      failures: new ImportFailures(db),
      queue: this.tasks,
      runner: new TaskRunner({
        db,
        parser: this.parser,
        queue: this.tasks,
        folders: this.folders,
        onChange: (ids) =>
          events.emit('changed', { tables: ['messages', 'threads', 'folders', 'tasks'], ids })
      }),
      drafts: new DraftUploader({
        db,
        folders: this.folders,
        queries: this.queries,
        drafts: this.drafts,
        locations,
        clock: options.clock ?? systemClock,
        log
      }),
      repair: new CharsetRepair({ db, parser: this.parser, log }),
      events,
      compactor: this.compactor,
      condstore: options.condstore ?? true,
      batchLimits,
      stallTimeoutMs: options.stallTimeoutMs,
      log
    })
    this.realtime = new RealtimeService({ sync: this.sync, accounts: this.accounts }, options.realtime, {
      timeSources: options.timeSources,
      everyMs: options.wakeCheckMs
    })
    this.outbox = new OutboxService({
      db,
      accounts: this.accounts,
      accountService: this.accountService,
      folders: this.folders,
      queries: this.queries,
      store: this.store,
      sync: this.sync,
      clock: options.clock ?? systemClock,
      log,
      changed: (tables, ids) => events.emit('changed', { tables, ids }),
      markAnswered: (accountId, messageId) => this.markAnswered(accountId, messageId),
      loginSignal: (accountId) => this.sync.loginSignal(accountId),
      assertCanSendTo: (addresses) => this.crm.blocking.assertCanSendTo(addresses)
    })
    this.lifecycle = new LifecycleServices({
      db,
      accounts: this.accounts,
      folders: this.folders,
      store: this.store,
      parser: this.parser,
      sync: this.sync,
      realtime: this.realtime,
      actions: this.actions,
      trash,
      cache: attachmentCache,
      secrets,
      settleSecret: (secretRef) => oauthTokens.settle(secretRef),
      storeSentMail: (accountId) => this.outbox.storeAcceptedMail(accountId),
      events,
      compactor: this.compactor,
      clock: options.clock ?? systemClock,
      hlc: clock,
      batchLimits,
      backfillBatch: options.backfillBatch,
      backfillRetryMs: options.backfillRetryMs,
      timeSources: options.timeSources
    })
    this.attachments = new AttachmentReader({
      db,
      accounts: this.accounts,
      cache: attachmentCache,
      runAside: (accountId, work) => this.sync.runAside(accountId, work),
      log
    })
    this.crm.start()
    this.outbox.start()
  }

  static open(
    file: string,
    secrets: SecretStore,
    events: CoreEvents,
    log: (message: string) => void,
    options: SyncOptions = {}
  ): WorkspaceServices {
    const attachmentsDir = file === ':memory:' ? undefined : join(dirname(file), 'attachments')
    return new WorkspaceServices(openDatabase(file), secrets, events, log, { attachmentsDir, ...options })
  }

  /** A reply went out: its parent gets \Answered here and, through a task, on the server. */
  private markAnswered(accountId: number, messageId: string): void {
    const parent = this.queries.findByMessageId(accountId, messageId)
    if (!parent) return
    const result = this.actions.markAnswered(parent.id)
    // Queued behind the send on the account's lane, so it runs once the send has finished.
    if (result.count > 0) void this.sync.pushTasks(accountId)
  }

  /**
   * After adding an account or signing in again: its real-time watcher (re)starts, and backfills
   * it left running while paused for sign-in continue.
   */
  async resumeAccount(accountId: number): Promise<void> {
    // Before real time's first pass, whose end sends what waits.
    this.outbox.signedIn(accountId)
    await this.realtime.resume(accountId)
    this.lifecycle.resumeAccount(accountId)
  }

  /**
   * New servers for an account, checked first. The save waits until nothing uses the old ones:
   * the real-time watcher has logged out, and the pass or push under way on the account's lane
   * has finished (one finishing after the save would record the old server's numbering); a login
   * still trying the old servers gives up at once (holdLogins). Then real time starts again, at the
   * new address.
   */
  async updateServers(input: CommandInput<'accounts.updateServers'>): Promise<Account> {
    const save = await this.accountService.checkServers(input)
    const releaseLogins = this.sync.holdLogins(input.accountId)
    try {
      await this.realtime.forget(input.accountId)
      const account = await this.sync.lane(input.accountId).run(save)
      releaseLogins()
      this.outbox.serversChanged(account.id)
      // First on the lane, before a running backfill's next batch: a pass at the new address
      // matches the folders' mail again (also without real time, as from the CLI). Its outcome
      // shows in the sync state.
      this.sync.run(account.id).catch(() => undefined)
      return account
    } finally {
      releaseLogins()
      await this.resumeAccount(input.accountId)
    }
  }

  /** Stops real time gracefully (watchers log out), then closes. */
  async shutdown(): Promise<void> {
    await this.realtime.stop()
    this.close()
  }

  /**
   * Deletes cached attachment bytes no stored mail refers to (see AttachmentCache.sweep): only
   * stored before `storedBefore`, so an import under way meanwhile keeps its own.
   */
  sweepAttachments(storedBefore: number): number {
    return this.attachmentCache?.sweep(this.db, storedBefore) ?? 0
  }

  close(): void {
    this.oauthFlows.close()
    void this.realtime.stop()
    this.crm.stop()
    this.lifecycle.stop()
    this.outbox.stop()
    this.sync.close()
    this.searchIndex.stop()
    this.compactor.stop()
    void this.parser.close()
    this.attachmentCache?.close()
    this.db.close()
  }
}
