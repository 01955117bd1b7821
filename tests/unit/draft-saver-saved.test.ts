// The DraftSaver tells the composers a draft is stored ("Draft saved") only once the core has all
// of it: after the core answered, and not while its files were refused or still to be read.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { CommandInput, OutgoingAttachment, Response } from '../../src-preload/contract'
import { DraftSaver } from '../../src-renderer/src/features/drafts/draft-saver'
import { placesOf, type ComposerDraft } from '../../src-renderer/src/features/drafts/draft-places'
import { useUiStore } from '../../src-renderer/src/store/ui-store'

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const file = new File(['A'], 'a.pdf', { type: 'application/pdf' })

let answer: (input: CommandInput<'drafts.save'>) => Response<unknown>
let answers: Array<() => void>
let told: Array<{ key: string; draft: ComposerDraft }>
let off: () => void

const encode = (files: readonly File[]): Promise<OutgoingAttachment[]> =>
  Promise.resolve(files.map((f) => ({ name: f.name, type: f.type, contentBase64: 'QQ==' })))

beforeEach(() => {
  vi.useFakeTimers()
  useUiStore.setState(initial, true)
  answers = []
  told = []
  answer = () => ({ ok: true, value: {} })
  const saver = new DraftSaver({
    read: () => placesOf(ui()),
    api: {
      // Each answer waits until the test lets it through.
      save: (input) => new Promise((resolve) => answers.push(() => resolve(answer(input)))),
      remove: () => Promise.resolve({ ok: true, value: { deleted: true } })
    },
    encode,
    log: () => undefined,
    saved: (key, draft) => told.push({ key, draft })
  })
  off = useUiStore.subscribe(() => saver.changed())
  saver.resume([])
})

afterEach(() => {
  off()
  vi.useRealTimers()
})

async function answerAll(): Promise<void> {
  while (answers.length) {
    answers.shift()!()
    await vi.advanceTimersByTimeAsync(0)
  }
}

it('tells the draft is saved once the core answered, naming the draft it stored', async () => {
  ui().updateNewMessage({ text: 'About the chairs' })
  const typed = ui().newMessage
  await vi.advanceTimersByTimeAsync(1000)
  expect(answers).toHaveLength(1)
  expect(told).toEqual([])
  await answerAll()
  expect(told).toEqual([{ key: 'new', draft: typed }])
})

it('does not tell the draft is saved while its files were refused, though its text was kept', async () => {
  answer = (input) =>
    input.attachments
      ? { ok: false, error: { code: 'ATTACHMENT_TOO_LARGE', message: 'too large' } }
      : { ok: true, value: {} }
  ui().updateNewMessage({ text: 'With the quote', files: [file] })
  await vi.advanceTimersByTimeAsync(0)
  await answerAll()
  await answerAll()
  expect(told).toEqual([])
})
