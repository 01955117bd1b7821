// Dates in lists depend on the day they are read: today's mail shows its time alone ("09:14"),
// older mail its date ("2 Nov"). So whatever shows them renders again when the local day
// changes; otherwise, after midnight, yesterday's mail still reads as today's. One timer, to
// the next local midnight, serves every subscriber (each list row is one), and runs only while
// something is subscribed.
import { useSyncExternalStore } from 'react'

/**
 * A timer can fire late (the machine slept over midnight) or aim at the wrong midnight (the time
 * zone changed), so the day is checked at least this often, and whenever the window is shown.
 */
const LONGEST_WAIT_MS = 60 * 60_000

/** The local calendar day of `date`, as a key that changes exactly when the day does. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`
}

/** How long from `now` until the next local midnight (23 or 25 hours away on a DST change). */
export function untilNextMidnight(now: Date): number {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  return midnight.getTime() - now.getTime()
}

const listeners = new Set<() => void>()
let today = localDay(new Date())
let timer: ReturnType<typeof setTimeout> | null = null

function check(): void {
  if (timer !== null) clearTimeout(timer)
  timer = null
  const now = new Date()
  const day = localDay(now)
  if (day !== today) {
    today = day
    for (const listener of [...listeners]) listener()
  }
  if (listeners.size > 0) timer = setTimeout(check, Math.min(LONGEST_WAIT_MS, untilNextMidnight(now)))
}

function onVisibility(): void {
  if (document.visibilityState === 'visible') check()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (listeners.size === 1) {
    document.addEventListener('visibilitychange', onVisibility)
    check()
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size > 0) return
    document.removeEventListener('visibilitychange', onVisibility)
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
}

/** The local day ("2026-11-2"); the caller renders again when it changes. */
export function useToday(): string {
  return useSyncExternalStore(subscribe, () => today)
}
