// The workspace's hybrid logical clock: the order its timestamps sort in is the order last-writer-
// wins merging of shared rows trusts, so every timestamp must sort after every one seen before.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import {
  DEFAULT_MAX_AHEAD_MS,
  formatHlc,
  HybridClock,
  parseHlc,
  RemoteClockAheadError
} from '../../src-main/core/db/hybrid-clock'

const T = 1_767_225_600_000 // 2026-01-01
const HOUR = 3_600_000

function clockAt(time: { ms: number }, nodeId = 'aaaaaaaaaaaaaaaa', after?: string) {
  return new HybridClock(nodeId, () => time.ms, { after })
}

/** True when the list is already in string order: what merging compares. */
function sorted(stamps: string[]): boolean {
  return stamps.every((stamp, i) => i === 0 || stamps[i - 1]! < stamp)
}

describe('hybrid clock timestamps', () => {
  it('sort in the order they were given, whether the wall clock stands still or goes back', () => {
    const time = { ms: T }
    const clock = clockAt(time)
    const stamps = [clock.tick(), clock.tick()]
    time.ms = T - HOUR
    stamps.push(clock.tick(), clock.tick())
    time.ms = T + 1
    stamps.push(clock.tick())
    expect(stamps.map((s) => s.slice(0, 20))).toEqual([
      formatHlc(T, 0, '').slice(0, 20),
      formatHlc(T, 1, '').slice(0, 20),
      formatHlc(T, 2, '').slice(0, 20),
      formatHlc(T, 3, '').slice(0, 20),
      formatHlc(T + 1, 0, '').slice(0, 20)
    ])
    expect(sorted(stamps)).toBe(true)
  })

  it('sort as text the way their times compare, across digit counts and base-36 counters', () => {
    const stamps = [
      formatHlc(999, 35, 'b'),
      formatHlc(1000, 0, 'a'),
      formatHlc(1000, 9, 'a'),
      formatHlc(1000, 10, 'a'),
      formatHlc(1000, 10, 'b'),
      formatHlc(T, 36 ** 4 - 1, 'a')
    ]
    expect(sorted(stamps)).toBe(true)
    expect(parseHlc(stamps[3]!)).toEqual({ ms: 1000, counter: 10, nodeId: 'a' })
  })

  it('move to the next millisecond when the counter runs out of digits, and keep sorting', () => {
    const time = { ms: T - HOUR }
    const clock = clockAt(time, 'aaaaaaaaaaaaaaaa', formatHlc(T, 36 ** 4 - 1, 'aaaaaaaaaaaaaaaa'))
    const next = clock.tick()
    expect(next).toBe(formatHlc(T + 1, 0, 'aaaaaaaaaaaaaaaa'))
  })

  it('start past the timestamp given as the last one, with the wall clock set back', () => {
    const last = formatHlc(T, 5, 'aaaaaaaaaaaaaaaa')
    const clock = clockAt({ ms: T - HOUR }, 'aaaaaaaaaaaaaaaa', last)
    expect(clock.tick()).toBe(formatHlc(T, 6, 'aaaaaaaaaaaaaaaa'))
  })
})

