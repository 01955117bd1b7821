// Discard in a composer, and its Undo, against Dovecot: the window deletes the draft as it does
// for any draft it lets go (drafts.delete naming the version it saw), the copy Rapport put in
// Drafts waits in draft_copies_to_delete until the next sync deletes it, and nothing else there
// goes. Undo saves the draft again, and the next sync puts it back up, files included.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { draftFile } from '../support/draft-input'
import { draftsFolder } from './fixtures/server-drafts-folder'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

async function openBox(name: string) {
  const box = await syncedMailbox(name, 2)
  /** Drafts as another mail program finds it: each copy's UID and message, by subject. */
  const serverDrafts = async () =>
    (await draftsFolder(box.other)).sort((a, b) => (a.mail.subject ?? '').localeCompare(b.mail.subject ?? ''))
  return Object.assign(box, { serverDrafts })
}

describe('a discarded draft on the server', () => {
  it('is deleted from Drafts at the next sync, beside the draft set aside, and back after Undo', async () => {
    const box = await openBox('dina')
    const pdf = randomBytes(4000)
    const written = {
      kind: 'new' as const,
      accountId: box.accountId,
      to: 'Ana Lima <ana@client.test>',
      cc: 'budi@client.test',
      subject: 'Quote for 40 chairs',
      text: 'Here is the quote.',
      later: '',
      attachments: [draftFile('quote.pdf', pdf)]
    }
    const saved = await box.fixture.call('drafts.save', written)
    // A draft Undo set aside beside it, and another program's draft: neither is touched.
    await box.fixture.call('drafts.save', {
      kind: 'new',
      asideId: 1,
      accountId: box.accountId,
      to: 'dewi@client.test',
      subject: 'Set aside',
      text: 'Kept beside it',
      later: ''
    })
    await box.other.append(
      'Drafts',
      'From: dina@example.test\r\nTo: eko@client.test\r\nSubject: From the phone\r\n' +
        'Message-ID: <phone-1@example.test>\r\n\r\nWritten on the phone\r\n',
      ['\\Draft', '\\Seen']
    )
    await box.sync()
    const before = await box.serverDrafts()
    expect(before.map((d) => d.mail.subject)).toEqual(['From the phone', 'Quote for 40 chairs', 'Set aside'])

    // Discard: the delete the window sends, naming what it saw.
    expect(
      await box.fixture.call('drafts.delete', {
        kind: 'new',
        seen: { id: saved.id, revision: saved.revision }
      })
    ).toEqual({ deleted: true })
    // Kept as a task until the server has it: a quit before the next sync loses nothing.
    const queued = box.db.prepare('SELECT message_id FROM draft_copies_to_delete').all()
    expect(queued).toEqual([{ message_id: before[1]!.mail.messageId }])
    await box.sync()
    const after = await box.serverDrafts()
    expect(after.map((d) => [d.uid, d.mail.subject])).toEqual([
      [before[0]!.uid, 'From the phone'],
      [before[2]!.uid, 'Set aside']
    ])
    expect(box.db.prepare('SELECT count(*) AS n FROM draft_copies_to_delete').get()).toEqual({ n: 0 })

    // Undo: the draft saved again as it was, files included, goes up again at the next sync.
    await box.fixture.call('drafts.save', { ...written, seen: null })
    await box.sync()
    const undone = await box.serverDrafts()
    expect(undone.map((d) => d.mail.subject)).toEqual(['From the phone', 'Quote for 40 chairs', 'Set aside'])
    const back = undone[1]!.mail
    expect(back.to).toMatchObject({ value: [{ name: 'Ana Lima', address: 'ana@client.test' }] })
    expect(back.cc).toMatchObject({ value: [{ address: 'budi@client.test' }] })
    expect(back.text?.trim()).toBe('Here is the quote.')
    expect(back.attachments.map((a) => [a.filename, a.content.equals(pdf)])).toEqual([['quote.pdf', true]])
    // A copy of its own: not the deleted one's Message-ID.
    expect(back.messageId).not.toBe(before[1]!.mail.messageId)
    expect([undone[0]!.uid, undone[2]!.uid]).toEqual([before[0]!.uid, before[2]!.uid])
  })
})
