// Another program's HTML draft continued in Rapport's plain-text composer, against Dovecot: one
// whose formatting the text loses (bold, a pasted image) is listed as such, and its copy stays in
// Drafts beside Rapport's until the draft continuing it is sent; one that is only paragraphs is
// replaced by Rapport's copy at the next sync, as a plain-text draft is.
import { describe, expect, it } from 'vitest'
import { RELEASE_GRACE_MS } from '../../src-main/core/drafts/draft-uploader'
import { draftMail, htmlOnly, htmlWithPastedImage } from '../support/draft-mail'
import { serverFolder } from './fixtures/server-mailbox'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

describe("continuing another program's HTML drafts", () => {
  it('keeps a formatted original on the server until the message is sent, and replaces a plain one', async () => {
    const box = await syncedMailbox('una', 1)
    const idsInDrafts = async () =>
      [...(await serverFolder(box.other, 'Drafts')).values()].map((m) => m.messageId).sort()
    const phoneDraft = (id: string, subject: string, mime: string[]) =>
      box.other.append('Drafts', draftMail('una', { id, to: 'pat@prospect.test', subject, mime }), [
        '\\Seen',
        '\\Draft'
      ])
    await phoneDraft(
      '<styled@phone.test>',
      'Styled offer',
      htmlWithPastedImage(
        '<p>Our price: <b>200 chairs</b></p><p><img src="cid:logo@phone"></p>',
        'logo@phone'
      )
    )
    await phoneDraft(
      '<simple@phone.test>',
      'Simple offer',
      htmlOnly('<div>Hi Pat,</div><div><br></div><div>Prices follow.</div>')
    )
    await box.sync()

    const listed = await box.fixture.call('drafts.onServer', {})
    const styled = listed.find((d) => d.subject === 'Styled offer')!
    const simple = listed.find((d) => d.subject === 'Simple offer')!
    expect(styled.losesFormatting).toBe(true)
    // Saved as HTML alone, it still comes with its words (made text as it was synced).
    expect(styled.text).toContain('Our price: 200 chairs')
    expect(simple.losesFormatting).toBe(false)
    expect(simple.text).toMatch(/^Hi Pat,\n+Prices follow\.$/)

    const newMessage = {
      kind: 'new' as const,
      accountId: box.accountId,
      to: 'pat@prospect.test',
      subject: 'Styled offer',
      later: ''
    }
    await box.fixture.call('drafts.save', { ...newMessage, text: styled.text, continues: styled.copies })
    await box.fixture.call('drafts.save', {
      ...newMessage,
      asideId: 1,
      subject: 'Simple offer',
      text: simple.text,
      continues: simple.copies
    })
    await box.sync()
    // Rapport's two copies are up; the simple original is gone, the styled one stays.
    let ids = await idsInDrafts()
    expect(ids).toHaveLength(3)
    expect(ids).toContain('<styled@phone.test>')
    expect(ids).not.toContain('<simple@phone.test>')
    // Claimed still, it is not offered again while the draft continuing it is written.
    expect(await box.fixture.call('drafts.onServer', {})).toEqual([])

    // Changed and synced again: Rapport's copy is replaced, the original still stays.
    await box.fixture.call('drafts.save', {
      ...newMessage,
      text: 'Our price: 200 chairs, delivered',
      continues: styled.copies
    })
    await box.sync()
    ids = await idsInDrafts()
    expect(ids).toHaveLength(3)
    expect(ids).toContain('<styled@phone.test>')

    // Sent, as the composer sends: handed to the outbox, the draft then deleted.
    await box.fixture.call('outbox.send', {
      accountId: box.accountId,
      to: ['pat@prospect.test'],
      subject: 'Styled offer',
      text: 'Our price: 200 chairs, delivered'
    })
    await box.fixture.call('drafts.delete', { kind: 'new' })
    // As if the minute a text moving to another place has to take it again were over.
    box.db.prepare('UPDATE continued_copies SET released_at = released_at - ?').run(RELEASE_GRACE_MS + 1)
    await box.sync()
    ids = await idsInDrafts()
    expect(ids).not.toContain('<styled@phone.test>')
    // Rapport's copies: the simple offer's, still being written; the sent one's is gone.
    expect(ids).toHaveLength(1)
    expect(await box.fixture.call('drafts.onServer', {})).toEqual([])
  })
})