describe('receiving a teammate timestamp', () => {
  it('makes the next local timestamp sort after one from a clock ahead of ours', () => {
    const time = { ms: T }
    const clock = clockAt(time)
    const theirs = formatHlc(T + 5 * 60_000, 7, 'bbbbbbbbbbbbbbbb')
    const received = clock.receive(theirs)
    const next = clock.tick()
    expect({ received, afterTheirs: received > theirs && next > received }).toEqual({
      received: formatHlc(T + 5 * 60_000, 8, 'aaaaaaaaaaaaaaaa'),
      afterTheirs: true
    })
  })

  it('follows the receive rule for each of the wall clock, our last and theirs being the highest', () => {
    const time = { ms: T }
    const clock = clockAt(time)
    clock.tick() // ours: T/0
    // Theirs is behind and the wall clock has not moved: our last stays, its counter goes on.
    const behind = clock.receive(formatHlc(T - 10, 3, 'b'))
    // Theirs equals our millisecond with a higher counter: the higher counter goes on.
    const same = clock.receive(formatHlc(T, 9, 'b'))
    // The wall clock is ahead of both: it wins and the counter starts over.
    time.ms = T + 50
    const wall = clock.receive(formatHlc(T + 20, 4, 'b'))
    expect([behind, same, wall].map((s) => s.slice(0, 20))).toEqual([
      formatHlc(T, 1, '').slice(0, 20),
      formatHlc(T, 10, '').slice(0, 20),
      formatHlc(T + 50, 0, '').slice(0, 20)
    ])
  })

  it('refuses a timestamp from a clock more than a day ahead, and is left as it was', () => {
    const time = { ms: T }
    const clock = clockAt(time)
    const before = clock.tick()
    const farAhead = formatHlc(T + 365 * 24 * HOUR, 0, 'bbbbbbbbbbbbbbbb')
    const refused = (() => {
      try {
        clock.receive(farAhead)
        return null
      } catch (error) {
        return error
      }
    })()
    expect(refused).toBeInstanceOf(RemoteClockAheadError)
    expect((refused as RemoteClockAheadError).aheadMs).toBe(365 * 24 * HOUR)
    expect(clock.tick()).toBe(formatHlc(T, 1, before.slice(21)))
    // A day ahead, the bound itself, is taken in.
    expect(parseHlc(clock.receive(formatHlc(T + DEFAULT_MAX_AHEAD_MS, 0, 'b')))?.ms).toBe(
      T + DEFAULT_MAX_AHEAD_MS
    )
  })

  it('refuses something that is not a timestamp', () => {
    const clock = clockAt({ ms: T })
    expect(() => clock.receive('h')).toThrow(/Not a hybrid clock timestamp/)
  })
})

describe('the workspace clock', () => {
  it('starts past the last timestamp it reached, kept in the workspace, with the wall clock set back', () => {
    const db = openDatabase(':memory:')
    const time = { ms: T }
    const first = HybridClock.forDatabase(db, () => time.ms)
    first.tick()
    const last = first.receive(formatHlc(T + HOUR, 0, 'bbbbbbbbbbbbbbbb'))
    time.ms = T - HOUR
    const next = HybridClock.forDatabase(db, () => time.ms).tick()
    expect({ sameNode: next.slice(21) === first.nodeId, after: next > last }).toEqual({
      sameNode: true,
      after: true
    })
  })

  it('starts past the highest timestamp stored in its rows when it kept none (older workspaces)', () => {
    const db = openDatabase(':memory:')
    const stored = formatHlc(T, 3, 'cccccccccccccccc')
    db.prepare(
      `INSERT INTO members (id, name, email, role, created_at, hlc) VALUES ('m1', 'Me', 'me@x.test', 'owner', 0, 'h'),
       ('m2', 'Ana', 'ana@x.test', 'agent', 0, ?)`
    ).run(stored)
    db.prepare(`INSERT INTO teams (id, name, created_at, hlc) VALUES ('t1', 'Sales', 0, ?)`).run(
      formatHlc(T - 1, 9, 'c')
    )
    const next = HybridClock.forDatabase(db, () => T - HOUR).tick()
    expect(next > stored && next.startsWith(formatHlc(T, 4, ''))).toBe(true)
  })

  it('gives two processes on one workspace (the app, the CLI) distinct timestamps, in the order made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-hlc-'))
    try {
      const file = join(dir, 'rapport.sqlite')
      const appDb = openDatabase(file)
      const cliDb = openDatabase(file)
      const appTime = { ms: T }
      const cliTime = { ms: T }
      const app = HybridClock.forDatabase(appDb, () => appTime.ms)
      const cli = HybridClock.forDatabase(cliDb, () => cliTime.ms)
      const stamps = [app.tick(), cli.tick(), app.tick()]
      // The CLI's machine clock an hour ahead, then set right: the app's next edit still follows.
      cliTime.ms = T + HOUR
      stamps.push(cli.tick(), app.tick(), cli.tick())
      expect({
        sameNode: app.nodeId === cli.nodeId,
        inOrder: sorted(stamps),
        distinct: new Set(stamps).size
      }).toEqual({
        sameNode: true,
        inOrder: true,
        distinct: stamps.length
      })
      appDb.close()
      cliDb.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
