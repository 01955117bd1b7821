// A reply draft's own recipients (one begun in another program, continued here): To, Cc or Bcc,
// any one of them alone, are the draft's, as a new message may go to Cc or Bcc only. Before, only
// a To made them the draft's: a Cc or a Bcc alone was dropped for the conversation's usual
// recipients, in the reply box, the core's copy and the next start.
import { describe, expect, it } from 'vitest'
import type { Draft } from '../../src-preload/contract'
import type { ReplyTarget } from '../../src-preload/contract/reply-target'
import { replyRecipients } from '../../src-renderer/src/features/composer/reply-recipients'
import { composerDraftOf, saveInput } from '../../src-renderer/src/features/drafts/draft-places'

const carlos = { name: 'Carlos Mendes', address: 'carlos@client.test' }
const dewi = { name: 'Dewi', address: 'dewi@client.test' }
const boss = { name: 'Boss', address: 'boss@example.test' }

/** The conversation's usual recipients: Carlos, who wrote last. */
const usual: ReplyTarget = {
  to: [carlos],
  cc: [],
  toName: 'Carlos Mendes',
  others: 0,
  subject: 'Re: Quote',
  inReplyTo: '<quote@client.test>',
  invalid: null
}

const ccOnly = { to: '', cc: 'Dewi <dewi@client.test>', bcc: '' }
const bccOnly = { to: '', cc: '', bcc: 'Boss <boss@example.test>' }

const stored = (recipients: { to: string; cc: string; bcc: string }): Draft => ({
  id: 3,
  revision: 1,
  kind: 'reply',
  threadId: 7,
  asideId: null,
  accountId: 1,
  ...recipients,
  subject: '',
  text: 'Begun on the phone',
  later: '',
  answering: null,
  chosen: false,
  updatedAt: '2030-01-02T09:00:00.000Z',
  attachments: [],
  continues: []
})

describe("a reply draft's own recipients", () => {
  it('keeps a Cc alone, as Cc, in the reply box', () => {
    const draft = { text: 'Hi', files: [], later: '', ...ccOnly }
    expect(replyRecipients(usual, draft)).toEqual({
      to: [],
      cc: [dewi],
      bcc: [],
      toName: 'Dewi',
      others: 0,
      invalid: null,
      problem: null,
      own: true,
      bccOnly: false
    })
  })

  it('keeps a Bcc alone in the reply box, named as the Bcc it is', () => {
    const draft = { text: 'Hi', files: [], later: '', bcc: 'Boss <boss@example.test>, x@example.test' }
    expect(replyRecipients(usual, draft)).toEqual({
      to: [],
      cc: [],
      bcc: [boss, { name: '', address: 'x@example.test' }],
      toName: 'Boss',
      others: 1,
      invalid: null,
      problem: null,
      own: true,
      bccOnly: true
    })
  })

  it('says which address of a Bcc alone no server would take', () => {
    const draft = { text: 'Hi', files: [], later: '', bcc: 'boss@' }
    expect(replyRecipients(usual, draft)).toMatchObject({ own: true, invalid: 'boss@', to: [], bcc: [] })
  })

  it('says which name the core would refuse, so Send is not offered', () => {
    const draft = { text: 'Hi', files: [], later: '', to: 'Dewi\tLestari <dewi@client.test>' }
    expect(replyRecipients(usual, draft)).toMatchObject({
      own: true,
      problem: { problem: 'nameControlCharacter', text: 'dewi@client.test' }
    })
    expect(
      replyRecipients({ ...usual, invalid: 'daemon@localhost' }, { text: 'Hi', files: [], later: '' })
    ).toMatchObject({ own: false, problem: { problem: 'invalidAddress', text: 'daemon@localhost' } })
  })

  it('goes to the usual recipients once they are chosen instead (all three fields emptied)', () => {
    const draft = { text: 'Hi', files: [], later: '', to: '', cc: '', bcc: '' }
    expect(replyRecipients(usual, draft)).toMatchObject({ to: [carlos], bcc: [], own: false })
    expect(replyRecipients(usual, { text: 'Hi', files: [], later: '' })).toMatchObject({ own: false })
  })

  it('comes back from the core with a Cc or a Bcc alone', () => {
    for (const recipients of [ccOnly, bccOnly])
      expect(composerDraftOf(stored(recipients), [])).toEqual({
        text: 'Begun on the phone',
        later: '',
        files: [],
        ...recipients
      })
    expect(composerDraftOf(stored({ to: '', cc: '', bcc: '' }), [])).toEqual({
      text: 'Begun on the phone',
      later: '',
      files: []
    })
  })

  it('goes to the core with a Cc or a Bcc alone', () => {
    const place = { kind: 'reply' as const, threadId: 7 }
    for (const recipients of [ccOnly, bccOnly])
      expect(
        saveInput({ place, draft: { text: 'Hi', files: [], later: '', ...recipients } }, undefined)
      ).toEqual({ ...place, ...recipients, text: 'Hi', later: '' })
  })
})
