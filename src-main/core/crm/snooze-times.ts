import { CoreError } from '../errors'

export type SnoozePreset = '1h' | '3h' | 'tomorrow' | 'next-monday'

const HOUR = 3_600_000

/**
 * When a snooze preset ends: 1 hour, 3 hours, tomorrow 09:00, or next Monday 09:00 (a week ahead
 * when today is Monday). 09:00 is where the user is: in `timeZone` (an IANA name, as a window
 * sends it: in web mode the core may run in another zone than the browser), else in the core
 * process's own zone (the CLI, the sample workspace). Correct across daylight saving changes.
 */
export function snoozeUntil(preset: SnoozePreset, now: number, timeZone?: string): number {
  const zone = timeZone === undefined ? null : zoneFormat(timeZone)
  if (preset === '1h') return now + HOUR
  if (preset === '3h') return now + 3 * HOUR
  if (!zone) {
    const date = new Date(now)
    return new Date(
      date.getFullYear(),
      date.getMonth(),
      date.getDate() + daysAhead(preset, date.getDay()),
      9
    ).getTime()
  }
  // Today's date where the user is, then 09:00 on the day wanted, as a UTC wall-clock number.
  const today = wallClock(zone, now)
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay()
  const wanted = Date.UTC(today.year, today.month - 1, today.day + daysAhead(preset, weekday), 9)
  return instantOf(zone, wanted)
}

/** Days from today (weekday 0 = Sunday) to the preset's day. */
function daysAhead(preset: 'tomorrow' | 'next-monday', weekday: number): number {
  return preset === 'tomorrow' ? 1 : (8 - weekday) % 7 || 7
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** A formatter giving the wall clock in `timeZone`; INVALID_INPUT for a zone Intl does not know. */
export function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (format) return format
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
  } catch {
    throw new CoreError(
      'INVALID_INPUT',
      `"${timeZone}" is not a time zone Rapport knows: give an IANA name such as Europe/Berlin.`,
      'timeZone'
    )
  }
  if (formats.size > 100) formats.clear()
  formats.set(timeZone, format)
  return format
}

function wallClock(zone: Intl.DateTimeFormat, at: number) {
  const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0)
  const parts = zone.formatToParts(new Date(at))
  return {
    year: part(parts, 'year'),
    month: part(parts, 'month'),
    day: part(parts, 'day'),
    hour: part(parts, 'hour') % 24,
    minute: part(parts, 'minute'),
    second: part(parts, 'second')
  }
}

/** The zone's offset from UTC at the instant `at` (local wall clock = at + offset), in ms. */
function offsetAt(zone: Intl.DateTimeFormat, at: number): number {
  const w = wallClock(zone, at)
  const whole = Math.floor(at / 1000) * 1000
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole
}

/**
 * The instant whose wall clock in the zone reads `wall` (a wall-clock time written as UTC). The
 * offset is guessed at `wall` itself and corrected once it is known at the guess. A time skipped
 * by a change to summer time is taken as Date takes one: with the offset before the change, so
 * it lands that much later.
 */
function instantOf(zone: Intl.DateTimeFormat, wall: number): number {
  let at = wall - offsetAt(zone, wall)
  for (let i = 0; i < 3; i++) {
    const next = wall - offsetAt(zone, at)
    if (next === at) return at
    // In a gap the guess flips between the two sides: the later one keeps the earlier offset.
    if (wall - offsetAt(zone, next) === at) return Math.max(at, next)
    at = next
  }
  return at
}
