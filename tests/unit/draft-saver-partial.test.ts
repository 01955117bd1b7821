// The DraftSaver where a save went only part way: files changed while earlier ones were read, a
// save with files failing for a passing reason, a reply to a conversation gone, a draft opened
// from beside another whose new place could not be saved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommandInput, OutgoingAttachment, Response } from '../../src-preload/contract'
import { DraftSaver } from '../../src-renderer/src/features/drafts/draft-saver'
import { placesOf } from '../../src-renderer/src/features/drafts/draft-places'
import { useUiStore } from '../../src-renderer/src/store/ui-store'

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const a = new File(['A'], 'a.pdf', { type: 'application/pdf' })
const b = new File(['B'], 'b.pdf', { type: 'application/pdf' })

let saved: Array<CommandInput<'drafts.save'>>
let encodes: Array<() => void>
let answer: (input: CommandInput<'drafts.save'>) => Response<unknown>
let saver: DraftSaver
let kept: string[]
let off: () => void

const encodeHeld = (files: readonly File[]): Promise<OutgoingAttachment[]> =>
  new Promise((resolve) =>
    encodes.push(() => resolve(files.map((f) => ({ name: f.name, type: f.type, contentBase64: 'QQ==' }))))
  )

beforeEach(() => {
  vi.useFakeTimers()
  useUiStore.setState(initial, true)
  saved = []
  kept = []
  encodes = []
  answer = () => ({ ok: true, value: {} })
  saver = new DraftSaver({
    read: () => placesOf(ui()),
    api: {
      save: (input) => {
        saved.push(input)
        const response = answer(input)
        if (response.ok && input.attachments) kept = input.attachments.map((f) => f.name)
        return Promise.resolve(response)
      },
      remove: () => Promise.resolve({ ok: true, value: { deleted: true } })
    },
    encode: encodeHeld,
    log: () => undefined
  })
  off = useUiStore.subscribe(() => saver.changed())
  saver.resume([])
})

afterEach(() => {
  off()
  vi.useRealTimers()
})

/** Lets every file read asked for (and each read asked for after) finish, and the saves go. */
async function readAll(): Promise<void> {
  while (encodes.length) {
    encodes.shift()!()
    await vi.advanceTimersByTimeAsync(0)
  }
}

/** The files the core holds for the new message: those of the last save that carried files. */
const coreFiles = () => kept

describe('files changed while an earlier file write is still encoding', () => {
  it('a second file picked while the first is read reaches the core', async () => {
    ui().updateNewMessage({ to: 'c@x.test', text: 'Two files', files: [a] })
    await vi.advanceTimersByTimeAsync(0)
    ui().updateNewMessage({ files: [a, b] }) // picked while a.pdf is still being read
    encodes.shift()!() // a.pdf read
    await vi.advanceTimersByTimeAsync(0)
    await readAll()
    saver.flush() // the window is hidden / closed
    await vi.advanceTimersByTimeAsync(0)
    await readAll()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(coreFiles()).toEqual(['a.pdf', 'b.pdf'])
  })

  it('a file removed while the files are read is removed in the core too', async () => {
    ui().updateNewMessage({ to: 'c@x.test', text: 'Two files', files: [a, b] })
    await vi.advanceTimersByTimeAsync(0)
    ui().updateNewMessage({ files: [a] }) // b.pdf removed while the pair is being read
    await readAll()
    saver.flush()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(coreFiles()).toEqual(['a.pdf'])
  })
})

describe('a save with files that fails for a passing reason', () => {
  it('offers the files again instead of taking them as refused', async () => {
    let fails = 1
    answer = (input) =>
      input.attachments && fails-- > 0
        ? { ok: false, error: { code: 'INTERNAL', message: 'database is locked' } }
        : { ok: true, value: {} }
    ui().updateNewMessage({ to: 'c@x.test', text: 'Scan', files: [a] })
    await vi.advanceTimersByTimeAsync(0)
    encodes.shift()!()
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 5; i++) {
      while (encodes.length) encodes.shift()!()
      await vi.advanceTimersByTimeAsync(60_000)
    }
    saver.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(coreFiles()).toEqual(['a.pdf'])
  })
})

describe('a reply whose conversation is gone', () => {
  it('stops trying (or lets the draft go) rather than asking the core every minute for ever', async () => {
    answer = (input) =>
      input.kind === 'reply'
        ? {
            ok: false,
            error: { code: 'NOT_FOUND', message: `There is no conversation with id ${input.threadId}.` }
          }
        : { ok: true, value: {} }
    ui().updateReplyDraft(12, { text: 'About the invoice' })
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000)
    expect(saved.length).toBeLessThan(10)
  })
})

describe('a draft opened from beside another', () => {
  it('does not let go of the old place while the new one could not be saved', async () => {
    const removed: unknown[] = []
    saver = new DraftSaver({
      read: () => placesOf(ui()),
      api: {
        save: (input) => {
          saved.push(input)
          return Promise.resolve(answer(input))
        },
        remove: (place) => {
          removed.push(place)
          return Promise.resolve({ ok: true, value: { deleted: true } })
        }
      },
      encode: encodeHeld,
      log: () => undefined
    })
    off()
    off = useUiStore.subscribe(() => saver.changed())
    saver.resume([])
    ui().updateNewMessage({ to: 'a@x.test', text: 'Being written' })
    ui().restoreNewMessage({
      accountId: null,
      to: 'b@x.test',
      cc: '',
      bcc: '',
      subject: '',
      text: 'Undone',
      files: [],
      later: ''
    })
    saver.flush()
    await vi.advanceTimersByTimeAsync(0)
    // blank the one being written so that opening the aside empties its old place
    ui().updateNewMessage({ to: '', text: '' })
    saver.flush()
    await vi.advanceTimersByTimeAsync(0)
    let fail = true
    answer = () =>
      fail
        ? { ok: false, error: { code: 'INTERNAL', message: 'database is locked' } }
        : { ok: true, value: {} }
    const aside = ui().asideDrafts[0]
    ui().openAside(aside!.id)
    await vi.advanceTimersByTimeAsync(0)
    expect(saved.at(-1)).toMatchObject({ kind: 'new', text: 'Undone' }) // tried, and failed
    fail = false
    // nothing holds the draft in the core now unless the old place stayed
    expect(removed).not.toContainEqual({ kind: 'new', asideId: aside!.id })
  })
})
