import { BATCH_BYTES, BATCH_SIZE, type BatchLimits } from './fetch-batches'

const DEFAULT_LIMITS: BatchLimits = { count: BATCH_SIZE, bytes: BATCH_BYTES }
/**
 * One message: each that fits in what a connection brings then arrives. A floor of 10 messages and
 * 1 MB never arrived where a connection brings 400 kB and mail is 80 kB (a newsletter with a
 * picture), and the import stored nothing, ever. A FETCH per message costs only after many cuts.
 */
const FLOOR: BatchLimits = { count: 1, bytes: 64 * 1024 }

/** One account's side of CutBatchLimits, for a pass of that account. */
export type AccountBatchLimits = {
  /** The limits for the next batches; the ones a cut then shrinks. */
  limits(): BatchLimits
  /** The connection was lost while a batch FETCH ran: the batch, never stored, is fetched again. */
  cut(): void
  /** A batch of `count` messages and `bytes` of source arrived whole. */
  fetched(batch: BatchLimits): void
}

/**
 * Batch limits of accounts whose connection was cut mid-FETCH, in memory. On a slow link that
 * drops every half minute, a default batch may never arrive whole: each pass fetched the same
 * batch again, lost it again, and stored nothing, ever. A cut quarters the limits the cut batch
 * was formed with (down to FLOOR), so a later pass fetches batches that arrive between drops;
 * each batch that arrives whole doubles them back towards the defaults, which batches formed
 * after that use. An account never cut keeps the defaults (the benchmark measures those).
 *
 * Only where the batches split changes, never their order (fetch-batches.ts): mail is still
 * stored in the order the plan lists it, so the synced range stays without a gap.
 */
export class CutBatchLimits {
  private readonly shrunk = new Map<number, { now: BatchLimits; inUse: BatchLimits }>()

  forAccount(accountId: number): AccountBatchLimits {
    return {
      limits: () => {
        const state = this.shrunk.get(accountId)
        if (!state) return DEFAULT_LIMITS
        // Grown back: forgotten only now, as a cut before would shrink the limits still in use.
        if (state.now.count === DEFAULT_LIMITS.count && state.now.bytes === DEFAULT_LIMITS.bytes) {
          this.shrunk.delete(accountId)
          return DEFAULT_LIMITS
        }
        state.inUse = state.now
        return state.now
      },
      cut: () => {
        const inUse = this.shrunk.get(accountId)?.inUse ?? DEFAULT_LIMITS
        const now = scaled(inUse, 1 / 4)
        this.shrunk.set(accountId, { now, inUse: now })
      },
      fetched: (batch) => {
        const state = this.shrunk.get(accountId)
        if (!state) return
        // Only a batch near the limits in use says larger ones may arrive: new mail's batch of one
        // message, in each folder before the one importing, grew them back to the defaults, and
        // that folder's next batch was cut again, pass after pass.
        const { inUse } = state
        if (batch.count * 2 >= inUse.count || batch.bytes * 2 >= inUse.bytes) state.now = scaled(state.now, 2)
      }
    }
  }
}

function scaled(limits: BatchLimits, factor: number): BatchLimits {
  const within = (value: number, floor: number, ceiling: number) =>
    Math.min(ceiling, Math.max(floor, Math.floor(value * factor)))
  return {
    count: within(limits.count, FLOOR.count, DEFAULT_LIMITS.count),
    bytes: within(limits.bytes, FLOOR.bytes, DEFAULT_LIMITS.bytes)
  }
}
