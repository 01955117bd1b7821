export type SnoozePreset = '1h' | '3h' | 'tomorrow' | 'next-monday'

const HOUR = 3_600_000

/**
 * When a snooze preset ends, in the computer's local time: 1 hour, 3 hours, tomorrow 09:00, or
 * next Monday 09:00 (a week ahead when today is Monday).
 */
export function snoozeUntil(preset: SnoozePreset, now: number): number {
  if (preset === '1h') return now + HOUR
  if (preset === '3h') return now + 3 * HOUR
  const date = new Date(now)
  const days = preset === 'tomorrow' ? 1 : (8 - date.getDay()) % 7 || 7
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, 9, 0, 0, 0).getTime()
}
