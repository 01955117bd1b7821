// How the real-time loop (AccountWatcher) paces itself: polls, the IDLE watchdog and reconnects.
import type { BackoffPolicy } from './backoff'

export type RealtimeSettings = {
  /** How often the synced folders other than INBOX are polled. */
  pollIntervalMs: number
  /** IDLE is re-issued this often with a NOOP in between: a silent, dead connection shows up here. */
  idleRestartMs: number
  /** A NOOP not answered within this time means the connection is dead. */
  noopTimeoutMs: number
  /**
   * After "Sync now", an IDLE not ended within this time means the connection is dead: the user
   * is waiting, and a live server answers DONE in one round trip.
   */
  hurriedBreakMs: number
  reconnect: BackoffPolicy
  /**
   * A session that stays up this long after its first pass starts the reconnect backoff over. A
   * server (or a middlebox) that drops every session just after its first pass is otherwise
   * reconnected to, with a full pass, about once a second for ever.
   */
  stableAfterMs: number
}

export const DEFAULT_REALTIME: RealtimeSettings = {
  pollIntervalMs: 2 * 60_000,
  idleRestartMs: 5 * 60_000,
  noopTimeoutMs: 30_000,
  hurriedBreakMs: 3_000,
  reconnect: { baseMs: 1_000, maxMs: 5 * 60_000 },
  stableAfterMs: 60_000
}
