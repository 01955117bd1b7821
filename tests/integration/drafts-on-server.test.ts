// Rapport's drafts in the server's Drafts folder, against Dovecot: what another mail program
// opening that folder finds after each sync (one copy of each draft, as it is now, with its
// files), and nothing left once a draft is sent or thrown away.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { draftFile } from '../support/draft-input'
import { draftMail } from '../support/draft-mail'
import { draftsFolder } from './fixtures/server-drafts-folder'
import { renumber, useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

async function openBox(name: string) {
  const box = await syncedMailbox(name, 2)
  /** The Drafts folder as another mail program sees it: each message parsed, with its flags. */
  const serverDrafts = () => draftsFolder(box.other)
  return Object.assign(box, { serverDrafts })
}

/**
 * A mailbox with Rapport's draft "Visit" up in Drafts (`ours`), and a phone that saves its edit
 * of a copy as a new copy under the same Message-ID, at `savedAt` (its INTERNALDATE).
 */
async function draftUpWithPhone(name: string) {
  const box = await openBox(name)
  const draft = {
    kind: 'new' as const,
    accountId: box.accountId,
    to: 'ana@client.test',
    subject: 'Visit',
    later: ''
  }
  await box.fixture.call('drafts.save', { ...draft, text: 'Written in Rapport' })
  await box.sync()
  const [ours] = await box.serverDrafts()
  const editOnPhone = async (messageId: string, text: string, savedAt?: Date) => {
    const edit = draftMail(name, { id: messageId, to: 'ana@client.test', subject: 'Visit', text })
    await box.other.append('Drafts', edit, ['\\Draft', '\\Seen'], savedAt)
  }
  return { box, draft, ours: ours!, editOnPhone }
}

describe("Rapport's drafts on the server", () => {
  it('puts a new message in Drafts as it is now, one copy, and deletes it when thrown away', async () => {
    const box = await openBox('gus')
    const threads = await box.fixture.call('threads.list', { accountId: box.accountId })
    const pdf = randomBytes(5000)
    const draft = {
      kind: 'new' as const,
      accountId: box.accountId,
      to: 'Ana Lima <ana@client.test>, half-typed@',
      subject: 'Quote for 200 chairs',
      text: 'First words',
      later: '',
      attachments: [draftFile('quote.pdf', pdf)]
    }
    await box.fixture.call('drafts.save', draft)
    await box.sync()

    const [copy, ...more] = await box.serverDrafts()
    expect(more).toEqual([])
    expect(copy!.flags).toEqual(['\\Draft', '\\Seen'])
    expect(copy!.mail.from?.value).toEqual([{ name: 'gus', address: 'gus@example.test' }])
    // The address still being typed is left out until it is one.
    expect(copy!.mail.to).toMatchObject({ value: [{ name: 'Ana Lima', address: 'ana@client.test' }] })
    expect(copy!.mail.subject).toBe('Quote for 200 chairs')
    expect(copy!.mail.text?.trim()).toBe('First words')
    expect(copy!.mail.attachments.map((a) => [a.filename, a.content.equals(pdf)])).toEqual([
      ['quote.pdf', true]
    ])
    // Synced back with Drafts, it is a draft: no conversation is made of it.
    expect(await box.fixture.call('threads.list', { accountId: box.accountId })).toEqual(threads)

    // Unchanged, it is not uploaded again.
    await box.sync()
    expect((await box.serverDrafts()).map((d) => d.uid)).toEqual([copy!.uid])

    // Changed, its copy is replaced.
    await box.fixture.call('drafts.save', { ...draft, text: 'Second words', attachments: undefined })
    await box.sync()
    const [changed, ...others] = await box.serverDrafts()
    expect(others).toEqual([])
    expect(changed!.mail.text?.trim()).toBe('Second words')
    expect(changed!.mail.messageId).not.toBe(copy!.mail.messageId)
    expect(changed!.mail.attachments.map((a) => a.filename)).toEqual(['quote.pdf'])

    await box.fixture.call('drafts.delete', { kind: 'new' })
    await box.sync()
    expect(await box.serverDrafts()).toEqual([])
    expect(box.db.prepare('SELECT count(*) AS n FROM draft_copies_to_delete').get()).toEqual({ n: 0 })
  })

  it('puts a reply there as the reply it would send, and takes it away once sent', async () => {
    const box = await openBox('hana')
    const [thread] = await box.fixture.call('threads.list', { accountId: box.accountId })
    const { messages } = await box.fixture.call('threads.get', { threadId: thread!.id })
    const answered = messages.at(-1)!
    await box.fixture.call('drafts.save', {
      kind: 'reply',
      threadId: thread!.id,
      text: 'Thursday works',
      later: ''
    })
    await box.sync()

    const [copy] = await box.serverDrafts()
    expect(copy!.mail.inReplyTo).toBe(answered.messageId)
    expect(copy!.mail.references).toContain(answered.messageId)
    expect(copy!.mail.to).toMatchObject({ value: [{ address: answered.from!.address }] })
    expect(copy!.mail.subject).toBe(`Re: ${answered.subject}`)
    expect(copy!.mail.text?.trim()).toBe('Thursday works')

    // Sent as the reply box sends it: the message goes, then its draft.
    await box.fixture.call('messages.send', {
      accountId: box.accountId,
      to: [answered.from!.address],
      subject: `Re: ${answered.subject}`,
      text: 'Thursday works',
      inReplyTo: answered.messageId
    })
    await box.fixture.call('drafts.delete', { kind: 'reply', threadId: thread!.id })
    await box.sync()
    expect(await box.serverDrafts()).toEqual([])
    const after = await box.fixture.call('threads.get', { threadId: thread!.id })
    expect(after.messages.map((m) => m.text?.trim()).at(-1)).toBe('Thursday works')
  })

  it('threads a reply on an earlier message under that message, or under the newest once it is gone', async () => {
    const box = await openBox('hugo')
    // Carlos asks (in a thread begun elsewhere); Dewi answers him, newest, in German (AW:).
    const venue = (id: string, from: string, subject: string, references: string[]) =>
      [
        `From: ${from}`,
        'To: hugo@example.test',
        `Subject: ${subject}`,
        `Message-ID: <${id}@client.test>`,
        `References: ${references.map((r) => `<${r}@client.test>`).join(' ')}`,
        `In-Reply-To: <${references.at(-1)}@client.test>`,
        'Date: Tue, 3 Nov 2026 09:00:00 +0000',
        '',
        'About the venue',
        ''
      ].join('\r\n')
    await box.other.append('INBOX', venue('venue1', 'Carlos <carlos@client.test>', 'Venue', ['venue0']))
    await box.other.append(
      'INBOX',
      venue('venue2', 'Dewi <dewi@client.test>', 'AW: Venue', ['venue0', 'venue1'])
    )
    await box.sync()
    const threads = await box.fixture.call('threads.list', { accountId: box.accountId })
    const threadId = threads.find((t) => t.subject.endsWith('Venue'))!.id
    const { messages } = await box.fixture.call('threads.get', { threadId })
    const [asked, newest] = messages.slice(-2)
    expect([asked!.messageId, newest!.messageId]).toEqual(['<venue1@client.test>', '<venue2@client.test>'])
    // Reply on Carlos's message: him alone, chosen by Reply, answering his message.
    const reply = {
      kind: 'reply' as const,
      threadId,
      to: 'Carlos <carlos@client.test>',
      chosen: true,
      later: ''
    }
    await box.fixture.call('drafts.save', { ...reply, answering: asked!.id, text: 'The lake' })
    await box.sync()
    const [copy] = await box.serverDrafts()
    expect(copy!.mail.inReplyTo).toBe('<venue1@client.test>')
    expect(copy!.mail.references).toEqual(['<venue0@client.test>', '<venue1@client.test>'])
    expect(copy!.mail.subject).toBe('Re: Venue')
    expect(copy!.mail.to).toMatchObject({ value: [{ address: 'carlos@client.test' }] })

    // Carlos's message purged (as 30 days in Trash do): the reply answers the newest, as before.
    box.db.prepare('DELETE FROM messages WHERE id = ?').run(asked!.id)
    await box.fixture.call('drafts.save', { ...reply, answering: asked!.id, text: 'The lake, then' })
    await box.sync()
    const [again, ...more] = await box.serverDrafts()
    expect(more).toEqual([])
    expect(again!.mail.inReplyTo).toBe('<venue2@client.test>')
    expect(again!.mail.subject).toBe('AW: Venue')
  })

  it('deletes only its own copy, by UID, when another program saved its edit under the same Message-ID', async () => {
    const { box, draft, ours, editOnPhone } = await draftUpWithPhone('ines')
    const texts = async () => (await box.serverDrafts()).map((d) => [d.uid, d.mail.text?.trim()])
    const listedTexts = async () => (await box.fixture.call('drafts.onServer', {})).map((d) => d.text)

    await editOnPhone(ours.mail.messageId!, 'Edited on the phone')
    await box.sync()
    const phoneUid = (await box.serverDrafts()).find((d) => d.uid !== ours.uid)!.uid
    // Listed to be continued: that copy alone, not Rapport's.
    const [listed, ...more] = await box.fixture.call('drafts.onServer', {})
    expect(more).toEqual([])
    expect(listed!.text).toBe('Edited on the phone')
    expect(listed!.copies.map((c) => c.uid)).toEqual([phoneUid])

    // Rapport's draft changes: its old copy is replaced, the phone's edit stays.
    await box.fixture.call('drafts.save', { ...draft, text: 'Changed in Rapport' })
    await box.sync()
    const onServer = await box.serverDrafts()
    expect(onServer.map((d) => [d.uid, d.mail.text?.trim()])).toEqual([
      [phoneUid, 'Edited on the phone'],
      [expect.any(Number), 'Changed in Rapport']
    ])

    // The phone edits that copy too; then the draft is thrown away in Rapport. While Rapport's
    // copy waits to be deleted, the phone's edits are listed; then it goes, and they stay.
    await editOnPhone(onServer[1]!.mail.messageId!, 'Edited again on the phone')
    await box.sync()
    await box.fixture.call('drafts.delete', { kind: 'new' })
    const phoneEdits = ['Edited again on the phone', 'Edited on the phone']
    const waiting = await box.fixture.call('drafts.onServer', {})
    expect(waiting.map((d) => d.text).sort()).toEqual(phoneEdits)
    // Each by the phone's copy alone, not by Rapport's copy under the same Message-ID.
    const phoneUids = (await box.serverDrafts()).map((d) => d.uid).filter((uid) => uid !== onServer[1]!.uid)
    expect(waiting.flatMap((d) => d.copies.map((c) => c.uid)).sort()).toEqual(phoneUids.sort())
    await box.sync()
    expect((await texts()).map(([, text]) => text).sort()).toEqual(phoneEdits)
    expect((await listedTexts()).sort()).toEqual(phoneEdits)
  })

  it("tells its copy from another program's edit under its Message-ID by date once Drafts is renumbered", async () => {
    const { box, draft, ours, editOnPhone } = await draftUpWithPhone('jade')
    // Saved on the phone a minute after Rapport's copy was written: its INTERNALDATE is its own.
    await editOnPhone(ours.mail.messageId!, 'Edited on the phone', new Date(Date.now() + 60_000))
    // A restore or migration renumbers Drafts: the UID Rapport's APPEND was given names nothing now.
    await renumber(syncedMailbox.servers.server, box, 'Drafts', 777_777)
    await box.sync()
    await box.fixture.call('drafts.save', { ...draft, text: 'Changed in Rapport' })
    await box.sync()
    expect((await box.serverDrafts()).map((d) => d.mail.text?.trim())).toEqual([
      'Edited on the phone',
      'Changed in Rapport'
    ])
    expect(box.db.prepare('SELECT count(*) AS n FROM draft_copies_to_delete').get()).toEqual({ n: 0 })
  })

  it("still lists another program's edit under its Message-ID, by that copy alone, once Drafts is renumbered", async () => {
    const { box, ours, editOnPhone } = await draftUpWithPhone('kira')
    await editOnPhone(ours.mail.messageId!, 'Edited on the phone', new Date(Date.now() + 60_000))
    await box.sync()
    const phoneUid = (await box.serverDrafts()).find((d) => d.uid !== ours.uid)!.uid
    const listedCopies = async () =>
      (await box.fixture.call('drafts.onServer', {})).map((d) => [d.text, d.copies.map((c) => c.uid)])
    expect(await listedCopies()).toEqual([['Edited on the phone', [phoneUid]]])
    await renumber(syncedMailbox.servers.server, box, 'Drafts', 787_878)
    await box.sync()
    // The pass that matched Drafts again found Rapport's copy by its date, at its new number.
    expect(
      box.db.prepare('SELECT server_copy_uid_validity AS v, server_copy_uid AS uid FROM drafts').get()
    ).toEqual({ v: 787_878, uid: ours.uid })
    expect(await listedCopies()).toEqual([['Edited on the phone', [phoneUid]]])
  })

  it('follows its newest copy, which no pass has imported yet, into a renumbered Drafts', async () => {
    // The pass uploads after it syncs Drafts: the copy is up, but not yet among Rapport's messages.
    const { box, ours, editOnPhone } = await draftUpWithPhone('kate')
    await renumber(syncedMailbox.servers.server, box, 'Drafts', 797_979)
    await box.sync()
    expect(
      box.db.prepare('SELECT server_copy_uid_validity AS v, server_copy_uid AS uid FROM drafts').get()
    ).toEqual({ v: 797_979, uid: ours.uid })
    await editOnPhone(ours.mail.messageId!, 'Edited on the phone', new Date(Date.now() + 60_000))
    await box.sync()
    expect((await box.fixture.call('drafts.onServer', {})).map((d) => d.text)).toEqual([
      'Edited on the phone'
    ])
  })
})
