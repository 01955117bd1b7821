// The renderer keeping the core's copy of the drafts in step with the UI store: when it writes,
// what, and what it never writes over. The core is a fake here that records each call; the
// store is the real one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommandInput, DraftPlace, OutgoingAttachment } from '../../src-preload/contract'
import { DraftSaver, SAVE_DELAY_MS } from '../../src-renderer/src/features/drafts/draft-saver'
import { keptFrom, placesOf } from '../../src-renderer/src/features/drafts/draft-places'
import { useUiStore } from '../../src-renderer/src/store/ui-store'

type Call = { save: CommandInput<'drafts.save'> } | { remove: DraftPlace }

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const pdf = new File(['%PDF-1.4'], 'quote.pdf', { type: 'application/pdf' })

let calls: Call[]
let encoding: Array<() => void>
let slowEncode: boolean
let refuse: boolean
let saver: DraftSaver
let off: () => void

const encode = (files: readonly File[]): Promise<OutgoingAttachment[]> => {
  const encoded = files.map((f) => ({ name: f.name, type: f.type, contentBase64: 'JVBERg==' }))
  if (!slowEncode) return Promise.resolve(encoded)
  return new Promise((resolve) => encoding.push(() => resolve(encoded)))
}

/** Lets queued writes (promise chains) run, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0)
const saves = () => calls.flatMap((c) => ('save' in c ? [c.save] : []))

beforeEach(() => {
  vi.useFakeTimers()
  useUiStore.setState(initial, true)
  calls = []
  encoding = []
  slowEncode = false
  refuse = false
  saver = new DraftSaver({
    read: () => placesOf(ui()),
    api: {
      save: (input) => {
        calls.push({ save: input })
        return Promise.resolve(
          refuse ? { ok: false, error: { code: 'INTERNAL', message: 'no' } } : { ok: true, value: {} }
        )
      },
      remove: (place) => {
        calls.push({ remove: place })
        return Promise.resolve({ ok: true, value: { deleted: true } })
      }
    },
    encode,
    log: () => undefined
  })
  off = useUiStore.subscribe(() => saver.changed())
})

afterEach(() => {
  off()
  vi.useRealTimers()
})

describe('keeping drafts as they are written', () => {
  it('saves the text a second after the last keystroke, not at every one', async () => {
    saver.resume([])
    for (const text of ['H', 'He', 'Hel', 'Hello']) {
      ui().updateReplyDraft(7, { text })
      await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS / 2)
    }
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    expect(calls).toEqual([{ save: { kind: 'reply', threadId: 7, text: 'Hello', later: '' } }])
  })

  it('saves a writer who never pauses every few seconds all the same', async () => {
    saver.resume([])
    for (let i = 1; i <= 12; i++) {
      ui().updateNewMessage({ text: 'x'.repeat(i) })
      await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS / 2)
    }
    // Six seconds of typing, never half a second apart: saved once, five seconds in.
    expect(saves()).toEqual([
      { kind: 'new', accountId: null, to: '', cc: '', bcc: '', subject: '', text: 'x'.repeat(11), later: '' }
    ])
  })

  it('saves at once when a field is left or the page goes away (flush)', async () => {
    saver.resume([])
    ui().updateNewMessage({ to: 'carlos@client.test', subject: 'Catalogue' })
    saver.flush()
    await settle()
    expect(saves()).toEqual([
      {
        kind: 'new',
        accountId: null,
        to: 'carlos@client.test',
        cc: '',
        bcc: '',
        subject: 'Catalogue',
        text: '',
        later: ''
      }
    ])
  })

  it('saves picked files at once with their bytes, and not again while only the text changes', async () => {
    saver.resume([])
    ui().updateReplyDraft(7, { text: 'The quote', files: [pdf] })
    await settle()
    expect(saves()).toEqual([
      {
        kind: 'reply',
        threadId: 7,
        text: 'The quote',
        later: '',
        attachments: [{ name: 'quote.pdf', type: 'application/pdf', contentBase64: 'JVBERg==' }]
      }
    ])
    ui().updateReplyDraft(7, { text: 'The quote, for Thursday' })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    expect(saves()[1]).toEqual({ kind: 'reply', threadId: 7, text: 'The quote, for Thursday', later: '' })
    // Removed: the core is told there are none now.
    ui().updateReplyDraft(7, { files: [] })
    await settle()
    expect(saves()[2]).toMatchObject({ attachments: [] })
  })

  it('lets go of a sent draft at once, and keeps it again when Undo brings it back', async () => {
    saver.resume([])
    ui().updateNewMessage({ to: 'carlos@client.test', text: 'Hello', files: [pdf] })
    await settle()
    const sent = ui().newMessage
    ui().clearNewMessage(sent)
    await settle()
    expect(calls.at(-1)).toEqual({ remove: { kind: 'new' } })

    ui().restoreNewMessage(sent)
    await settle()
    expect(calls.at(-1)).toMatchObject({
      save: { kind: 'new', text: 'Hello', attachments: [{ name: 'quote.pdf' }] }
    })
  })

  it('keeps an undone draft set aside at its own place, and lets it go when discarded', async () => {
    saver.resume([])
    ui().updateReplyDraft(7, { text: 'Reply two' })
    ui().restoreReply(7, { text: 'Reply one', files: [], later: '' })
    saver.flush()
    await settle()
    const aside = ui().asideDrafts[0]!
    expect(saves()).toEqual(
      expect.arrayContaining([
        { kind: 'reply', threadId: 7, text: 'Reply two', later: '' },
        { kind: 'reply', threadId: 7, asideId: aside.id, text: 'Reply one', later: '' }
      ])
    )
    ui().discardAside(aside.id)
    await settle()
    expect(calls.at(-1)).toEqual({ remove: { kind: 'reply', threadId: 7, asideId: aside.id } })
  })

  it('writes the text as it is last, even when it changed while the files were being read', async () => {
    slowEncode = true
    saver.resume([])
    ui().updateReplyDraft(7, { text: 'First', files: [pdf] })
    await settle()
    ui().updateReplyDraft(7, { text: 'First, then more' })
    saver.flush()
    encoding.shift()!()
    await settle()
    // The flush sends the text beside the files still being read; they then go with the text as it is.
    expect(saves().map((s) => [s.text, 'attachments' in s])).toEqual([
      ['First, then more', false],
      ['First, then more', true]
    ])
  })

  it('tries a refused save again at the next change', async () => {
    saver.resume([])
    refuse = true
    ui().updateReplyDraft(7, { text: 'Thanks' })
    saver.flush()
    await settle()
    refuse = false
    ui().updateReplyDraft(7, { later: '2030-01-02T09:00' })
    saver.flush()
    await settle()
    expect(saves()).toHaveLength(2)
    expect(saves()[1]).toEqual({ kind: 'reply', threadId: 7, text: 'Thanks', later: '2030-01-02T09:00' })
  })
})

describe('never writing over kept drafts', () => {
  it('writes nothing before the kept drafts are in, and nothing already kept once they are', async () => {
    ui().updateNewMessage({ text: 'Typed before the drafts came' })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2)
    expect(calls).toEqual([])

    const stored = {
      id: 3,
      revision: 1,
      kind: 'reply' as const,
      threadId: 7,
      asideId: null,
      accountId: 1,
      to: '',
      cc: '',
      bcc: '',
      subject: '',
      text: 'Kept reply',
      later: '',
      answering: null,
      chosen: false,
      updatedAt: '2030-01-02T09:00:00.000Z',
      attachments: [{ name: 'quote.pdf', type: 'application/pdf', size: 8 }],
      continues: []
    }
    const { kept, placed } = keptFrom([{ draft: stored, files: [pdf] }])
    ui().loadDrafts(kept)
    saver.resume(placed)
    await settle()
    expect(ui().replyDrafts[7]).toEqual({ text: 'Kept reply', files: [pdf], later: '' })
    // Only what the core does not have yet: the new message typed meanwhile.
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    expect(saves()).toEqual([expect.objectContaining({ kind: 'new', text: 'Typed before the drafts came' })])
  })

  it('drops a write begun for the workspace being left', async () => {
    slowEncode = true
    saver.resume([])
    ui().updateReplyDraft(7, { text: 'In the sample', files: [pdf] })
    await settle()
    saver.pause()
    ui().resetSelection()
    encoding.shift()!()
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2)
    expect(calls).toEqual([])
  })
})
