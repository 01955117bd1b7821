// Recipients Reply or Reply all put in a conversation's reply box are not something typed: a reply
// with nothing else is not kept as a draft (nor set aside by Undo), and once text is written they
// are kept with it, with the message it answers (Reply on an earlier one).
import { describe, expect, it } from 'vitest'
import { keptFrom, placesOf, saveInput } from '../../src-renderer/src/features/drafts/draft-places'
import { emptyNewMessage, isBlank, type ReplyDraft } from '../../src-renderer/src/store/ui-store'
import { storedDraft } from './fixtures/fake-drafts-core'

const chosen: ReplyDraft = {
  text: '',
  files: [],
  later: '',
  to: 'Carlos <carlos@client.test>',
  cc: 'dewi@client.test',
  bcc: '',
  chosen: true
}
const state = (draft: ReplyDraft) => ({
  newMessage: emptyNewMessage,
  replyDrafts: { 7: draft },
  asideDrafts: []
})

describe('a reply whose recipients Reply all chose', () => {
  it('is blank while nothing is written in it, and not kept', () => {
    expect(isBlank(chosen)).toBe(true)
    expect(placesOf(state(chosen)).size).toBe(0)
  })

  it('is kept with those recipients once it has text', () => {
    const written = { ...chosen, text: 'Hello all' }
    expect(isBlank(written)).toBe(false)
    const kept = placesOf(state(written)).get('reply:7')?.draft
    expect(kept).toMatchObject({ to: 'Carlos <carlos@client.test>', cc: 'dewi@client.test' })
  })

  it("still counts recipients kept from another program's draft as written", () => {
    expect(isBlank({ ...chosen, chosen: false })).toBe(false)
  })
})

describe('a reply on an earlier message, kept by the core', () => {
  /** What the reply box holds again once the core kept `draft` and gave it back (a restart). */
  const throughCore = (draft: ReplyDraft) => {
    const input = saveInput(placesOf(state(draft)).get('reply:7')!, undefined)
    return { input, back: keptFrom([{ draft: storedDraft(input), files: [] }]).kept.replies }
  }

  it('comes back answering that message, its recipients still those Reply all chose', () => {
    const written: ReplyDraft = { ...chosen, text: 'Hello all', answering: 41 }
    const { input, back } = throughCore(written)
    expect(input).toMatchObject({ kind: 'reply', threadId: 7, answering: 41, chosen: true })
    expect(back).toEqual([{ threadId: 7, draft: { ...written, bcc: '' } }])
    // The usual reply answers none in particular: the newest, whichever that is when it is sent.
    const usual: ReplyDraft = { text: 'Hello', files: [], later: '' }
    expect(throughCore(usual).back).toEqual([{ threadId: 7, draft: usual }])
  })
})
