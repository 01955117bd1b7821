// Drafts another mail program keeps on the server, continued in Rapport, against Dovecot: they
// are listed (Rapport's own copies are not), with the conversation a reply answers and the files;
// once a draft continuing one is saved, the next sync leaves Rapport's copy in Drafts instead of
// the other program's, and nothing of it is listed again.
import { describe, expect, it } from 'vitest'
import { draftMail, withFile } from '../support/draft-mail'
import { serverFolder } from './fixtures/server-mailbox'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

describe("continuing another program's drafts", () => {
  it('lists them, and a draft continuing one takes its place on the server', async () => {
    const box = await syncedMailbox('ivo', 2)
    const client = box.corpus[0]!
    const threads = await box.fixture.call('threads.list', { accountId: box.accountId })
    const threadId = threads.find((t) => t.subject === client.subject)!.id
    const onServer = () => box.fixture.call('drafts.onServer', {})
    /** The Message-IDs in Drafts as the other program sees them. */
    const idsInDrafts = async () =>
      [...(await serverFolder(box.other, 'Drafts')).values()].map((m) => m.messageId)

    // Rapport's own draft is on the server too, and synced back as a draft: it is not listed.
    await box.fixture.call('drafts.save', {
      kind: 'new',
      accountId: box.accountId,
      to: 'ana@client.test',
      subject: 'Written in Rapport',
      text: 'Our own words',
      later: ''
    })
    await box.sync()
    await box.other.append(
      'Drafts',
      draftMail('ivo', {
        id: '<reply@phone.test>',
        to: client.from,
        subject: `Re: ${client.subject}`,
        text: 'A reply begun on the phone',
        inReplyTo: client.messageId
      }),
      ['\\Seen', '\\Draft']
    )
    await box.other.append(
      'Drafts',
      draftMail('ivo', {
        id: '<offer@phone.test>',
        to: '"Prospect, Pat" <pat@prospect.test>',
        headers: ['Cc: lee@prospect.test', 'Bcc: boss@example.test'],
        subject: 'Our offer',
        mime: withFile('An offer begun on the phone', 'terms.pdf')
      }),
      ['\\Seen', '\\Draft']
    )
    await box.sync()
    const stored = box.db.prepare('SELECT count(*) AS n FROM messages WHERE is_draft = 1').get()
    expect(stored).toEqual({ n: 3 })

    const listed = await onServer()
    expect(listed.map((d) => d.subject).sort()).toEqual(['Our offer', `Re: ${client.subject}`].sort())
    const reply = listed.find((d) => d.subject.startsWith('Re:'))!
    const offer = listed.find((d) => d.subject === 'Our offer')!
    expect(reply).toMatchObject({ accountId: box.accountId, threadId, text: 'A reply begun on the phone' })
    // To and Cc, as the To field reads them back; Bcc is left out (the composer would show it).
    expect(offer).toMatchObject({
      threadId: null,
      to: '"Prospect, Pat" <pat@prospect.test>, lee@prospect.test',
      text: 'An offer begun on the phone',
      attachments: [{ name: 'terms.pdf', type: 'application/pdf' }]
    })
    const file = await box.fixture.call('attachments.read', { attachmentId: offer.attachments[0]!.id })
    expect(Buffer.from(file.dataBase64, 'base64').toString()).toBe('%PDF-1.4 terms.pdf')

    // Continued: set aside beside Rapport's own new message, and in the conversation's reply.
    await box.fixture.call('drafts.save', {
      kind: 'new',
      asideId: 1,
      accountId: box.accountId,
      to: offer.to,
      subject: offer.subject,
      text: 'An offer finished in Rapport',
      later: '',
      continues: offer.copies
    })
    expect((await onServer()).map((d) => d.id)).toEqual([reply.id])
    await box.fixture.call('drafts.save', {
      kind: 'reply',
      threadId,
      text: 'A reply finished in Rapport',
      later: '',
      continues: reply.copies
    })
    expect(await onServer()).toEqual([])

    await box.sync()
    const ids = await idsInDrafts()
    expect(ids).toHaveLength(3)
    expect(ids).not.toContain('<reply@phone.test>')
    expect(ids).not.toContain('<offer@phone.test>')
    // Deleted by this pass, they are not taken for the other program's drafts until the next.
    expect(await onServer()).toEqual([])
    // Saved again, the draft claims nothing more.
    await box.fixture.call('drafts.save', {
      kind: 'reply',
      threadId,
      text: 'A reply finished in Rapport, read again',
      later: '',
      continues: reply.copies
    })
    expect(box.db.prepare('SELECT count(*) AS n FROM continued_copies').get()).toEqual({ n: 0 })

    await box.sync()
    expect(await onServer()).toEqual([])
    const texts = (await box.fixture.call('drafts.list', {})).map((d) => d.text).sort()
    expect(texts).toEqual(
      ['A reply finished in Rapport, read again', 'An offer finished in Rapport', 'Our own words'].sort()
    )
    // The phone's copies are forgotten; Rapport's three (the reply's changed once more) remain.
    expect(await idsInDrafts()).toHaveLength(3)
    expect(box.db.prepare('SELECT count(*) AS n FROM messages WHERE is_draft = 1').get()).toEqual({ n: 3 })
  })

  it('has a reply begun on an earlier message of the conversation answer that message, not the newest', async () => {
    const box = await syncedMailbox('lia', 1)
    // Carlos asks; Dewi answers him, the conversation's newest message.
    const venue = (id: string, from: string, subject: string, inReplyTo: string) =>
      [
        `From: ${from}`,
        'To: lia@example.test',
        `Subject: ${subject}`,
        `Message-ID: <${id}@client.test>`,
        `References: <venue0@client.test>${inReplyTo === 'venue0' ? '' : ` <${inReplyTo}@client.test>`}`,
        `In-Reply-To: <${inReplyTo}@client.test>`,
        'Date: Tue, 3 Nov 2026 09:00:00 +0000',
        '',
        'About the venue',
        ''
      ].join('\r\n')
    await box.other.append('INBOX', venue('venue1', 'Carlos <carlos@client.test>', 'Venue', 'venue0'))
    await box.other.append('INBOX', venue('venue2', 'Dewi <dewi@client.test>', 'AW: Venue', 'venue1'))
    await box.sync()
    const threads = await box.fixture.call('threads.list', { accountId: box.accountId })
    const threadId = threads.find((t) => t.subject.endsWith('Venue'))!.id
    const { messages } = await box.fixture.call('threads.get', { threadId })
    const [asked, newest] = messages.slice(-2)
    expect([asked!.messageId, newest!.messageId]).toEqual(['<venue1@client.test>', '<venue2@client.test>'])

    // The phone's user answered Carlos's message, and began another reply on Dewi's, the newest.
    const onPhone = (id: string, inReplyTo: string, text: string) =>
      draftMail('lia', { id, to: 'carlos@client.test', subject: 'Re: Venue', text, inReplyTo })
    await box.other.append('Drafts', onPhone('<lake@phone.test>', asked!.messageId, 'The lake'), ['\\Draft'])
    await box.other.append('Drafts', onPhone('<hall@phone.test>', newest!.messageId, 'The hall'), ['\\Draft'])
    await box.sync()
    const listed = await box.fixture.call('drafts.onServer', {})
    const lake = listed.find((d) => d.text === 'The lake')!
    // Carlos's message is the one answered; the newest is left unnamed, as Reply on it does.
    expect(lake).toMatchObject({ threadId, answering: asked!.id })
    expect(listed.find((d) => d.text === 'The hall')).toMatchObject({ threadId, answering: null })

    // Continued as the reply box keeps it: Rapport's copy in place of the phone's answers Carlos's.
    await box.fixture.call('drafts.save', {
      kind: 'reply',
      threadId,
      to: lake.recipients.to,
      answering: lake.answering!,
      text: 'The lake, finished in Rapport',
      later: '',
      continues: lake.copies
    })
    await box.sync()
    const copies = [...(await serverFolder(box.other, 'Drafts')).values()].map((m) => m.messageId)
    expect(copies).not.toContain('<lake@phone.test>')
    const ours = box.db.prepare('SELECT server_copy FROM drafts WHERE thread_id = ?').get(threadId) as {
      server_copy: string
    }
    const lock = await box.other.getMailboxLock('Drafts')
    try {
      const [uid] =
        (await box.other.search({ header: { 'message-id': ours.server_copy } }, { uid: true })) || []
      const copy = await box.other.fetchOne(String(uid), { headers: ['in-reply-to'] }, { uid: true })
      expect(copy && copy.headers!.toString().trim()).toBe('In-Reply-To: <venue1@client.test>')
    } finally {
      lock.release()
    }
  })

  it('replaces a draft saved without a Message-ID, and keeps a newer version saved under one', async () => {
    const box = await syncedMailbox('jo', 1)
    const onServer = () => box.fixture.call('drafts.onServer', {})
    const inDrafts = async () =>
      [...(await serverFolder(box.other, 'Drafts')).values()].map((m) => m.messageId)
    const kept = (version: number) =>
      draftMail('jo', {
        id: '<kept@phone.test>',
        to: 'kim@client.test',
        subject: 'Kept',
        text: `Version ${version}`
      })
    await box.other.append(
      'Drafts',
      draftMail('jo', { id: null, to: 'ana@client.test', subject: 'No id', text: 'Saved without an id' }),
      ['\\Draft']
    )
    await box.other.append('Drafts', kept(1), ['\\Draft'])
    await box.sync()
    const listed = await onServer()
    expect(listed.map((d) => d.subject).sort()).toEqual(['Kept', 'No id'])
    for (const [asideId, draft] of listed.entries())
      await box.fixture.call('drafts.save', {
        kind: 'new',
        asideId: asideId + 1,
        accountId: box.accountId,
        to: draft.to,
        subject: draft.subject,
        text: `${draft.text}, continued`,
        later: '',
        continues: draft.copies
      })
    expect(await onServer()).toEqual([])

    // The other program saves "Kept" again under its Message-ID, and expunges the version continued.
    const lock = await box.other.getMailboxLock('Drafts')
    try {
      const [first] =
        (await box.other.search({ header: { 'message-id': '<kept@phone.test>' } }, { uid: true })) || []
      await box.other.append('Drafts', kept(2), ['\\Draft'])
      await box.other.messageDelete([first!], { uid: true })
    } finally {
      lock.release()
    }
    await box.sync()
    // Rapport's two copies, and the newer version, which is listed to be continued again.
    const ids = await inDrafts()
    expect(ids).toHaveLength(3)
    expect(ids.filter((id) => id === '<kept@phone.test>')).toHaveLength(1)
    expect(ids).not.toContain('')
    expect((await onServer()).map((d) => d.text)).toEqual(['Version 2'])
  })
})
