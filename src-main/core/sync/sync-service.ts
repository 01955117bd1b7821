import type { ImportLimit, SyncState } from '../../../src-preload/contract'
import type { AccountRepository, AccountRecord } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import type { Database } from '../db/database'
import { CoreError } from '../errors'
import type { CoreEvents } from '../core-events'
import { closeImapSession, openImapSession } from '../mail-server/imap-session'
import { toServerError } from '../mail-server/server-errors'
import type { MessageStore } from '../store/message-store'
import { importFolder } from './folder-importer'
import type { FolderRepository } from './folder-repository'

export type SyncResult = { accountId: number; fetched: number; folders: string[] }

export type SyncDeps = {
  db: Database
  accounts: AccountRepository
  accountService: AccountService
  folders: FolderRepository
  store: MessageStore
  events: CoreEvents
}

/** Runs sync passes per account and keeps the visible sync state (syncing / up to date / error). */
export class SyncService {
  private readonly states = new Map<number, SyncState>()
  private readonly running = new Map<number, Promise<SyncResult>>()

  constructor(private readonly deps: SyncDeps) {}

  status(): SyncState[] {
    return this.deps.accounts
      .list()
      .filter((a) => a.kind === 'mailbox')
      .map((a) => this.states.get(a.id) ?? { accountId: a.id, state: 'idle', lastSyncAt: null, error: null })
  }

  /** One full pass for one or all accounts. Fails with the first account's error after trying all. */
  async run(accountId?: number, limit?: ImportLimit): Promise<SyncResult[]> {
    const accounts = accountId
      ? [this.deps.accounts.get(accountId)]
      : this.deps.accounts.list().filter((a) => a.kind === 'mailbox')
    const settled = await Promise.allSettled(accounts.map((account) => this.runAccount(account, limit)))
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failure) throw failure.reason
    return settled.map((s) => (s as PromiseFulfilledResult<SyncResult>).value)
  }

  /** Concurrent requests for the same account share one pass. */
  private runAccount(account: AccountRecord, limit?: ImportLimit): Promise<SyncResult> {
    const existing = this.running.get(account.id)
    if (existing) return existing
    const pass = this.pass(account, limit ?? account.importLimit).finally(() =>
      this.running.delete(account.id)
    )
    this.running.set(account.id, pass)
    return pass
  }

  private async pass(account: AccountRecord, limit: ImportLimit): Promise<SyncResult> {
    const { events, folders } = this.deps
    const previous = this.states.get(account.id)
    this.setState({
      accountId: account.id,
      state: 'syncing',
      lastSyncAt: previous?.lastSyncAt ?? null,
      error: null
    })
    events.emit('sync.progress', {
      accountId: account.id,
      folder: '',
      phase: 'connecting',
      done: 0,
      total: 0
    })
    try {
      const credentials = await this.deps.accountService.credentials(account)
      const client = await openImapSession(account.imap, credentials)
      try {
        const listed = await client.list()
        folders.upsertListed(
          account.id,
          listed.map((f) => ({
            path: f.path,
            name: f.name,
            delimiter: f.delimiter ?? null,
            specialUse: f.specialUse ?? null
          }))
        )
        events.emit('changed', { tables: ['folders'], ids: [] })
        let fetched = 0
        const synced = folders.synced(account.id)
        for (const folder of synced) {
          fetched += await importFolder(
            client,
            folder,
            {
              accountId: account.id,
              threadingEnabled: account.threadingEnabled,
              ownAddresses: this.deps.accounts.ownAddresses()
            },
            limit,
            {
              db: this.deps.db,
              folders,
              store: this.deps.store,
              onProgress: (progress) => events.emit('sync.progress', { accountId: account.id, ...progress }),
              onBatch: (threadIds) =>
                events.emit('changed', {
                  tables: ['messages', 'threads', 'conversations', 'contacts'],
                  ids: threadIds
                })
            }
          )
        }
        this.setState({
          accountId: account.id,
          state: 'up-to-date',
          lastSyncAt: new Date().toISOString(),
          error: null
        })
        return { accountId: account.id, fetched, folders: synced.map((f) => f.path) }
      } finally {
        await closeImapSession(client)
      }
    } catch (error) {
      const coreError = error instanceof CoreError ? error : toServerError(error, 'imap', account.imap.host)
      this.setState({
        accountId: account.id,
        state: 'error',
        lastSyncAt: previous?.lastSyncAt ?? null,
        error: coreError.toApiError()
      })
      throw coreError
    }
  }

  private setState(state: SyncState): void {
    this.states.set(state.accountId, state)
    this.deps.events.emit('sync.state', state)
  }
}
