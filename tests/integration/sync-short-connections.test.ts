// A slow link that drops every half minute or so: no connection lasts long enough to bring a
// default batch (200 messages) whole. The initial import used to start over with the same batch
// after each drop and never store anything; the proxy here cuts every connection after a fixed
// number of bytes from the server, so each pass's connection is cut the same way, at the same size.
import { describe, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'
import { localFolder, otherClient } from './fixtures/server-mailbox'

const faults = useFaultServer()

/** Bytes the server may send over one connection: far less than a default batch of this mailbox. */
const PER_CONNECTION = 400_000
const MESSAGES = 300

type Box = Awaited<ReturnType<typeof faults.mailbox>>

/**
 * Runs sync.run until one completes (at most `passes`), each failing only for the cut connection;
 * `before` runs ahead of each pass. Whether one completed, and `stored()` after each pass.
 */
async function passUntilComplete(
  box: Box,
  passes: number,
  stored: () => number,
  before: (pass: number) => Promise<void> = async () => {}
): Promise<{ completed: boolean; storedAfterPass: number[] }> {
  const storedAfterPass: number[] = []
  for (let pass = 0; pass < passes; pass++) {
    await before(pass)
    const response = await settlesWithin(
      `pass ${pass + 1}`,
      box.fixture.core.dispatch('sync.run', { accountId: box.accountId })
    )
    storedAfterPass.push(stored())
    if (response.ok) return { completed: true, storedAfterPass }
    expect(response.error.code).toBe('HOST_UNREACHABLE')
  }
  return { completed: false, storedAfterPass }
}

describe('an initial import over connections that are each cut after a few hundred kB', () => {
  it('fetches smaller batches after a cut mid-FETCH, so passes driven by sync.run store every message exactly once', async () => {
    const box = await faults.mailbox('shorty', MESSAGES)
    try {
      const firstBatch = box.corpus.slice(-200).reduce((sum, m) => sum + m.raw.length, 0)
      expect(firstBatch).toBeGreaterThan(2 * PER_CONNECTION)
      const stopCutting = box.proxy.cutEachAfter(PER_CONNECTION)
      const { completed, storedAfterPass } = await passUntilComplete(box, 15, () => box.stats().messages)
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

  it('keeps the smaller batches while small batches of new mail in the folders before arrive whole', async () => {
    // New mail in INBOX and Notes is a batch of one message each, every pass: arriving whole says
    // nothing of whether 200 would. Each doubled the limits back, so Zarchive's batch was the
    // default again by its turn, cut again, and the import stored nothing in 15 passes.
    const box = await faults.mailbox('grower', MESSAGES)
    try {
      const other = await otherClient(faults.server, box.user)
      try {
        await other.mailboxCreate('Notes')
        await other.mailboxCreate('Zarchive')
        await other.mailboxOpen('INBOX')
        await other.messageMove('1:*', 'Zarchive', { uid: true })
      } finally {
        await other.logout()
      }
      expect((await box.fixture.core.dispatch('sync.run', { accountId: box.accountId })).ok).toBe(true)
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      for (const path of ['Notes', 'Zarchive']) {
        const folder = folders.find((f) => f.path === path)!
        await box.fixture.call('folders.setSync', { folderId: folder.id, enabled: true })
      }
      const stopCutting = box.proxy.cutEachAfter(PER_CONNECTION)
      const { completed, storedAfterPass } = await passUntilComplete(
        box,
        15,
        () => localFolder(box.db, box.accountId, 'Zarchive').size,
        async (pass) => {
          await faults.deliver(box.user, `new in INBOX ${pass}`)
          const note = `Subject: note ${pass}\r\nMessage-ID: <note-${pass}@faults.example>\r\n\r\nHi.\r\n`
          await appendMessages(faults.server, box.user.user, box.user.password, 'Notes', [note])
        }
      )
      expect(completed, `stored in Zarchive after each pass: ${storedAfterPass.join(', ')}`).toBe(true)
      stopCutting()
      expect(localFolder(box.db, box.accountId, 'Zarchive').size).toBe(MESSAGES)
    } finally {
      await close(box)
    }
  })

  it('imports mail of a common size too, where ten messages are more than a connection brings', async () => {
    // 80 kB each (a newsletter with a picture): ten are 800 kB, twice what one connection brings.
    // With ten messages as the smallest batch, every batch was cut and nothing was ever stored.
    const box = await faults.mailbox('sizable', 0)
    try {
      const padding = 'x'.repeat(76) + '\r\n'
      const raws = Array.from({ length: 40 }, (_, i) =>
        [`Subject: sizable ${i}`, `Message-ID: <sizable-${i}@faults.example>`, '', padding.repeat(1000)].join(
          '\r\n'
        )
      )
      await appendMessages(faults.server, box.user.user, box.user.password, 'INBOX', raws)
      const stopCutting = box.proxy.cutEachAfter(PER_CONNECTION)
      const { completed, storedAfterPass } = await passUntilComplete(box, 30, () => box.stats().messages)
      expect(completed, `stored after each pass: ${storedAfterPass.join(', ')}`).toBe(true)
      stopCutting()
      await faults.expectConverged(box, raws.length)
    } finally {
      await close(box)
    }
  })
})
