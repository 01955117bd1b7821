import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Response, Workspace } from '../../src-preload/contract'
import type { Clock } from './clock'
import { dispatch } from './api/dispatcher'
import { createHandlers, type Handlers } from './api/handlers'
import { CoreEvents } from './core-events'
import { seedSampleWorkspace } from './sample/sample-workspace'
import type { SecretStore } from './secrets/secret-store'
import { WorkspaceServices, type SyncOptions } from './workspace-services'

export type CoreOptions = {
  dataDir: string
  secrets: SecretStore
  version?: string
  log?: (message: string) => void
  /** Real-time intervals (poll, IDLE watchdog, backoff); tests shorten them. */
  sync?: SyncOptions
  /** Wall clock for the CRM (snooze wake-ups); tests inject a manual one. */
  clock?: Clock
}

const MAIN_DB = 'rapport.sqlite'
const SAMPLE_DB = 'sample.sqlite'

/**
 * The product, host-independent: owns the workspace databases and implements the contract.
 * The Electron utility process, web mode, the CLI and tests all construct one of these.
 */
export class Core {
  readonly events = new CoreEvents()
  readonly version: string
  readonly secrets: SecretStore
  private readonly handlers: Handlers
  private readonly log: (message: string) => void
  private readonly main: WorkspaceServices
  private sample: WorkspaceServices | null = null
  private active: Workspace = 'main'

  constructor(private readonly options: CoreOptions) {
    mkdirSync(options.dataDir, { recursive: true })
    this.version = options.version ?? '0.0.0'
    this.secrets = options.secrets
    this.log = options.log ?? ((message) => console.error(message))
    this.main = WorkspaceServices.open(join(options.dataDir, MAIN_DB), this.secrets, this.events, this.log, {
      ...options.sync,
      clock: options.clock
    })
    this.handlers = createHandlers(this)
  }

  get workspace(): WorkspaceServices {
    return this.active === 'sample' && this.sample ? this.sample : this.main
  }

  get workspaceName(): Workspace {
    return this.active
  }

  dispatch(command: string, input: unknown): Promise<Response<unknown>> {
    return dispatch(this.handlers, command, input, this.log)
  }

  /**
   * Keeps every mailbox of the main workspace live: IDLE on INBOX, polls of the other synced
   * folders, reconnects. Each watcher starts with a full pass, so this also brings mail up to date.
   */
  startRealtime(): void {
    this.main.realtime.start()
  }

  /** Ends real time cleanly: the watchers log out and no timer is left. */
  stopRealtime(): Promise<void> {
    return this.main.realtime.stop()
  }

  /** The sample workspace is a separate database, rebuilt fresh each time it is opened. */
  switchWorkspace(target: Workspace): Workspace {
    if (target === 'sample') {
      this.sample?.close()
      const file = join(this.options.dataDir, SAMPLE_DB)
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
      this.sample = WorkspaceServices.open(file, this.secrets, this.events, this.log, {
        clock: this.options.clock
      })
      seedSampleWorkspace(this.sample)
    }
    this.active = target
    this.events.emit('workspace.switched', { workspace: target })
    this.events.emit('changed', {
      tables: ['accounts', 'folders', 'messages', 'threads', 'conversations'],
      ids: []
    })
    return target
  }

  close(): void {
    this.sample?.close()
    this.main.close()
  }
}
