// "Sync older mail" on a slow link that drops every half minute or so, as in
// sync-short-connections.test.ts: the proxy cuts every connection after a fixed number of bytes
// from the server. The backfill fetched its own full batches (200 messages), which never arrived
// whole there, so each run lost the same batch again and older mail never came.
import { describe, expect, it } from 'vitest'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

/** Bytes the server may send over one connection: far less than a default batch of this mailbox. */
const PER_CONNECTION = 400_000
const MESSAGES = 300
/** The newest messages the first import takes; the rest is older mail, for the backfill. */
const IMPORTED = 20
const RUNS = 20

describe('"Sync older mail" over connections that are each cut after a few hundred kB', () => {
  it('fetches smaller batches after a cut mid-FETCH, so runs bring every older message exactly once', async () => {
    // The retry after a failed batch never comes by itself: each run below is one the test starts.
    const box = await faults.mailbox(
      'olders',
      MESSAGES,
      {},
      { importLimit: IMPORTED, backfillRetryMs: 3_600_000 }
    )
    try {
      expect((await box.fixture.core.dispatch('sync.run', { accountId: box.accountId })).ok).toBe(true)
      expect(box.stats().messages).toBe(IMPORTED)
      const below = box.corpus.slice(0, -IMPORTED).slice(-200)
      expect(below.reduce((sum, m) => sum + m.raw.length, 0)).toBeGreaterThan(2 * PER_CONNECTION)
      const inbox = await box.fixture.folder(box.accountId, 'INBOX')
      const backfill = box.fixture.core.workspace.lifecycle.backfill
      const stopCutting = box.proxy.cutEachAfter(PER_CONNECTION)
      // Each run: "Sync older mail" (or "Try again"), its batches until one is cut or all are in.
      const storedAfterRun: number[] = []
      let done = false
      for (let run = 0; run < RUNS && !done; run++) {
        await box.fixture.call('backfill.start', { folderId: inbox.id })
        await settlesWithin(`run ${run + 1}`, backfill.settled())
        storedAfterRun.push(box.stats().messages)
        const status = box.fixture.backfillOf(box.accountId, inbox.id)
        done = status.state === 'done'
        if (!done) expect(status.error?.code).toBe('HOST_UNREACHABLE')
      }
      // The first run fetched a default batch and lost it; every later one moved the backfill on.
      expect(done, `stored after each run: ${storedAfterRun.join(', ')}`).toBe(true)
      expect(storedAfterRun[0]).toBe(IMPORTED)
      expect(storedAfterRun.slice(1).every((n, i) => n > storedAfterRun[i]!)).toBe(true)
      stopCutting()
      await faults.expectConverged(box, MESSAGES)
    } finally {
      await close(box)
    }
  })

  it('goes on by itself soon after each cut, not only after the longest retry wait', async () => {
    // The retry wait tops out at an hour here: the backfill only completes unattended if a cut
    // (the link back at once) is retried after a short wait that grows only while it keeps failing.
    const box = await faults.mailbox(
      'olderalone',
      MESSAGES,
      {},
      { importLimit: IMPORTED, backfillRetryMs: 3_600_000 }
    )
    try {
      expect((await box.fixture.core.dispatch('sync.run', { accountId: box.accountId })).ok).toBe(true)
      const inbox = await box.fixture.folder(box.accountId, 'INBOX')
      const stopCutting = box.proxy.cutEachAfter(PER_CONNECTION)
      await box.fixture.call('backfill.start', { folderId: inbox.id })
      const state = () => box.fixture.backfillOf(box.accountId, inbox.id).state
      await box.fixture.waitFor(
        'the backfill, cut again and again, completing by itself',
        () => state() === 'done',
        60_000
      )
      // It was cut on the way, and went on each time without anyone pressing "Try again".
      const cut = box.fixture.lastEvent(
        'sync.backfill',
        (s: { error: { code: string } | null }) => s.error?.code === 'HOST_UNREACHABLE'
      )
      expect(cut).not.toBeNull()
      stopCutting()
      await faults.expectConverged(box, MESSAGES)
    } finally {
      await close(box)
    }
  }, 90_000)
})
