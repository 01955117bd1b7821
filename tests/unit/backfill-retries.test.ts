// "Sync older mail" against a server that cannot be reached: one retry timer per folder, however
// often the backfill is started again meanwhile. The sync service is a fake that always fails;
// timers are Vitest's fake ones, so the retry delay passes without waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { ManualClock } from '../../src-main/core/clock'
import { CoreEvents } from '../../src-main/core/core-events'
import type { MessageParser } from '../../src-main/core/mail/parse-pool'
import type { IndexCompactor } from '../../src-main/core/search/index-compaction'
import { BackfillService } from '../../src-main/core/sync/backfill-service'
import { CutBatchLimits } from '../../src-main/core/sync/cut-batch-limits'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import type { SyncService } from '../../src-main/core/sync/sync-service'
import { memoryWorkspace } from './fixtures/workspace'

const RETRY_MS = 30_000

describe('backfill retries while the server cannot be reached', () => {
  beforeEach(() => {
    // Only the retry timer is faked: the loop's setImmediate between batches stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function setUp() {
    const ws = memoryWorkspace()
    ws.db
      .prepare(
        `INSERT INTO folders (id, account_id, path, name, delimiter, special_use, sync_enabled, uid_validity)
         VALUES (1, 1, 'INBOX', 'INBOX', '/', '\\Inbox', 1, 7)`
      )
      .run()
    const attempts: number[] = []
    const failed: Array<() => void> = []
    // Each attempt fails as a connection that could not be made, as when offline.
    const sync = {
      runOnline: () => {
        attempts.push(attempts.length + 1)
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
      }
    } as unknown as SyncService
    const events = new CoreEvents()
    events.subscribe((name, payload) => {
      if (name === 'sync.backfill' && (payload as BackfillStatus).error !== null)
        failed.splice(0).forEach((resolve) => resolve())
    })
    const backfill = new BackfillService({
      db: ws.db,
      accounts: new AccountRepository(ws.db),
      folders: new FolderRepository(ws.db),
      store: ws.store,
      parser: {} as MessageParser,
      sync,
      events,
      compactor: {
        importing: (run: () => Promise<void>) => run(),
        afterImport: () => {}
      } as unknown as IndexCompactor,
      clock: new ManualClock(0),
      batchLimits: new CutBatchLimits(),
      retryMs: RETRY_MS
    })
    /** Resolves when the next failure has been reported (and its retry set). */
    const nextFailure = () => new Promise<void>((resolve) => failed.push(resolve))
    return { backfill, attempts, nextFailure }
  }

  it('keeps one retry however often "Try again" is pressed, and waits longer while it keeps failing', async () => {
    const { backfill, attempts, nextFailure } = setUp()
    try {
      let failure = nextFailure()
      backfill.start(1)
      await failure
      // "Try again" twice more, each after the last attempt failed: each sets a retry.
      for (let i = 0; i < 2; i++) {
        failure = nextFailure()
        backfill.start(1)
        await failure
      }
      expect(attempts).toHaveLength(3)
      expect(vi.getTimerCount()).toBe(1)
      // "Try again" starts the waits over: the first retry comes within a second, one attempt,
      // not one per earlier start.
      failure = nextFailure()
      await vi.advanceTimersByTimeAsync(1_000)
      await failure
      expect(attempts).toHaveLength(4)
      expect(vi.getTimerCount()).toBe(1)
      // While it keeps failing the waits double, up to RETRY_MS, which they never pass.
      for (let i = 0; i < 6; i++) {
        failure = nextFailure()
        await vi.advanceTimersToNextTimerAsync()
        await failure
      }
      expect(attempts).toHaveLength(10)
      const before = attempts.length
      await vi.advanceTimersByTimeAsync(RETRY_MS / 2 - 1)
      expect(attempts).toHaveLength(before)
      failure = nextFailure()
      await vi.advanceTimersByTimeAsync(RETRY_MS / 2 + 1)
      await failure
      expect(attempts).toHaveLength(before + 1)
      expect(vi.getTimerCount()).toBe(1)
      expect(backfill.status(1)[0]).toMatchObject({ state: 'running', error: { code: 'HOST_UNREACHABLE' } })
    } finally {
      backfill.close()
    }
    // Closed: the retry is gone with it.
    expect(vi.getTimerCount()).toBe(0)
  })
})
