import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Response, Workspace } from '../../src-preload/contract'
import type { Clock } from './clock'
import type { AdjustableClock } from './testing/test-clock'
import type { SearchIndexHold } from './testing/search-index-hold'
import { dispatch } from './api/dispatcher'
import { createHandlers, type Handlers } from './api/handlers'
import { CoreEvents } from './core-events'
import { openElsewhere } from './db/open-elsewhere'
import { makeFolder } from './db/private-files'
import { CoreError } from './errors'
import { seedSampleWorkspace } from './sample/sample-workspace'
import type { OAuthConfig } from './oauth/oauth-config'
import { defaultDetectDeps, type DetectDeps } from './providers/detect-provider'
import type { SecretStore } from './secrets/secret-store'
import { RECENTLY_CACHED_MS } from './store/attachment-cache'
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
  /** OAuth2 client ids, endpoint overrides (tests) and how to open the authorization URL. */
  oauth?: OAuthConfig
  /** Provider detection's network (HTTP, DNS); tests point it at local servers. */
  detect?: Partial<DetectDeps>
  /** Test mode only (RAPPORT_TEST_CLOCK=1): a clock `testing.advanceClock` may move. */
  testClock?: AdjustableClock
  /** Test mode only: holds the search index rebuild after its first page (search-index-hold.ts). */
  searchIndexHold?: SearchIndexHold
  /** Path of the built parse worker script (hosts pass parseWorkerScript from parse-worker-script.ts). */
  parseWorkerScript?: string
  /** Parse worker threads; 0 parses on the core's thread. Default: one fewer than the cores, 1 or 2. */
  parseWorkers?: number
}

const MAIN_DB = 'rapport.sqlite'
const SAMPLE_DB = 'sample.sqlite'

/**
 * The product, host-independent: owns the workspace databases and implements the contract.
 * The Electron utility process, web mode, the CLI and tests all construct one of these.
 */
export class Core {
  // Through this.log, set in the constructor, by the time any event is emitted.
  readonly events = new CoreEvents((message) => this.log(message))
  readonly version: string
  readonly secrets: SecretStore
  private readonly handlers: Handlers
  private readonly log: (message: string) => void
  private readonly main: WorkspaceServices
  private sample: WorkspaceServices | null = null
  private active: Workspace = 'main'

  constructor(private readonly options: CoreOptions) {
    // Mail and contacts: readable by this user only.
    makeFolder(options.dataDir, 0o700)
    this.version = options.version ?? '0.0.0'
    this.secrets = options.secrets
    this.log = options.log ?? ((message) => console.error(message))
    this.main = WorkspaceServices.open(join(options.dataDir, MAIN_DB), this.secrets, this.events, this.log, {
      parseWorkerScript: options.parseWorkerScript,
      parseWorkers: options.parseWorkers,
      ...options.sync,
      clock: this.clock,
      oauth: options.oauth,
      // Its rebuild goes on while the sample workspace is shown, whose own status the UI reads then.
      searchIndexProgress: (status) => {
        if (this.active === 'main') this.events.emit('search.index', status)
      },
      // Merges by its sync while the sample is shown: the window holds the sample's drafts, whose
      // thread ids mean other threads; the main drafts are read again on the way back.
      threadsMerged: (merge) => {
        if (this.active === 'main') this.events.emit('threads.merged', merge)
      },
      shown: () => this.active === 'main',
      ...(options.searchIndexHold ? { searchIndexHold: () => options.searchIndexHold!.released } : {})
    })
    // Bytes cached for mail never stored (a crash mid-import) go, and those a release kept as
    // recently cached (AttachmentCache.release) that nothing stored. Only those an hour old: while
    // an import runs, a parse worker's bytes wait unreferenced for their commit, and another
    // process (the CLI beside the app) may be importing into this data folder now. The main
    // workspace only: the sample one shares the attachments folder but not its rows.
    this.main.sweepAttachments((this.clock?.now() ?? Date.now()) - RECENTLY_CACHED_MS)
    this.handlers = createHandlers(this)
  }

  get workspace(): WorkspaceServices {
    return this.active === 'sample' && this.sample ? this.sample : this.main
  }

  /** Set only when a host started the core in test mode; see testing/test-clock.ts. */
  get searchIndexHold(): SearchIndexHold | null {
    return this.options.searchIndexHold ?? null
  }

  get testClock(): AdjustableClock | null {
    return this.options.testClock ?? null
  }

  private get clock(): Clock | undefined {
    return this.options.testClock ?? this.options.clock
  }

  /** The network parts of provider detection (accounts.detect). */
  get detectDeps(): DetectDeps {
    return { ...defaultDetectDeps(), ...this.options.detect }
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
    // Running "sync older mail" backfills continue, and Trash retention is enforced.
    this.main.lifecycle.start()
  }

  /**
   * The computer woke from sleep (or its network came back): every IDLE connection may be dead
   * without a word, and a reconnect wait counts no time asleep. As "Sync now" does for each
   * mailbox: the waits end, and an IDLE not ended within seconds is closed and reconnected, so
   * new mail comes at once instead of after the watchdog (minutes).
   */
  systemResumed(): void {
    this.main.realtime.hurry()
    // What the last pass saw may be weeks old: Trash waits for a pass, as after a start.
    this.main.lifecycle.systemResumed()
  }

  /** Ends real time cleanly: the watchers log out and no timer is left. */
  stopRealtime(): Promise<void> {
    this.main.lifecycle.stop()
    return this.main.realtime.stop()
  }

  /** The sample workspace is a separate database, rebuilt fresh each time it is opened. */
  switchWorkspace(target: Workspace): Workspace {
    if (target === 'sample') {
      try {
        this.sample = this.freshSample()
      } catch (error) {
        // The windows must not go on showing a sample this process no longer has.
        if (this.active === 'sample') this.switchWorkspace('main')
        throw error
      }
    }
    this.active = target
    this.events.emit('workspace.switched', { workspace: target })
    this.events.emit('changed', {
      tables: ['accounts', 'folders', 'messages', 'threads', 'conversations'],
      ids: []
    })
    return target
  }

  /**
   * Closes this process's sample workspace and makes it again from nothing, or says why it cannot
   * (the sample is then closed here, not left half made).
   */
  private freshSample(): WorkspaceServices {
    this.sample?.close()
    this.sample = null
    const file = join(this.options.dataDir, SAMPLE_DB)
    // It is made again by deleting the file: another process that has it open (the app, beside
    // `rapport api workspace.openSample` or a second web mode on this data directory) would go
    // on writing into a file no longer on disk, and lose what it writes.
    if (openElsewhere(file))
      throw new CoreError(
        'WORKSPACE_IN_USE',
        `The sample workspace in ${this.options.dataDir} is open in another Rapport process (the app, web mode, or a rapport command): it cannot be made afresh under it. Quit that one (or wait for the command to finish), then try again.`
      )
    let sample: WorkspaceServices | null = null
    try {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
      sample = WorkspaceServices.open(file, this.secrets, this.events, this.log, {
        clock: this.clock,
        oauth: this.options.oauth,
        shown: () => this.active === 'sample'
      })
      seedSampleWorkspace(sample)
      return sample
    } catch (error) {
      sample?.close()
      const e = error as Error & { code?: string }
      throw new CoreError(
        'INTERNAL',
        `Rapport could not make the sample workspace in ${file} (${e.code ?? e.message}). Check that ${this.options.dataDir} is a folder you can write to, on a disk with free space, and that nothing else is at that path; then try again.`
      )
    }
  }

  close(): void {
    this.sample?.close()
    this.main.close()
  }
}
