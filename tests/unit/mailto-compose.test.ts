// A mailto link opens New message filled from it, from the account of the conversation being
// read, beside (never over) a message being written; the user still presses Send.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fromSignature } from '../../src-renderer/src/features/composer/draft-signature'
import { composeFromMailto } from '../../src-renderer/src/features/composer/mailto-compose'
import { parseMailto } from '../../src-preload/mailto-link'
import { emptyNewMessage, useUiStore } from '../../src-renderer/src/store/ui-store'

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const asked: unknown[] = []

beforeAll(() => {
  // The page's API as the desktop preload gives it: thread 7 is in account 2's mailbox.
  const threads = {
    get: async (input: { threadId: number }) => {
      asked.push(input)
      return { ok: true, value: { thread: { id: input.threadId, accountId: 2 }, messages: [] } }
    }
  }
  Object.assign(globalThis, { window: { rapport: { threads, on: () => () => undefined } } })
})

beforeEach(() => {
  useUiStore.setState(initial, true)
  asked.length = 0
})

const link = parseMailto(
  'mailto:ana@example.test?cc=bo@example.test&bcc=hidden@example.test&subject=Quote%20for%2040%20chairs&body=Hi%2C%0D%0Aplease+call'
)!

describe('a mailto link followed', () => {
  it("opens New message filled from it, from the open conversation's account, Cc in Cc and Bcc in Bcc", async () => {
    ui().openThread(7)
    await composeFromMailto(link)
    expect(asked).toEqual([{ threadId: 7 }])
    expect(ui().composerOpen).toBe(true)
    expect(ui().newMessage).toEqual({
      ...emptyNewMessage,
      accountId: 2,
      to: 'ana@example.test',
      cc: 'bo@example.test',
      bcc: 'hidden@example.test',
      subject: 'Quote for 40 chairs',
      text: 'Hi,\nplease+call',
      signature: ''
    })
  })

  it("leaves the account to the composer's own choice when no conversation is open", async () => {
    await composeFromMailto(link)
    expect(asked).toEqual([])
    expect(ui().newMessage.accountId).toBeNull()
  })

  it('sets a message being written aside rather than writing over it', async () => {
    ui().updateNewMessage({ to: 'carlos@client.test', text: 'Half written' })
    const writing = ui().newMessage
    await composeFromMailto(link)
    expect(ui().newMessage).toMatchObject({
      to: 'ana@example.test',
      cc: 'bo@example.test',
      bcc: 'hidden@example.test'
    })
    expect(ui().asideDrafts).toEqual([expect.objectContaining({ kind: 'new', draft: writing })])
  })
})

describe('a mailto link followed twice', () => {
  it('sets nothing aside when the message it opened is still as the link filled it (a double-click)', async () => {
    // A double-click is two clicks: two links followed, both before either opens New message.
    await Promise.all([composeFromMailto(link), composeFromMailto(link)])
    expect(ui().newMessage.subject).toBe('Quote for 40 chairs')
    expect(ui().asideDrafts).toEqual([])
    // Followed again later, with the message untouched: still one message, not a second draft.
    await composeFromMailto(link)
    expect(ui().asideDrafts).toEqual([])
  })

  it('still sets the message aside once the user changed it', async () => {
    await composeFromMailto(link)
    ui().updateNewMessage({ text: 'Hi,\nplease call me tomorrow' })
    const written = ui().newMessage
    await composeFromMailto(link)
    expect(ui().asideDrafts).toEqual([expect.objectContaining({ kind: 'new', draft: written })])
  })

  it('sets the message aside when only its Cc or Bcc was changed', async () => {
    for (const change of [{ bcc: 'hidden@example.test, boss@example.test' }, { cc: '' }]) {
      useUiStore.setState(initial, true)
      await composeFromMailto(link)
      ui().updateNewMessage(change)
      const written = ui().newMessage
      await composeFromMailto(link)
      expect(ui().newMessage).toMatchObject({ cc: 'bo@example.test', bcc: 'hidden@example.test' })
      expect(ui().asideDrafts).toEqual([expect.objectContaining({ kind: 'new', draft: written })])
    }
  })
})

const ALICE = 'Alice Tan\nSales'
const BOB = 'Bob Wibowo'
/** What New message does once its From is known (use-new-message-signature.ts). */
const signWith = (signature: string) => {
  const patch = fromSignature(ui().newMessage, signature)
  if (patch) ui().updateNewMessage(patch)
}

describe("a mailto link's New message and the From's signature", () => {
  it("gets the From's signature below the link's body, as Thunderbird does", async () => {
    await composeFromMailto(link)
    signWith(ALICE)
    expect(ui().newMessage).toMatchObject({ text: `Hi,\nplease+call\n\n-- \n${ALICE}`, signature: ALICE })
  })

  it('gets it alone, the keys to go above it, from a link without a body', async () => {
    await composeFromMailto(parseMailto('mailto:ana@example.test')!)
    signWith(ALICE)
    expect(ui().newMessage.text).toBe(`\n\n-- \n${ALICE}`)
  })

  it('swaps it, untouched, with the From, and leaves it once the user changed it', async () => {
    await composeFromMailto(link)
    signWith(ALICE)
    signWith(BOB)
    expect(ui().newMessage.text).toBe(`Hi,\nplease+call\n\n-- \n${BOB}`)
    ui().updateNewMessage({ text: `${ui().newMessage.text} (mobile)` })
    signWith(ALICE)
    expect(ui().newMessage.text).toBe(`Hi,\nplease+call\n\n-- \n${BOB} (mobile)`)
  })

  it('gets none from a mailbox without one, the body left as the link wrote it', async () => {
    await composeFromMailto(link)
    signWith('')
    expect(ui().newMessage.text).toBe('Hi,\nplease+call')
  })

  it('followed twice, its signature put in between, is still one message (nothing set aside)', async () => {
    await composeFromMailto(link)
    signWith(ALICE)
    await composeFromMailto(link)
    expect(ui().asideDrafts).toEqual([])
    // Its signature edited, the message is the user's: set aside.
    signWith(ALICE)
    ui().updateNewMessage({ text: `${ui().newMessage.text} (mobile)` })
    const written = ui().newMessage
    await composeFromMailto(link)
    expect(ui().asideDrafts).toEqual([expect.objectContaining({ kind: 'new', draft: written })])
  })
})
