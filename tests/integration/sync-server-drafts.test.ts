// Drafts another mail program keeps on the server (Thunderbird, a phone): synced with the Drafts
// folder, but not mail. They stay out of conversations, contacts and search, and each save there
// (a new copy, the old one expunged) leaves nothing behind. A draft sent or moved out of Drafts
// is mail from then on.
import { describe, expect, it } from 'vitest'
import { draftMail, withFile } from '../support/draft-mail'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

async function openBox(name: string) {
  const box = await syncedMailbox(name, 3)
  const inFolder = async (folder: string) =>
    (await box.fixture.call('messages.list', { accountId: box.accountId, folder })).map((m) => ({
      messageId: m.messageId,
      threadId: m.threadId
    }))
  const found = async (query: string) =>
    (await box.fixture.call('search.messages', { query })).hits.map((h) => h.messageId)
  /** The other program expunges the copy of `messageId` in `folder`. */
  const expunge = async (folder: string, messageId: string) => {
    const lock = await box.other.getMailboxLock(folder)
    try {
      const uids = await box.other.search({ header: { 'message-id': messageId } }, { uid: true })
      await box.other.messageDelete(uids || [], { uid: true })
    } finally {
      lock.release()
    }
  }
  const move = async (from: string, messageId: string, to: string) => {
    const lock = await box.other.getMailboxLock(from)
    try {
      const uids = await box.other.search({ header: { 'message-id': messageId } }, { uid: true })
      await box.other.messageMove(uids || [], to, { uid: true })
    } finally {
      lock.release()
    }
  }
  return { ...box, inFolder, found, expunge, move }
}

