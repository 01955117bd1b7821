// A slow link that drops every half minute or so: no connection lasts long enough to bring a
// default batch (200 messages) whole. The initial import used to start over with the same batch
// after each drop and never store anything; the proxy here cuts every connection after a fixed
// number of bytes from the server, so each pass's connection is cut the same way, at the same size.
import { describe, expect, it } from 'vitest'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

/** Bytes the server may send over one connection: far less than a default batch of this mailbox. */
const PER_CONNECTION = 400_000
const MESSAGES = 300

describe('an initial import over connections that are each cut after a few hundred kB', () => {
  it('fetches smaller batches after a cut mid-FETCH, so passes driven by sync.run store every message exactly once', async () => {
    const box = await faults.mailbox('shorty', MESSAGES)
    try {
      const firstBatch = box.corpus.slice(-200).reduce((sum, m) => sum + m.raw.length, 0)
      expect(firstBatch).toBeGreaterThan(2 * PER_CONNECTION)
      const stopCutting = box.proxy.cutEachAfter(PER_CONNECTION)
      const storedAfterPass: number[] = []
      let completed = false
      for (let pass = 0; pass < 15 && !completed; pass++) {
        const response = await settlesWithin(
          `pass ${pass + 1}`,
          box.fixture.core.dispatch('sync.run', { accountId: box.accountId })
        )
        if (response.ok) completed = true
        else expect(response.error.code).toBe('HOST_UNREACHABLE')
        storedAfterPass.push(box.stats().messages)
      }
      // Every pass but the first moved the import on: the first fetched a default batch, cut; the
      // next ones batches of a quarter of that, the one that arrived whole stored despite the cut.
      expect(completed, `stored after each pass: ${storedAfterPass.join(', ')}`).toBe(true)
      expect(storedAfterPass[0]).toBe(0)
      expect(storedAfterPass.slice(1, -1).every((n, i, all) => n > (i === 0 ? 0 : all[i - 1]!))).toBe(true)
      expect(box.proxy.accepted).toBe(storedAfterPass.length)
      stopCutting()
      await faults.expectConverged(box, MESSAGES)
    } finally {
      await close(box)
    }
  })
})
