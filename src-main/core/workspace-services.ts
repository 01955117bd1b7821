import { AccountRepository } from './accounts/account-repository'
import { AccountService } from './accounts/account-service'
import { systemClock, type Clock } from './clock'
import type { CoreEvents } from './core-events'
import { CrmServices } from './crm/crm-services'
import { openDatabase, type Database } from './db/database'
import { HybridClock } from './db/hybrid-clock'
import { MailQueries } from './queries/mail-queries'
import { ContactSearch } from './search/contact-search'
import { MessageSearch } from './search/message-search'
import { ensureSearchIndex } from './search/search-reindex'
import type { SecretStore } from './secrets/secret-store'
import type { SendDeps } from './send/send-service'
import { LocationStore } from './store/location-store'
import { MessageStore } from './store/message-store'
import type { RealtimeSettings } from './sync/account-watcher'
import { FolderRepository } from './sync/folder-repository'
import { MailActions } from './sync/mail-actions'
import { RealtimeService } from './sync/realtime-service'
import { SyncService } from './sync/sync-service'
import { TaskQueue } from './sync/task-queue'
import { TaskRunner } from './sync/task-runner'

export type SyncOptions = {
  realtime?: Partial<RealtimeSettings>
  /** False only in tests of the UID + flags comparison that servers without CONDSTORE need. */
  condstore?: boolean
  /** Wall clock for the CRM (snoozes, status times); tests inject a manual one. */
  clock?: Clock
}

/** Everything that works on one workspace database, wired once. */
export class WorkspaceServices {
  readonly accounts: AccountRepository
  readonly accountService: AccountService
  readonly folders: FolderRepository
  readonly store: MessageStore
  readonly queries: MailQueries
  readonly messageSearch: MessageSearch
  readonly contactSearch: ContactSearch
  readonly sync: SyncService
  readonly tasks: TaskQueue
  readonly actions: MailActions
  readonly realtime: RealtimeService
  readonly sendDeps: SendDeps
  readonly crm: CrmServices

  constructor(
    readonly db: Database,
    secrets: SecretStore,
    events: CoreEvents,
    log: (message: string) => void,
    options: SyncOptions = {}
  ) {
    const clock = HybridClock.forDatabase(db)
    this.accounts = new AccountRepository(db)
    this.accountService = new AccountService(this.accounts, secrets)
    this.folders = new FolderRepository(db)
    this.crm = new CrmServices(db, clock, options.clock ?? systemClock, {
      changed: (tables, ids) => events.emit('changed', { tables, ids }),
      notification: (n) =>
        events.emit('notification', {
          id: n.id,
          kind: n.kind,
          conversationId: n.conversationId,
          commentId: n.commentId,
          text: n.text,
          at: new Date(n.at).toISOString(),
          read: n.read
        })
    })
    this.store = new MessageStore(db, clock, this.crm.rules)
    this.queries = new MailQueries(db)
    // A workspace indexed by an older Rapport (or before search existed) is indexed once, here.
    ensureSearchIndex(db)
    this.messageSearch = new MessageSearch(db)
    this.contactSearch = new ContactSearch(db)
    this.tasks = new TaskQueue(db)
    this.actions = new MailActions(db, this.folders, this.tasks)
    this.sync = new SyncService({
      db,
      accounts: this.accounts,
      accountService: this.accountService,
      folders: this.folders,
      store: this.store,
      locations: new LocationStore(db),
      queue: this.tasks,
      runner: new TaskRunner({
        db,
        queue: this.tasks,
        folders: this.folders,
        onChange: (ids) =>
          events.emit('changed', { tables: ['messages', 'threads', 'folders', 'tasks'], ids })
      }),
      events,
      condstore: options.condstore ?? true
    })
    this.realtime = new RealtimeService(
      { sync: this.sync, accounts: this.accounts, accountService: this.accountService },
      options.realtime
    )
    this.sendDeps = {
      accounts: this.accounts,
      accountService: this.accountService,
      folders: this.folders,
      queries: this.queries,
      store: this.store,
      events,
      log,
      assertCanSendTo: (addresses) => this.crm.blocking.assertCanSendTo(addresses)
    }
    this.crm.start()
  }

  static open(
    file: string,
    secrets: SecretStore,
    events: CoreEvents,
    log: (message: string) => void,
    options: SyncOptions = {}
  ): WorkspaceServices {
    return new WorkspaceServices(openDatabase(file), secrets, events, log, options)
  }

  /** Stops real time gracefully (watchers log out), then closes. */
  async shutdown(): Promise<void> {
    await this.realtime.stop()
    this.close()
  }

  close(): void {
    void this.realtime.stop()
    this.crm.stop()
    this.sync.close()
    this.db.close()
  }
}
