// A mailbox's signature in the text of a message (contract/signature.ts) and in the composer's
// drafts (composer/draft-signature.ts): put in when a draft is begun, swapped with the From while
// untouched, and no text of the user's, so a draft holding only it is still blank.
import { describe, expect, it } from 'vitest'
import {
  endsWithSignature,
  normalizeSignature,
  swapSignature,
  withSignature,
  writtenText
} from '../../src-preload/contract/signature'
import { fromSignature, startSignature } from '../../src-renderer/src/features/composer/draft-signature'
import { missingPart } from '../../src-renderer/src/features/composer/missing-part'
import { placesOf } from '../../src-renderer/src/features/drafts/draft-places'
import { discardingNewMessage } from '../../src-renderer/src/store/draft-discard'
import {
  emptyNewMessage,
  emptyReply,
  isBlank,
  useUiStore,
  type NewMessageDraft
} from '../../src-renderer/src/store/ui-store'

const ALICE = 'Alice Tan\nSales, Rapport Ltd.\n+62 21 555 0100'
const BOB = 'Bob'
const signedDraft = (signature: string, patch: Partial<NewMessageDraft> = {}): NewMessageDraft => ({
  ...emptyNewMessage,
  accountId: 1,
  text: withSignature('', signature),
  signature,
  ...patch
})

describe('a signature in the text', () => {
  it('goes below a blank line, after the "-- " sig dash with its trailing space', () => {
    expect(withSignature('', ALICE)).toBe(`\n\n-- \n${ALICE}`)
    expect(withSignature('Hello\n\n', BOB)).toBe('Hello\n\n-- \nBob')
    expect(withSignature('Hello', '')).toBe('Hello')
  })

  it('is kept without CR, blank lines around it, or a sig dash of its own', () => {
    expect(normalizeSignature('\r\n-- \r\nBob\r\nSales\r\n\r\n')).toBe('Bob\nSales')
    expect(normalizeSignature('  Bob  ')).toBe('Bob')
  })

  it('is told apart from what was written above it while untouched', () => {
    const text = `Thanks, see you Monday.${withSignature('', ALICE)}\n`
    expect(endsWithSignature(text, ALICE)).toBe(true)
    expect(writtenText(text, ALICE)).toBe('Thanks, see you Monday.')
  })

  it('counts as changed once edited, or written below', () => {
    const edited = withSignature('Hi', ALICE).replace('+62', '+61')
    expect(endsWithSignature(edited, ALICE)).toBe(false)
    expect(writtenText(edited, ALICE)).toBe(edited)
    expect(endsWithSignature(`${withSignature('Hi', BOB)}\nP.S. call me`, BOB)).toBe(false)
    // "-- " must start its line: "xx-- \nBob" is not the signature.
    expect(endsWithSignature('xx-- \nBob', BOB)).toBe(false)
  })

  it('is swapped for another one while untouched, and left as the user made it once not', () => {
    expect(swapSignature(withSignature('Hi', ALICE), ALICE, BOB)).toBe('Hi\n\n-- \nBob')
    expect(swapSignature(withSignature('', ALICE), ALICE, '')).toBe('')
    // From a mailbox without one: the new one is put at the end.
    expect(swapSignature('Hi', '', BOB)).toBe('Hi\n\n-- \nBob')
    expect(swapSignature(`${withSignature('Hi', ALICE)}!`, ALICE, BOB)).toBeNull()
  })
})

