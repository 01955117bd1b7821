// The DraftSaver when things go wrong: a save refused or failing, text typed while a large file
// is still being saved, a whole draft moved between places. The fake core checks each input with
// the real contract, as the dispatcher does, and can hold its answers back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  commands,
  type CommandInput,
  type DraftPlace,
  type OutgoingAttachment
} from '../../src-preload/contract'
import { DraftSaver, SAVE_DELAY_MS } from '../../src-renderer/src/features/drafts/draft-saver'
import { placesOf } from '../../src-renderer/src/features/drafts/draft-places'
import { useUiStore } from '../../src-renderer/src/store/ui-store'

const initial = useUiStore.getState()
const ui = () => useUiStore.getState()
const pdf = new File(['%PDF-1.4'], 'quote.pdf', { type: 'application/pdf' })

let saved: Array<CommandInput<'drafts.save'>>
let removed: DraftPlace[]
let refused: string[]
let held: Array<() => void>
let holdSaves: boolean
let coreDown: boolean
let unsaved: ReadonlySet<string>
let saver: DraftSaver
let off: () => void

const encode = (files: readonly File[]): Promise<OutgoingAttachment[]> =>
  Promise.resolve(files.map((f) => ({ name: f.name, type: f.type, contentBase64: 'JVBERg==' })))
const settle = () => vi.advanceTimersByTimeAsync(0)
const texts = () => saved.map((s) => s.text)

beforeEach(() => {
  vi.useFakeTimers()
  useUiStore.setState(initial, true)
  saved = []
  removed = []
  refused = []
  held = []
  holdSaves = false
  coreDown = false
  unsaved = new Set()
  saver = new DraftSaver({
    read: () => placesOf(ui()),
    api: {
      save: (input) => {
        if (coreDown)
          return Promise.resolve({
            ok: false,
            error: { code: 'INTERNAL', message: 'Could not reach the core' }
          })
        const parsed = commands['drafts.save'].input.safeParse(input)
        if (!parsed.success) {
          refused.push(parsed.error.issues[0]!.path.join('.'))
          return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'refused' } })
        }
        saved.push(input)
        if (!holdSaves) return Promise.resolve({ ok: true, value: {} })
        return new Promise((resolve) => held.push(() => resolve({ ok: true, value: {} })))
      },
      remove: (place) => {
        removed.push(place)
        return Promise.resolve({ ok: true, value: { deleted: true } })
      }
    },
    encode,
    log: () => undefined,
    unsaved: (keys) => (unsaved = keys)
  })
  off = useUiStore.subscribe(() => saver.changed())
  saver.resume([])
})

afterEach(() => {
  off()
  vi.useRealTimers()
})

describe('a save the core refuses or cannot take', () => {
  it('keeps the text of a draft with more than 100 files, the files waiting', async () => {
    const files = Array.from({ length: 101 }, (_, i) => new File(['x'], `scan-${i}.pdf`))
    ui().updateNewMessage({ to: 'carlos@client.test', subject: 'Scans', text: 'All the scans', files })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2)
    ui().updateNewMessage({ text: 'All the scans, and a letter about them' })
    saver.flush()
    await settle()
    expect(refused).toEqual([])
    expect(texts()).toEqual(['All the scans', 'All the scans, and a letter about them'])
  })

  it('keeps the text when the files are refused, and does not offer them again', async () => {
    ui().updateNewMessage({ to: 'carlos@client.test', text: 'Zero-byte name', files: [new File([''], '')] })
    await settle()
    expect(refused).toEqual(['attachments.0.name'])
    ui().updateNewMessage({ text: 'Zero-byte name, more' })
    saver.flush()
    await settle()
    expect(refused).toHaveLength(1)
    expect(saved.map((s) => [s.text, 'attachments' in s])).toEqual([
      ['Zero-byte name', false],
      ['Zero-byte name, more', false]
    ])
  })

  it('cuts a subject longer than a message may have rather than lose the whole draft', async () => {
    ui().updateNewMessage({ to: 'carlos@client.test', subject: 'x'.repeat(999), text: 'A long body' })
    saver.flush()
    await settle()
    expect(refused).toEqual([])
    expect(saved).toEqual([expect.objectContaining({ subject: 'x'.repeat(998), text: 'A long body' })])
  })

  it('tries a failed save again by itself, and says which drafts are not kept meanwhile', async () => {
    coreDown = true
    ui().updateReplyDraft(7, { text: 'Thanks, see you Thursday' })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    expect(unsaved).toEqual(new Set(['reply:7']))
    coreDown = false
    await vi.advanceTimersByTimeAsync(60_000)
    expect(texts()).toEqual(['Thanks, see you Thursday'])
    expect(unsaved).toEqual(new Set())
  })

  it('writes on flush every draft that differs from what is kept, not only those waiting', async () => {
    coreDown = true
    ui().updateReplyDraft(7, { text: 'Thanks' })
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS)
    coreDown = false
    saver.flush()
    await settle()
    expect(texts()).toEqual(['Thanks'])
  })
})

describe('text typed while a large file is being saved', () => {
  it('is sent at once when the page goes away, not after the save under way', async () => {
    holdSaves = true
    ui().updateNewMessage({ to: 'carlos@client.test', text: 'Hi', files: [pdf] })
    await settle()
    expect(saved).toHaveLength(1)
    ui().updateNewMessage({ text: 'Hi Carlos, the quote is attached' })
    saver.flush()
    await settle()
    expect(saved.map((s) => [s.text, 'attachments' in s])).toEqual([
      ['Hi', true],
      ['Hi Carlos, the quote is attached', false]
    ])
  })
})

/** A new message being written, and an undone one set aside beside it, both kept. */
async function writeBesideAnUndone(): Promise<void> {
  ui().updateNewMessage({ to: 'a@client.test', text: 'Being written' })
  ui().restoreNewMessage({
    accountId: null,
    to: 'b@client.test',
    cc: '',
    bcc: '',
    subject: '',
    text: 'The undone one',
    files: [],
    later: ''
  })
  saver.flush()
  await settle()
}

describe('a whole draft put in a place', () => {
  it('opening a draft set aside keeps it at its new place before letting go of the old one', async () => {
    await writeBesideAnUndone()
    const aside = ui().asideDrafts[0]!.id
    saved = []
    ui().openAside(aside)
    await settle()
    expect(texts()).toEqual(expect.arrayContaining(['The undone one', 'Being written']))
    expect(removed).toEqual([{ kind: 'new', asideId: aside }])
  })

  it('deletes the old place only once the new one is saved', async () => {
    await writeBesideAnUndone()
    holdSaves = true
    ui().openAside(ui().asideDrafts[0]!.id)
    await settle()
    expect(removed).toEqual([])
    for (const answer of held.splice(0)) answer()
    await settle()
    expect(removed).toHaveLength(1)
  })

  it('keeps a draft Undo brings back at once', async () => {
    ui().updateNewMessage({ to: 'carlos@client.test', text: 'Sent, then undone' })
    saver.flush()
    await settle()
    const sent = ui().newMessage
    ui().clearNewMessage(sent)
    await settle()
    saved = []
    ui().restoreNewMessage(sent)
    await settle()
    expect(texts()).toEqual(['Sent, then undone'])
  })
})
