// A message over the batch limit is streamed from the server into the parser in pieces, each its
// own FETCH (sync/fetch-and-parse.ts). A connection lost midway must store nothing of it, and
// record no progress past it: the next pass fetches it again and stores it whole.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { STREAM_FROM_BYTES } from '../../src-main/core/sync/fetch-and-parse'
import { mailWithAttachments } from '../support/attachment-mail'
import { appendMessages } from '../support/dovecot'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

describe('a large message streamed over a connection that is cut midway', () => {
  it('stores nothing of it and records no progress past it; the next pass stores it whole', async () => {
    const box = await faults.mailbox('halfway', 3)
    try {
      const attachment = randomBytes(Math.ceil(STREAM_FROM_BYTES * 0.8))
      const raw = mailWithAttachments({
        messageId: '<scans@client.test>',
        to: 'halfway@example.test',
        attachments: [{ bytes: attachment, filename: 'scans.bin' }]
      })
      expect(raw.length).toBeGreaterThan(STREAM_FROM_BYTES)
      await appendMessages(faults.server, box.user.user, box.user.password, 'INBOX', [raw])
      // Far into the message, well past its first pieces.
      const stopCutting = box.proxy.cutEachAfter(Math.round(STREAM_FROM_BYTES * 0.6))
      const cut = await settlesWithin(
        'the cut pass',
        box.fixture.core.dispatch('sync.run', { accountId: box.accountId })
      )
      expect(cut.ok).toBe(false)
      expect(box.has('<scans@client.test>')).toBe(false)
      expect(box.db.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 0 })
      stopCutting()
      const again = await settlesWithin(
        'the next pass',
        box.fixture.core.dispatch('sync.run', { accountId: box.accountId })
      )
      expect(again.ok).toBe(true)
      expect(
        box.db
          .prepare(
            `SELECT m.size, a.filename, a.size AS attachmentSize FROM messages m
             JOIN attachments a ON a.message_pk = m.id WHERE m.message_id = '<scans@client.test>'`
          )
          .all()
      ).toEqual([{ size: Buffer.byteLength(raw), filename: 'scans.bin', attachmentSize: attachment.length }])
      await faults.expectConverged(box, 4)
    } finally {
      await close(box)
    }
  }, 60_000)
})
