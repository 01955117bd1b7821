// Snooze presets at 09:00 where the user is: the window sends its IANA time zone, which may not
// be the core's (web mode on a server in UTC, read from a browser in Jakarta). Days on which
// daylight saving time starts or ends, and zones whose date differs from UTC's, land on 09:00 too.
import { describe, expect, it } from 'vitest'
import { snoozeUntil } from '../../src-main/core/crm/snooze-times'
import { CoreError } from '../../src-main/core/errors'

const utc = (iso: string) => Date.parse(`${iso}Z`)

const formats = new Map<string, Intl.DateTimeFormat>()
/** The wall clock at `at` in `timeZone`: its date ("YYYY-MM-DD"), time ("HH:MM") and weekday. */
function wall(at: number, timeZone: string) {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short'
    })
    formats.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]))
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: parts.weekday
  }
}

const DAY = 86_400_000
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY)

describe('snooze presets in the user’s time zone', () => {
  it.each([
    // Europe/Berlin: summer time starts Sunday 29 March 2026 at 02:00 (+1 -> +2)...
    ['Europe/Berlin', 'tomorrow', '2026-03-28T19:00', '2026-03-29T07:00'],
    ['Europe/Berlin', 'next-monday', '2026-03-27T12:00', '2026-03-30T07:00'],
    // ...and ends Sunday 25 October 2026 at 03:00 (+2 -> +1).
    ['Europe/Berlin', 'tomorrow', '2026-10-24T20:00', '2026-10-25T08:00'],
    ['Europe/Berlin', 'next-monday', '2026-10-23T20:00', '2026-10-26T08:00'],
    // America/Sao_Paulo: summer time started at midnight (4 November 2018, 00:00 -> 01:00, -3 -> -2)...
    ['America/Sao_Paulo', 'tomorrow', '2018-11-03T15:00', '2018-11-04T11:00'],
    // ...ended 17 February 2019 (-2 -> -3), and has not been used since.
    ['America/Sao_Paulo', 'tomorrow', '2019-02-16T15:00', '2019-02-17T12:00'],
    ['America/Sao_Paulo', 'tomorrow', '2026-01-05T15:00', '2026-01-06T12:00'],
    // Asia/Jakarta (+7): at 03:00 on Monday there it is still Sunday in UTC.
    ['Asia/Jakarta', 'tomorrow', '2026-01-04T20:00', '2026-01-06T02:00'],
    ['Asia/Jakarta', 'next-monday', '2026-01-04T20:00', '2026-01-12T02:00'],
    ['Asia/Jakarta', 'tomorrow', '2026-01-05T03:00', '2026-01-06T02:00'],
    // Australia/Lord_Howe moves by half an hour: +10:30 -> +11 on 4 October 2026 at 02:00...
    ['Australia/Lord_Howe', 'tomorrow', '2026-10-03T01:30', '2026-10-03T22:00'],
    // ...and +11 -> +10:30 on 5 April 2026 at 02:00.
    ['Australia/Lord_Howe', 'tomorrow', '2026-04-04T01:00', '2026-04-04T22:30'],
    ['Australia/Lord_Howe', 'next-monday', '2026-04-03T01:00', '2026-04-05T22:30']
  ] as const)('%s %s from %s UTC is %s UTC', (timeZone, preset, now, until) => {
    const at = snoozeUntil(preset, utc(now), timeZone)
    expect(new Date(at).toISOString()).toBe(new Date(utc(until)).toISOString())
    expect(wall(at, timeZone).time).toBe('09:00')
  })

  it('snoozes until 09:00 on every day of a year, in zones with and without summer time', () => {
    for (const timeZone of ['Europe/Berlin', 'America/Sao_Paulo', 'Asia/Jakarta', 'Australia/Lord_Howe']) {
      for (let day = 0; day < 366; day++) {
        for (const hour of [1, 13, 22]) {
          const now = Date.UTC(2026, 0, 1 + day, hour, 17)
          const today = wall(now, timeZone)
          const tomorrow = wall(snoozeUntil('tomorrow', now, timeZone), timeZone)
          expect({ time: tomorrow.time, days: daysBetween(today.date, tomorrow.date) }).toEqual({
            time: '09:00',
            days: 1
          })
          const monday = wall(snoozeUntil('next-monday', now, timeZone), timeZone)
          const days = daysBetween(today.date, monday.date)
          expect({ time: monday.time, weekday: monday.weekday }).toEqual({ time: '09:00', weekday: 'Mon' })
          expect(days).toBe(today.weekday === 'Mon' ? 7 : days)
          expect(days >= 1 && days <= 7).toBe(true)
        }
      }
    }
  })

  it('keeps 1 and 3 hours as they are', () => {
    const now = utc('2026-03-29T00:30')
    expect(snoozeUntil('1h', now, 'Europe/Berlin')).toBe(now + 3_600_000)
    expect(snoozeUntil('3h', now, 'Europe/Berlin')).toBe(now + 3 * 3_600_000)
  })

  it('refuses a time zone it does not know, with INVALID_INPUT on timeZone', () => {
    for (const preset of ['1h', 'tomorrow'] as const) {
      let error: unknown
      try {
        snoozeUntil(preset, 0, 'Mars/Olympus_Mons')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CoreError)
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'timeZone' })
      expect((error as Error).message).toMatch(/Mars\/Olympus_Mons.*not a time zone/)
    }
  })
})
