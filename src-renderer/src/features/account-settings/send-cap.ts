// The daily send cap as the settings form reads it.

/** The contract's bounds for outbox.setDailyCap. */
export const DAILY_CAP_MIN = 1
export const DAILY_CAP_MAX = 100_000
/** Suggested when the cap is switched on and the provider names no limit of its own. */
export const DEFAULT_CAP = 200

/** The typed cap as a number, or null when it is not a whole number within the bounds. */
export function parseDailyCap(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return null
  const value = Number(trimmed)
  return value >= DAILY_CAP_MIN && value <= DAILY_CAP_MAX ? value : null
}
