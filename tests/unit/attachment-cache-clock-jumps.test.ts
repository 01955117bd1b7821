// Bytes a parse worker cached wait unreferenced for their import's commit. A wall clock set ahead
// (NTP after a dead clock battery) or a sleep must not make them look an hour old and go meanwhile.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LifecycleServices, type LifecycleDeps } from '../../src-main/core/accounts/lifecycle-services'
import { ManualClock, systemClock } from '../../src-main/core/clock'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { memoryWorkspace } from './fixtures/workspace'

const HOUR_MS = 60 * 60 * 1000
const dirs: string[] = []
const caches: AttachmentCache[] = []
beforeEach(() => {
  // Date.now() is what the cache stamps bytes with; the monotonic and boot clocks are the test's.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.UTC(2026, 0, 1))
})
afterEach(() => {
  vi.useRealTimers()
  for (const cache of caches.splice(0)) cache.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function setup() {
  const monotonic = new ManualClock(0)
  const sinceBoot = new ManualClock(0)
  const dir = mkdtempSync(join(tmpdir(), 'rapport-cache-jumps-'))
  dirs.push(dir)
  const cache = new AttachmentCache(dir, undefined, { wall: systemClock, monotonic, sinceBoot })
  caches.push(cache)
  const { db } = memoryWorkspace()
  // The sweep reads only the database and the cache; the rest is never reached.
  const lifecycle = new LifecycleServices({
    db,
    cache,
    sync: { reachability: { onBackOnline: () => {} } }
  } as unknown as LifecycleDeps)
  /** Time this process runs: all three clocks move together. */
  const run = (ms: number) => {
    monotonic.advance(ms)
    sinceBoot.advance(ms)
    vi.setSystemTime(Date.now() + ms)
  }
  return { cache, db, lifecycle, monotonic, sinceBoot, run }
}

describe('attachment cache and clock jumps', () => {
  it('keeps bytes cached a minute before the clock was set ahead, in the sweep and a release, until an hour has run', () => {
    const { cache, db, lifecycle, run } = setup()
    const key = cache.put(Buffer.from('%PDF under way'))!
    run(60_000)
    vi.setSystemTime(Date.now() + 3 * HOUR_MS)
    expect(lifecycle.sweepAttachments()).toBe(0)
    cache.release(db, [key])
    expect(cache.read(key)).not.toBeNull()
    // Unreferenced an hour of running time after the put: stored by no import, so it goes.
    run(HOUR_MS)
    expect(lifecycle.sweepAttachments()).toBe(1)
    expect(cache.read(key)).toBeNull()
  })

  it('keeps bytes cached just before a sleep, which an import stores after the wake', () => {
    const { cache, lifecycle, sinceBoot, run } = setup()
    const key = cache.put(Buffer.from('%PDF before the lid closed'))!
    run(60_000)
    sinceBoot.advance(8 * HOUR_MS)
    vi.setSystemTime(Date.now() + 8 * HOUR_MS)
    expect(lifecycle.sweepAttachments()).toBe(0)
    expect(cache.read(key)).not.toBeNull()
  })
})
