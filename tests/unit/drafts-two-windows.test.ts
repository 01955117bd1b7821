// Two windows (or tabs of web mode) on one core: startDrafts against a fake core whose drafts
// table the other window writes too (here, the test, announcing it with `changed`). What the
// other window saved shows here; what this one writes never goes over it, nor it over this.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Draft } from '../../src-preload/contract'
import { answerDraftCommand, draftKey, emit, storedDraft } from './fixtures/fake-drafts-core'

const db = new Map<string, Draft>()
const commands: Array<{ command: string; input: unknown }> = []

vi.mock('../../src-renderer/src/api/call-command', () => ({
  callCommand: (command: string, input: never) => {
    commands.push({ command, input })
    if (command === 'drafts.list') return Promise.resolve({ ok: true, value: [...db.values()] })
    return answerDraftCommand(db, command, input)
  }
}))
vi.mock(
  '../../src-renderer/src/api/rapport-client',
  async () => (await import('./fixtures/fake-drafts-core')).fakeRapportClient
)

const { useUiStore } = await import('../../src-renderer/src/store/ui-store')
const { startDrafts } = await import('../../src-renderer/src/features/drafts/start-drafts')
const ui = () => useUiStore.getState()

/** The other window saves `text` as the reply of `threadId`, and the core says drafts changed. */
function savedElsewhere(threadId: number, text: string): void {
  const input = { kind: 'reply' as const, threadId, text, later: '' }
  db.set(draftKey(input), storedDraft(input, db.get(draftKey(input))))
  emit('changed', { tables: ['drafts'], ids: [] })
}

beforeAll(async () => {
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }))
  vi.stubGlobal('window', new EventTarget())
  startDrafts()
  await vi.waitFor(() => expect(ui().draftsReady).toBe(true))
})

describe('drafts written in two windows', () => {
  it('shows the reply another window saved, and saves over it only once it was shown', async () => {
    savedElsewhere(7, 'The quote, for Thursday')
    await vi.waitFor(() => expect(ui().replyDrafts[7]?.text).toBe('The quote, for Thursday'))

    ui().updateReplyDraft(7, { text: 'The quote, for Thursday, and the delivery date' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() =>
      expect(db.get('reply:7:0')?.text).toBe('The quote, for Thursday, and the delivery date')
    )
    expect(ui().asideDrafts).toEqual([])
    // The save named the revision it was shown: the core would refuse it over a newer one.
    const save = commands.findLast((c) => c.command === 'drafts.save')!.input
    expect(save).toMatchObject({ seen: { id: db.get('reply:7:0')!.id, revision: 1 } })
  })

  it('keeps both replies when the other window saved while this one was writing', async () => {
    // Typed here, not saved yet (a second after the last keystroke) when the other window saves.
    ui().updateReplyDraft(8, { text: 'Written here' })
    const input = { kind: 'reply' as const, threadId: 8, text: 'Written in the other window', later: '' }
    db.set(draftKey(input), storedDraft(input))
    window.dispatchEvent(new Event('pagehide'))

    // Refused by the core (DRAFT_CHANGED): the other window's reply goes in the box, this one's
    // beside it, and both are kept.
    await vi.waitFor(() => expect(ui().replyDrafts[8]?.text).toBe('Written in the other window'))
    expect(ui().asideDrafts).toEqual([
      expect.objectContaining({
        kind: 'reply',
        threadId: 8,
        draft: expect.objectContaining({ text: 'Written here' })
      })
    ])
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() =>
      expect(
        [...db.values()].filter((d) => d.threadId === 8).map((d) => [d.asideId !== null, d.text])
      ).toEqual([
        [false, 'Written in the other window'],
        [true, 'Written here']
      ])
    )
  })

  it('lets go of a reply the other window sent, unless this one changed it since', async () => {
    ui().updateReplyDraft(11, { text: 'Sent from the other window' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('reply:11:0')?.text).toBe('Sent from the other window'))
    // The other window sends it: gone from the core, it leaves this window's reply box too.
    db.delete('reply:11:0')
    emit('changed', { tables: ['drafts'], ids: [] })
    await vi.waitFor(() => expect(ui().replyDrafts[11]).toBeUndefined())
    expect(db.has('reply:11:0')).toBe(false)

    ui().updateReplyDraft(9, { text: 'Mine' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('reply:9:0')?.text).toBe('Mine'))
    // Written on here when the other window sends it: the words typed since are kept, and saved.
    ui().updateReplyDraft(9, { text: 'Mine, with more' })
    db.delete('reply:9:0')
    const reads = commands.filter((c) => c.command === 'drafts.list').length
    emit('changed', { tables: ['drafts'], ids: [] })
    // The window reads the drafts again; what it read is laid out once its answer is in.
    await vi.waitFor(() =>
      expect(commands.filter((c) => c.command === 'drafts.list').length).toBeGreaterThan(reads)
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(ui().replyDrafts[9]?.text).toBe('Mine, with more')
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('reply:9:0')?.text).toBe('Mine, with more'))
  })
})
