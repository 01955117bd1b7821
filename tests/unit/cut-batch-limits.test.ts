import { describe, expect, it } from 'vitest'
import { CutBatchLimits } from '../../src-main/core/sync/cut-batch-limits'
import { BATCH_BYTES, BATCH_SIZE, splitBySize } from '../../src-main/core/sync/fetch-batches'

const MB = 1024 * 1024
const DEFAULTS = { count: BATCH_SIZE, bytes: BATCH_BYTES }

describe('batch limits after a connection cut mid-FETCH', () => {
  it('keeps the default limits for an account never cut', () => {
    const account = new CutBatchLimits().forAccount(1)
    account.fetched(DEFAULTS)
    expect(account.limits()).toEqual(DEFAULTS)
  })

  it('quarters the limits at each cut, down to 1 message and 64 kB, for that account only', () => {
    const limits = new CutBatchLimits()
    const cutOne = limits.forAccount(1)
    const seen = []
    for (let i = 0; i < 4; i++) {
      cutOne.limits()
      cutOne.cut()
      seen.push(cutOne.limits())
    }
    expect(seen).toEqual([
      { count: 50, bytes: 4 * MB },
      { count: 12, bytes: MB },
      { count: 3, bytes: MB / 4 },
      { count: 1, bytes: MB / 16 }
    ])
    expect(limits.forAccount(2).limits()).toEqual(DEFAULTS)
  })

  it('doubles the limits back after each batch that arrives whole, up to the defaults', () => {
    const account = new CutBatchLimits().forAccount(1)
    account.cut()
    account.cut()
    const seen = [account.limits()]
    for (let i = 0; i < 5; i++) {
      // Each batch as large as the limits it was formed with.
      account.fetched(seen.at(-1)!)
      seen.push(account.limits())
    }
    expect(seen).toEqual([
      { count: 12, bytes: MB },
      { count: 24, bytes: 2 * MB },
      { count: 48, bytes: 4 * MB },
      { count: 96, bytes: 8 * MB },
      { count: 192, bytes: 16 * MB },
      DEFAULTS
    ])
    account.cut()
    expect(account.limits()).toEqual({ count: 50, bytes: 4 * MB })
  })

  it('shrinks from the limits the cut batch was formed with, not from those grown since', () => {
    // A pass forms its batches once (per 2000 UIDs): batches that arrived whole grew the limits,
    // but the batch cut was as small as the others. Quartering the grown limits would make the
    // next pass's batches too large again, and every other pass would store nothing.
    const account = new CutBatchLimits().forAccount(1)
    account.cut()
    account.cut()
    account.cut()
    expect(account.limits()).toEqual({ count: 3, bytes: MB / 4 })
    for (let i = 0; i < 6; i++) account.fetched({ count: 3, bytes: MB / 4 })
    account.cut()
    expect(account.limits()).toEqual({ count: 1, bytes: MB / 16 })
  })

  it('grows only after a batch near the limits in use, not after small ones of new mail', () => {
    const account = new CutBatchLimits().forAccount(1)
    account.cut()
    expect(account.limits()).toEqual({ count: 50, bytes: 4 * MB })
    for (let i = 0; i < 3; i++) account.fetched({ count: 1, bytes: 2000 })
    expect(account.limits()).toEqual({ count: 50, bytes: 4 * MB })
    account.fetched({ count: 25, bytes: 100_000 })
    account.fetched({ count: 3, bytes: 2 * MB })
    expect(account.limits()).toEqual(DEFAULTS)
  })

  it('changes only where batches split: joined, they list the UIDs in the order planned', () => {
    const uids = [90, 80, 70, 60, 50, 40, 30, 20, 10]
    const sizes = new Map(uids.map((uid) => [uid, uid * 1000]))
    for (const count of [1, 2, 3, 10, 200])
      expect(splitBySize(uids, sizes, { count, bytes: MB }).flat()).toEqual(uids)
  })
})
