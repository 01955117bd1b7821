// "Sync older mail" when the re-sync a renumbered folder needs cannot be made, on Dovecot behind
// the fault proxy.
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { closeFaultMailbox, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

describe('a backfill of a renumbered folder whose re-sync pass fails', () => {
  it('runs one re-sync pass for the renumbering, not one at every retry of the batch', async () => {
    const box = await faults.mailbox(
      'bren',
      30,
      {},
      { importLimit: 10, backfillBatch: 10, backfillRetryMs: 50 }
    )
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inbox = await box.fixture.folder(box.accountId, 'INBOX')
      await faults.server.doveadm([
        'mailbox',
        'update',
        '-u',
        box.user.user,
        '--uid-validity',
        '4343',
        'INBOX'
      ])
      // Every pass fails at its first step, the folder list.
      const refusal = box.proxy.refuse(/^\S+ LIST "" "\*"/i, 'NO [UNAVAILABLE] Try again later')
      let failures = 0
      let passes = 0
      const off = box.fixture.core.events.subscribe((name, payload) => {
        if (name === 'sync.progress' && (payload as { phase: string }).phase === 'connecting') passes++
        const status = payload as BackfillStatus
        if (name === 'sync.backfill' && status.folderId === inbox.id && status.error) failures++
      })
      try {
        await box.fixture.call('backfill.start', { folderId: inbox.id })
        await box.fixture.waitFor('four failed tries', () => failures >= 4)
      } finally {
        off()
        refusal.stop()
      }
      expect(passes).toBe(1)
      expect(box.fixture.backfillOf(box.accountId, inbox.id).error?.message).toMatch(/re-synced first/)
    } finally {
      await closeFaultMailbox(box)
    }
  })
})
