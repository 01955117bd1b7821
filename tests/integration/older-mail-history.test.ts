// Older mail against Dovecot: what "Sync older mail" and a deeper import depth find below the
// first import's window is history. A conversation it starts is closed, unassigned (no contact
// owner's rule) and lights no new-mail dot, and its timeline says it came from older mail; the
// first import, and new mail after it, open conversations as before.
import { describe, expect, it } from 'vitest'
import { appendMessages, type MailUser } from '../support/dovecot'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { FAST } from './fixtures/sync-mailbox'

const { server, accountOf } = useSeededAccounts()

const DAY = 86_400_000

const mail = (name: string, id: string, from: string, subject: string, date: Date) =>
  [
    `From: ${from}`,
    `To: ${name}@example.test`,
    `Subject: ${subject}`,
    `Message-ID: <${id}@client.test>`,
    `Date: ${date.toUTCString()}`,
    '',
    `About ${subject}`,
    ''
  ].join('\r\n')

/**
 * A mailbox whose INBOX holds two threads from years ago below three recent ones: with an import
 * window of 3, the first import takes the recent ones only. Carlos wrote one of each.
 */
async function mailbox(name: string) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server().addUser(user.user, user.password)
  const now = Date.now()
  const old = new Date(now - 3 * 365 * DAY)
  const items = [
    ['old-carlos', 'carlos@client.test', 'Order from 2022', new Date(old.getTime())],
    ['old-dewi', 'dewi@client.test', 'Quote from 2022', new Date(old.getTime() + DAY)],
    ['new-carlos', 'carlos@client.test', 'New order', new Date(now - 3 * DAY)],
    ['new-eka', 'eka@client.test', 'Meeting', new Date(now - 2 * DAY)],
    ['new-fajar', 'fajar@client.test', 'Invoice', new Date(now - DAY)]
  ] as const
  await appendMessages(
    server(),
    user.user,
    user.password,
    'INBOX',
    items.map(([id, from, subject, date]) => ({
      raw: mail(name, `${id}-${name}`, from, subject, date),
      internalDate: date
    }))
  )
  const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
  const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 3 }))
  await fixture.call('sync.run', { accountId })
  const db = fixture.core.workspace.db
  const conversationOf = async (id: string) => {
    const threadId = db
      .prepare('SELECT thread_id FROM messages WHERE message_id = ?')
      .pluck()
      .get(`<${id}-${name}@client.test>`) as number | undefined
    if (threadId === undefined) throw new Error(`<${id}-${name}@client.test> is not stored`)
    return fixture.call('conversations.ofThread', { threadId })
  }
  const eventTypes = async (conversationId: string) =>
    (await fixture.call('conversations.timeline', { conversationId })).flatMap((e) =>
      e.kind === 'event' ? [e.type] : []
    )
  // New-mail dots lit since the member last looked at each inbox.
  const dots = () => db.prepare('SELECT inbox_key FROM inbox_marks WHERE new_at > seen_at').pluck().all()
  const seeAll = () => db.prepare('UPDATE inbox_marks SET seen_at = new_at').run()
  return { user, fixture, accountId, db, conversationOf, eventTypes, dots, seeAll }
}

/** Carlos, known from the first import, gets an owner: his new conversations go to them. */
async function giveCarlosAnOwner(box: Awaited<ReturnType<typeof mailbox>>): Promise<string> {
  const recent = await box.conversationOf('new-carlos')
  const [me] = await box.fixture.call('members.list', {})
  await box.fixture.call('contacts.update', { contactId: recent.contactId!, ownerId: me!.id })
  return me!.id
}

async function expectHistory(box: Awaited<ReturnType<typeof mailbox>>) {
  for (const id of ['old-carlos', 'old-dewi']) {
    const conversation = await box.conversationOf(id)
    expect(conversation, id).toMatchObject({ status: 'closed', assigneeId: null })
    const types = await box.eventTypes(conversation.id)
    expect(types, id).toContain('older_mail')
    expect(types, id).not.toContain('opened')
    expect(types, id).not.toContain('assigned')
  }
  expect(box.dots()).toEqual([])
}

describe('older mail is history', () => {
  it('"Sync older mail" starts closed, unassigned and undotted conversations; the first import and new mail open as before', async () => {
    const box = await mailbox('hist-backfill')
    const { fixture, accountId } = box
    try {
      // The first import: the newest 3, opened by the contact with a dot, as ever.
      for (const id of ['new-carlos', 'new-eka', 'new-fajar']) {
        const conversation = await box.conversationOf(id)
        expect(conversation.status, id).toBe('open')
        expect(await box.eventTypes(conversation.id), id).toContain('opened')
      }
      expect(box.dots().length).toBeGreaterThan(0)
      const owner = await giveCarlosAnOwner(box)
      box.seeAll()
      const inbox = await fixture.folder(accountId, 'INBOX')
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor(
        'the end of the backfill',
        () => fixture.backfillOf(accountId, inbox.id).state === 'done'
      )
      await expectHistory(box)
      // New mail from Carlos after it still opens his conversation, for his owner, with a dot.
      await appendMessages(server(), box.user.user, box.user.password, 'INBOX', [
        mail('hist-backfill', 'later-carlos-hist-backfill', 'carlos@client.test', 'Another order', new Date())
      ])
      await fixture.call('sync.run', { accountId })
      const later = await box.conversationOf('later-carlos')
      expect(later).toMatchObject({ status: 'open', assigneeId: owner })
      expect(box.dots().length).toBeGreaterThan(0)
    } finally {
      fixture.close()
    }
  })

  it('a deeper import depth stores the older mail it takes in as history too', async () => {
    const box = await mailbox('hist-depth')
    const { fixture, accountId } = box
    try {
      await giveCarlosAnOwner(box)
      box.seeAll()
      await fixture.call('accounts.update', { accountId, importLimit: 10 })
      await fixture.call('sync.run', { accountId })
      await expectHistory(box)
    } finally {
      fixture.close()
    }
  })
})