describe('a draft begun with its signature', () => {
  it('gets its From mailbox signature when begun, once that mailbox is known', () => {
    expect(startSignature(emptyReply, ALICE)).toEqual({ text: `\n\n-- \n${ALICE}`, signature: ALICE })
    expect(startSignature(emptyReply, undefined)).toBeNull()
    // A mailbox without one: nothing put in, but the draft has had its (empty) signature.
    expect(startSignature(emptyReply, '')).toEqual({ text: '', signature: '' })
  })

  it('never gets one a second time, nor when continued with text or anything else of its own', () => {
    expect(startSignature(signedDraft(ALICE, { text: '' }), ALICE)).toBeNull()
    // Another program's draft, a kept one, one brought back by Undo: none is put in.
    expect(startSignature({ ...emptyReply, text: 'Kept text' }, ALICE)).toBeNull()
    expect(startSignature({ ...emptyNewMessage, to: 'carlos@client.test' }, ALICE)).toBeNull()
    expect(startSignature({ ...emptyNewMessage, subject: 'Catalogue' }, ALICE)).toBeNull()
  })

  it('holding only the untouched signature is blank: not kept, and no Discard notice', () => {
    const draft = signedDraft(ALICE)
    expect(isBlank(draft)).toBe(true)
    expect(isBlank({ ...emptyReply, text: draft.text, signature: ALICE })).toBe(true)
    expect(placesOf({ newMessage: draft, replyDrafts: {}, asideDrafts: [] }).size).toBe(0)
    const state = { newMessage: draft, replyDrafts: {}, asideDrafts: [] }
    expect(discardingNewMessage(state, 1).discarded).toBeUndefined()
  })

  it('is no longer blank once its signature is edited, or text written above it', () => {
    expect(isBlank(signedDraft(ALICE, { text: withSignature('Hello', ALICE) }))).toBe(false)
    expect(isBlank(signedDraft(ALICE, { text: `\n\n-- \n${ALICE} (mobile)` }))).toBe(false)
  })

  it('with only its signature asks "send without text?" still', () => {
    const draft = signedDraft(ALICE, { subject: 'Catalogue', to: 'carlos@client.test' })
    expect(missingPart(draft)).toBe('text')
    expect(missingPart({ ...draft, subject: '' })).toBe('both')
    expect(missingPart({ ...draft, text: withSignature('Here it is', ALICE) })).toBeNull()
  })

  it("is kept in full once written in, its signature part of the message's text", () => {
    const draft = signedDraft(ALICE, { text: withSignature('Hello', ALICE) })
    const places = placesOf({ newMessage: draft, replyDrafts: {}, asideDrafts: [] })
    expect([...places.values()].map((p) => p.draft.text)).toEqual([`Hello\n\n-- \n${ALICE}`])
  })
})

describe("New message's From changed", () => {
  it("swaps the old mailbox's untouched signature for the new one's", () => {
    const typed = signedDraft(ALICE, { accountId: 2, text: withSignature('Hello', ALICE) })
    expect(fromSignature(typed, BOB)).toEqual({ text: 'Hello\n\n-- \nBob', signature: BOB })
  })

  it('leaves a signature the user edited as it is', () => {
    const edited = signedDraft(ALICE, { accountId: 2, text: `Hello\n\n-- \nAlice (on leave)` })
    expect(fromSignature(edited, BOB)).toBeNull()
  })

  it('does nothing while the mailbox is the same, or not known yet', () => {
    expect(fromSignature(signedDraft(ALICE), ALICE)).toBeNull()
    expect(fromSignature(signedDraft(ALICE), undefined)).toBeNull()
  })

  it('puts none into a draft continued from elsewhere (no signature of its own was put in)', () => {
    const continued = { ...emptyNewMessage, accountId: 2, text: 'Draft from my phone' }
    expect(fromSignature(continued, BOB)).toBeNull()
  })

  it('begins a blank draft with the signature of its From', () => {
    expect(fromSignature({ ...emptyNewMessage, accountId: 1 }, ALICE)).toEqual({
      text: `\n\n-- \n${ALICE}`,
      signature: ALICE
    })
  })
})

describe('a draft brought back by Undo', () => {
  it('takes the place of one holding only its signature, and gets no signature put in', () => {
    useUiStore.setState({ newMessage: signedDraft(ALICE), asideDrafts: [] })
    // Sent before signatures, or with its signature taken out: no signature of its own.
    const undone: NewMessageDraft = { ...emptyNewMessage, accountId: 1, subject: 'Catalogue', text: '' }
    useUiStore.getState().restoreNewMessage(undone)
    const { newMessage, asideDrafts } = useUiStore.getState()
    expect(newMessage).toBe(undone)
    expect(asideDrafts).toEqual([])
    expect(fromSignature(newMessage, ALICE)).toBeNull()
  })
})