describe("another program's drafts on the server", () => {
  it('stay out of conversations, contacts and search, and each save there replaces the last', async () => {
    const box = await openBox('dora')
    const client = box.corpus[0]!
    const threadsBefore = await box.fixture.call('threads.list', { accountId: box.accountId })
    const threadId = threadsBefore.find((t) => t.subject === client.subject)!.id
    const reply = (version: number) =>
      draftMail('dora', {
        id: `<reply-v${version}@phone.test>`,
        to: client.from,
        subject: `Re: ${client.subject}`,
        text: `Half written quokka reply, version ${version}`,
        inReplyTo: client.messageId
      })
    const fresh = draftMail('dora', {
      id: '<fresh@phone.test>',
      to: 'Pat Prospect <pat@prospect.test>',
      subject: 'Our offer',
      text: 'An unfinished wombat offer'
    })
    await box.other.append('Drafts', reply(1), ['\\Seen'])
    await box.other.append('Drafts', fresh, ['\\Seen', '\\Draft'])
    await box.sync()

    expect(await box.inFolder('Drafts')).toEqual(
      expect.arrayContaining([
        { messageId: '<reply-v1@phone.test>', threadId: null },
        { messageId: '<fresh@phone.test>', threadId: null }
      ])
    )
    expect(await box.fixture.call('threads.list', { accountId: box.accountId })).toEqual(threadsBefore)
    const contacts = await box.fixture.call('contacts.list', {})
    expect(contacts.flatMap((c) => c.emails)).not.toContain('pat@prospect.test')
    expect(await box.found('quokka')).toEqual([])
    expect(await box.found('wombat')).toEqual([])
    // A search by filters alone reads the messages, not the index: drafts are left out there too.
    expect(await box.found('in:Drafts')).toEqual([])

    // The program saves the reply again: a new copy, and the old one expunged.
    await box.other.append('Drafts', reply(2), ['\\Seen'])
    await box.expunge('Drafts', '<reply-v1@phone.test>')
    await box.sync()
    expect((await box.inFolder('Drafts')).map((m) => m.messageId).sort()).toEqual(
      ['<fresh@phone.test>', '<reply-v2@phone.test>'].sort()
    )
    // The old copy is forgotten once it has been missing through a whole pass (the next one).
    const stored = (messageId: string) =>
      box.db.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(messageId)
    expect(stored('<reply-v1@phone.test>')).toEqual({ 1: 1 })
    await box.sync()
    expect(stored('<reply-v1@phone.test>')).toBe(undefined)

    // It sends the reply: the message in Sent (a new Message-ID, as Thunderbird gives it), and
    // the draft gone. The conversation gets the reply, and only it.
    const sent = draftMail('dora', {
      id: '<reply-sent@phone.test>',
      to: client.from,
      subject: `Re: ${client.subject}`,
      text: 'The finished quokka reply',
      inReplyTo: client.messageId
    })
    await box.other.append('Sent', sent, ['\\Seen'])
    await box.expunge('Drafts', '<reply-v2@phone.test>')
    await box.sync()
    const { messages } = await box.fixture.call('threads.get', { threadId })
    expect(messages.map((m) => m.messageId)).toEqual([client.messageId, '<reply-sent@phone.test>'])
    await box.sync()
    expect(stored('<reply-v2@phone.test>')).toBe(undefined)
    expect(box.db.prepare('SELECT count(*) AS n FROM messages WHERE deleted_on_server = 1').get()).toEqual({
      n: 0
    })
    // A rebuild of the search indexes leaves the draft out as the import did.
    await box.fixture.call('search.reindex', {})
    expect(await box.found('quokka')).toEqual(['<reply-sent@phone.test>'])
    expect(await box.found('wombat')).toEqual([])
  })

  it('follow each save under one Message-ID, and become the message as sent under it', async () => {
    const box = await openBox('fenna')
    const id = '<kept-id@tablet.test>'
    const to = 'Lio <lio@buyer.test>'
    const save = async (subject: string, mime: string[]) => {
      const older = await box.other.getMailboxLock('Drafts')
      try {
        await box.other.messageDelete('1:*')
      } finally {
        older.release()
      }
      await box.other.append('Drafts', draftMail('fenna', { id, to, subject, mime }), ['\\Seen'])
      await box.sync()
    }
    const stored = () =>
      box.db
        .prepare(
          'SELECT subject, thread_id, contact_id, has_attachments, is_draft FROM messages WHERE message_id = ?'
        )
        .get(id)
    await save('Terms', withFile('First take on the terms', 'draft-terms.pdf'))
    // Saved again under the same Message-ID (the old copy expunged): the draft is the new version.
    await save('Terms, second take', withFile('Second take on the terms', 'terms-v2.pdf'))
    expect(stored()).toEqual({
      subject: 'Terms, second take',
      thread_id: null,
      contact_id: null,
      has_attachments: 1,
      is_draft: 1
    })
    expect((await box.inFolder('Drafts')).map((m) => m.messageId)).toEqual([id])

    // Sent as written last, without the file, under the Message-ID the draft had.
    const sent = draftMail('fenna', {
      id,
      to,
      subject: 'Terms, signed',
      text: 'Final terms, signed: capybara'
    })
    await box.other.append('Sent', sent, ['\\Seen'])
    await box.expunge('Drafts', id)
    await box.sync()

    const [filed] = (await box.inFolder('Sent')).filter((m) => m.messageId === id)
    const { thread, messages } = await box.fixture.call('threads.get', { threadId: filed!.threadId! })
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ subject: 'Terms, signed', attachments: [], hasAttachments: false })
    expect(messages[0]!.text).toContain('Final terms, signed: capybara')
    expect(thread).toMatchObject({ subject: 'Terms, signed', hasAttachments: false })
    expect(stored()).toMatchObject({ is_draft: 0, contact_id: expect.any(String) })
    expect(await box.found('capybara')).toEqual([id])
    expect(await box.found('"second take"')).toEqual([])
  })

  it('become mail when moved out of Drafts, and stay drafts in Trash or wherever marked \\Draft', async () => {
    const box = await openBox('emil')
    const draft = (id: string, text: string) =>
      draftMail('emil', { id: `<${id}@desk.test>`, to: 'Kai <kai@newclient.test>', subject: id, text })
    await box.other.append('Drafts', draft('kept', 'A draft the user files as mail, pangolin'), ['\\Seen'])
    await box.other.append('Drafts', draft('binned', 'A draft thrown away, narwhal'), ['\\Seen'])
    // Gmail's All Mail holds the drafts too, flagged \Draft: Archive plays that folder here.
    await box.other.append('Archive', draft('allmail', 'A draft in All Mail, axolotl'), ['\\Draft'])
    await box.sync()
    await box.move('Drafts', '<kept@desk.test>', 'INBOX')
    await box.move('Drafts', '<binned@desk.test>', 'Trash')
    await box.sync()

    const [kept] = await box
      .inFolder('INBOX')
      .then((all) => all.filter((m) => m.messageId === '<kept@desk.test>'))
    expect(kept!.threadId).not.toBeNull()
    const { messages } = await box.fixture.call('threads.get', { threadId: kept!.threadId! })
    expect(messages.map((m) => m.messageId)).toEqual(['<kept@desk.test>'])
    expect(await box.found('pangolin')).toEqual(['<kept@desk.test>'])
    const contacts = await box.fixture.call('contacts.list', {})
    expect(contacts.flatMap((c) => c.emails)).toContain('kai@newclient.test')
    // Mail now, it is kept when the server deletes it, as other mail is.
    await box.expunge('INBOX', '<kept@desk.test>')
    await box.sync()
    const after = await box.fixture.call('threads.get', { threadId: kept!.threadId! })
    expect(after.messages.map((m) => [m.messageId, m.deletedOnServer])).toEqual([['<kept@desk.test>', true]])

    expect(await box.inFolder('Trash')).toEqual([{ messageId: '<binned@desk.test>', threadId: null }])
    // Nor is it offered back from Trash: restored, it would be mail in no conversation. (The
    // sweep records what other programs put in Trash, as it does every few minutes.)
    box.fixture.core.workspace.lifecycle.sweepTrash()
    expect(await box.fixture.call('trash.list', { accountId: box.accountId })).toEqual([])
    expect(await box.inFolder('Archive')).toEqual([{ messageId: '<allmail@desk.test>', threadId: null }])
    expect(await box.found('narwhal')).toEqual([])
    expect(await box.found('axolotl')).toEqual([])
  })
})
