// Drafts through the contract, against a core on a real data dir with a mailbox synced from a
// real Dovecot: kept across a restart of the core, files byte for byte, refused beyond 25 MB or
// when malformed, and kept or dropped with the mailbox as its data is.
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { coreCaller } from '../support/core-call'
import { draftFile, newMessageDraft } from '../support/draft-input'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { seededUser, accountOf } = useSeededAccounts()
const MB = 1024 * 1024

const fixtures: CoreFixture[] = []
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.close()
})

/** A core with `name`'s mailbox synced: its account and the id of a conversation in it. */
async function connect(name: string) {
  const { user } = await seededUser(name, 2)
  const fixture = new CoreFixture()
  fixtures.push(fixture)
  const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
  await fixture.call('sync.run', { accountId })
  const [thread] = await fixture.call('threads.list', { accountId })
  return { fixture, accountId, threadId: thread!.id }
}

describe('drafts through the contract', () => {
  it('keeps the new message and a reply, with their files byte for byte, across a restart', async () => {
    const { fixture, accountId, threadId } = await connect('ana')
    const pdf = randomBytes(300_000)
    const png = randomBytes(1000)
    await fixture.call('drafts.save', { ...newMessageDraft, attachments: [draftFile('catalogue.pdf', pdf)] })
    const reply = await fixture.call('drafts.save', {
      kind: 'reply',
      threadId,
      text: 'The quote, for Thursday',
      later: '',
      attachments: [draftFile('plan.png', png, 'image/png'), draftFile('quote.pdf', pdf)]
    })
    expect(reply).toMatchObject({ kind: 'reply', threadId, accountId, asideId: null })
    expect(
      fixture.lastEvent<{ tables: string[] }>('changed', (p) => p.tables.includes('drafts'))
    ).not.toBeNull()

    // Rapport quits and starts again on the same data.
    const { dataDir } = fixture
    const secrets = fixture.core.secrets
    fixture.core.close()
    fixtures.splice(fixtures.indexOf(fixture), 1)
    const reopened = new Core({ dataDir, secrets, log: () => undefined })
    try {
      const call = coreCaller(reopened)
      expect(await call('drafts.list', {})).toEqual([
        {
          ...newMessageDraft,
          cc: '',
          bcc: '',
          id: expect.any(Number),
          revision: 1,
          threadId: null,
          asideId: null,
          answering: null,
          chosen: false,
          updatedAt: expect.any(String),
          attachments: [{ name: 'catalogue.pdf', type: 'application/pdf', size: pdf.length }],
          continues: []
        },
        {
          id: expect.any(Number),
          revision: expect.any(Number),
          kind: 'reply',
          threadId,
          asideId: null,
          accountId,
          to: '',
          cc: '',
          bcc: '',
          subject: '',
          text: 'The quote, for Thursday',
          later: '',
          answering: null,
          chosen: false,
          updatedAt: expect.any(String),
          attachments: [
            { name: 'plan.png', type: 'image/png', size: png.length },
            { name: 'quote.pdf', type: 'application/pdf', size: pdf.length }
          ],
          continues: []
        }
      ])
      const files = await call('drafts.attachments', { kind: 'reply', threadId })
      expect(files.map((f) => [f.name, f.type])).toEqual([
        ['plan.png', 'image/png'],
        ['quote.pdf', 'application/pdf']
      ])
      expect(Buffer.from(files[0]!.contentBase64, 'base64').equals(png)).toBe(true)
      expect(Buffer.from(files[1]!.contentBase64, 'base64').equals(pdf)).toBe(true)

      // Sent (or emptied): gone, files and all.
      expect(await call('drafts.delete', { kind: 'reply', threadId })).toEqual({ deleted: true })
      expect(await call('drafts.delete', { kind: 'reply', threadId })).toEqual({ deleted: false })
      expect(await call('drafts.attachments', { kind: 'reply', threadId })).toEqual([])
      expect((await call('drafts.list', {})).map((d) => d.kind)).toEqual(['new'])
    } finally {
      reopened.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses files over 25 MB in total with ATTACHMENT_TOO_LARGE, keeping the draft as it was', async () => {
    const { fixture, threadId } = await connect('ben')
    await fixture.call('drafts.save', {
      kind: 'reply',
      threadId,
      text: 'Small one',
      later: '',
      attachments: [draftFile('small.pdf', Buffer.from('%PDF'))]
    })
    const error = await fixture.error('drafts.save', {
      kind: 'reply',
      threadId,
      text: 'Two large ones',
      later: '',
      attachments: [draftFile('a.bin', Buffer.alloc(13 * MB)), draftFile('b.bin', Buffer.alloc(13 * MB))]
    })
    expect(error).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', field: 'attachments' })
    expect(error.message).toMatch(/26\.0 MB; the limit is 25 MB/)
    expect(await fixture.call('drafts.list', {})).toMatchObject([
      { text: 'Small one', attachments: [{ name: 'small.pdf', size: 4 }] }
    ])
  })

  it('rejects malformed input with a message naming the field', async () => {
    const { fixture, threadId } = await connect('cleo')
    const badTime = await fixture.error('drafts.save', { ...newMessageDraft, later: 'next Tuesday' })
    expect(badTime).toMatchObject({ code: 'INVALID_INPUT', field: 'later' })
    expect(badTime.message).toContain('A date and time such as 2030-01-02T09:00, or empty for at once')

    const noThread = await fixture.error('drafts.save', { kind: 'reply', text: 'Hi', later: '' })
    expect(noThread).toMatchObject({ code: 'INVALID_INPUT', field: 'threadId' })

    const unknownKind = await fixture.error('drafts.delete', { kind: 'forward' })
    expect(unknownKind).toMatchObject({ code: 'INVALID_INPUT', field: 'kind' })

    for (const [input, field, words] of [
      [
        { attachments: [{ name: 'x.pdf', type: 'not a type', contentBase64: 'JVBERg==' }] },
        'attachments.0.type',
        /MIME type/
      ],
      [
        { attachments: [{ name: 'x.pdf', type: 'application/pdf', contentBase64: 'not base64!' }] },
        'attachments.0.contentBase64',
        /base64/
      ],
      // The reply box has no Subject field: a reply's is its conversation's.
      [{ subject: 'Another subject' }, undefined, /Unrecognized key: "subject"/],
      // The message answered is named by its id.
      [{ answering: '<venue1@client.test>' }, 'answering', /number/],
      [{ chosen: 'yes' }, 'chosen', /boolean/]
    ] as const) {
      const error = await fixture.error('drafts.save', {
        kind: 'reply',
        threadId,
        text: 'Hi',
        later: '',
        ...input
      })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', ...(field ? { field } : {}) })
      expect(error.message).toMatch(words)
    }

    const gone = await fixture.error('drafts.save', {
      kind: 'reply',
      threadId: 99_999,
      text: 'Hi',
      later: ''
    })
    expect(gone).toMatchObject({ code: 'NOT_FOUND', field: 'threadId' })
    expect(await fixture.call('drafts.list', {})).toEqual([])
  })

  it('keeps the drafts of a mailbox kept as an archive, and drops them with its deleted data', async () => {
    const { fixture, accountId, threadId } = await connect('dora')
    await fixture.call('drafts.save', { kind: 'reply', threadId, text: 'Thanks', later: '' })
    await fixture.call('drafts.save', {
      ...newMessageDraft,
      accountId,
      attachments: [draftFile('a.pdf', Buffer.from('%PDF'))]
    })
    await fixture.call('drafts.save', { ...newMessageDraft, asideId: 3, text: 'From the default mailbox' })

    await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    expect((await fixture.call('drafts.list', {})).map((d) => d.text)).toEqual([
      'Thanks',
      'Our catalogue, as promised',
      'From the default mailbox'
    ])

    await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })
    expect((await fixture.call('drafts.list', {})).map((d) => d.text)).toEqual(['From the default mailbox'])
    const files = fixture.core.workspace.db.prepare('SELECT count(*) AS n FROM draft_attachments').get()
    expect(files).toEqual({ n: 0 })
  })
})
