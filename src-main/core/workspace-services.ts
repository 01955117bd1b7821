import { AccountRepository } from './accounts/account-repository'
import { AccountService } from './accounts/account-service'
import type { CoreEvents } from './core-events'
import { openDatabase, type Database } from './db/database'
import { HybridClock } from './db/hybrid-clock'
import { MailQueries } from './queries/mail-queries'
import type { SecretStore } from './secrets/secret-store'
import type { SendDeps } from './send/send-service'
import { MessageStore } from './store/message-store'
import { FolderRepository } from './sync/folder-repository'
import { SyncService } from './sync/sync-service'

/** Everything that works on one workspace database, wired once. */
export class WorkspaceServices {
  readonly accounts: AccountRepository
  readonly accountService: AccountService
  readonly folders: FolderRepository
  readonly store: MessageStore
  readonly queries: MailQueries
  readonly sync: SyncService
  readonly sendDeps: SendDeps

  constructor(
    readonly db: Database,
    secrets: SecretStore,
    events: CoreEvents,
    log: (message: string) => void
  ) {
    const clock = HybridClock.forDatabase(db)
    this.accounts = new AccountRepository(db)
    this.accountService = new AccountService(this.accounts, secrets)
    this.folders = new FolderRepository(db)
    this.store = new MessageStore(db, clock)
    this.queries = new MailQueries(db)
    this.sync = new SyncService({
      db,
      accounts: this.accounts,
      accountService: this.accountService,
      folders: this.folders,
      store: this.store,
      events
    })
    this.sendDeps = {
      accounts: this.accounts,
      accountService: this.accountService,
      folders: this.folders,
      queries: this.queries,
      store: this.store,
      events,
      log
    }
  }

  static open(
    file: string,
    secrets: SecretStore,
    events: CoreEvents,
    log: (message: string) => void
  ): WorkspaceServices {
    return new WorkspaceServices(openDatabase(file), secrets, events, log)
  }

  close(): void {
    this.db.close()
  }
}
