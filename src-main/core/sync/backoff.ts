export type BackoffPolicy = { baseMs: number; maxMs: number }

/**
 * Exponential backoff with jitter: the ceiling doubles per attempt up to maxMs, and the delay is
 * drawn from its upper half, so many clients cut off together do not come back together, and no
 * retry comes immediately.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
