// Recipients Reply or Reply all put in a conversation's reply box are not something typed: a reply
// with nothing else is not kept as a draft (nor set aside by Undo), and once text is written they
// are kept with it.
import { describe, expect, it } from 'vitest'
import { placesOf } from '../../src-renderer/src/features/drafts/draft-places'
import { emptyNewMessage, isBlank, type ReplyDraft } from '../../src-renderer/src/store/ui-store'

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
