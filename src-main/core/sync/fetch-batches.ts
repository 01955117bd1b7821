import type { ImapFlow } from 'imapflow'
import { fetchMessages } from '../mail-server/guarded-commands'
import { normalizeFlags } from '../store/message-flags'
import { chunk, splitBy, toSequenceSet } from './uid-plan'

/** Messages per fetched batch. */
export const BATCH_SIZE = 200
/**
 * Messages per store transaction: the longest stretch the core is busy and a UI command waits.
 * Measured at 10k (2026-12-02): a slice took 16 ms at p50 and 80 ms at p99 at 25 messages, 32
 * and 110 ms at 50, and the import's time was the same (12.5–13.1 s): on two cores it is
 * CPU-bound overall, so the store's per-commit saving at 50 or 100 (10–25 % of its own CPU in
 * isolation) did not reach the wall clock, and the core's event-loop p99 rose from ~110 to
 * ~150 ms (100: 250 ms). On a faster machine (2026-12-04), 100 took 5.30–5.56 s against
 * 5.82–6.82 s, a tenth less, but the p99 went from 49–66 to 113–121 ms.
 */
export const STORE_SLICE = 25
/**
 * Message source per batch. Two batches are in flight (one parsing, one fetching), so an import
 * holds at most about twice this much raw mail, however large the messages in the folder are.
 */
export const BATCH_BYTES = 16 * 1024 * 1024
/** UIDs whose sizes are asked for in one FETCH: few round trips, a small answer. */
const SIZE_LOOKAHEAD = 2000

export type BatchLimits = { count: number; bytes: number }

export type Fetched = {
  uid: number
  flags: string[]
  source: Buffer
  internalDate: Date | undefined
  modseq: string | null
}

/**
 * Groups UIDs, in the order given, into batches of at most `count` messages and `bytes` of
 * source (RFC822.SIZE); a message larger than `bytes` is a batch of its own. Limits given as a
 * function are read again for each group of SIZE_LOOKAHEAD UIDs (see CutBatchLimits). `sizes`,
 * when given, holds the sizes of the UIDs of the batch yielded last (and of its group).
 */
export async function* sizedBatches(
  client: ImapFlow,
  uids: number[],
  limits: BatchLimits | (() => BatchLimits) = { count: BATCH_SIZE, bytes: BATCH_BYTES },
  sizes = new Map<number, number>()
): AsyncGenerator<number[]> {
  for (const group of chunk(uids, SIZE_LOOKAHEAD)) {
    sizes.clear()
    for await (const message of fetchMessages(client, toSequenceSet(group), { uid: true, size: true }))
      sizes.set(message.uid, message.size ?? 0)
    yield* splitBySize(group, sizes, typeof limits === 'function' ? limits() : limits)
  }
}

/** The pure part of sizedBatches. UIDs the server did not size (expunged meanwhile) count as 0. */
export function splitBySize(uids: number[], sizes: Map<number, number>, limits: BatchLimits): number[][] {
  return splitBy(uids, (uid) => sizes.get(uid) ?? 0, limits)
}

/** Collects a whole batch first: no other IMAP command may run inside a FETCH iteration. */
export async function fetchBatch(client: ImapFlow, uids: number[]): Promise<Fetched[]> {
  const out: Fetched[] = []
  const query = { uid: true, flags: true, source: true, internalDate: true }
  for await (const message of fetchMessages(client, toSequenceSet(uids), query)) {
    if (!message.source) continue
    out.push({
      uid: message.uid,
      flags: normalizeFlags(message.flags ?? []),
      source: message.source,
      internalDate: message.internalDate instanceof Date ? message.internalDate : undefined,
      modseq: message.modseq !== undefined ? String(message.modseq) : null
    })
  }
  return out
}

/** The source bytes of a fetched batch, for AccountBatchLimits.fetched. */
export function sourceBytes(fetched: Fetched[]): number {
  return fetched.reduce((sum, message) => sum + message.source.length, 0)
}
