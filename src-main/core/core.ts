import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Response, Workspace } from '../../src-preload/contract'
import { dispatch } from './api/dispatcher'
import { createHandlers, type Handlers } from './api/handlers'
import { CoreEvents } from './core-events'
import { seedSampleWorkspace } from './sample/sample-workspace'
import type { SecretStore } from './secrets/secret-store'
import { WorkspaceServices } from './workspace-services'

export type CoreOptions = {
  dataDir: string
  secrets: SecretStore
  version?: string
  log?: (message: string) => void
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
    this.main = WorkspaceServices.open(join(options.dataDir, MAIN_DB), this.secrets, this.events, this.log)
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
   * What the app and web mode do at launch: bring every mailbox up to date in the background.
   * Failures are not lost: they become each account's visible sync state.
   */
  syncInBackground(): void {
    void this.dispatch('sync.run', {})
  }

  /** The sample workspace is a separate database, rebuilt fresh each time it is opened. */
  switchWorkspace(target: Workspace): Workspace {
    if (target === 'sample') {
      this.sample?.close()
      const file = join(this.options.dataDir, SAMPLE_DB)
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
      this.sample = WorkspaceServices.open(file, this.secrets, this.events, this.log)
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
