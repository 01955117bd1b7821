// Reply drafts follow threads merged under them while they are being typed: startDrafts against a
// fake core that moves its copies as draft-moves.ts does and announces threads.merged. It refuses
// a reply to a thread that no longer exists, as DraftStore.accountOf does.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { CommandInput, Draft } from '../../src-preload/contract'
import { answerDraftCommand, draftKey, emit } from './fixtures/fake-drafts-core'

const db = new Map<string, Draft>()
const threads = new Set([10, 12, 20])
let lists = 0
const key = draftKey

vi.mock('../../src-renderer/src/api/call-command', () => ({
  callCommand: (command: string, input: never) => {
    if (command === 'drafts.list') {
      lists++
      return Promise.resolve({ ok: true, value: [...db.values()] })
    }
    if (command === 'drafts.save') {
      const i = input as CommandInput<'drafts.save'>
      if (i.kind === 'reply' && !threads.has(i.threadId))
        return Promise.resolve({
          ok: false,
          error: { code: 'NOT_FOUND', message: `There is no conversation with id ${i.threadId}.` }
        })
    }
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
const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** The core merges thread `from` into `to`, moving its reply draft as draft-moves.ts does, and says so. */
function coreMerges(from: number, to: number): void {
  threads.delete(from)
  const draft = db.get(`reply:${from}:0`)
  const moves = []
  if (draft) {
    const aside = db.has(`reply:${to}:0`) ? 90 + from : null
    db.delete(`reply:${from}:0`)
    db.set(key({ kind: 'reply', threadId: to, asideId: aside }), { ...draft, threadId: to, asideId: aside })
    const place = aside ? { kind: 'reply', threadId: to, asideId: aside } : { kind: 'reply', threadId: to }
    moves.push({ from: { kind: 'reply', threadId: from }, to: place })
  }
  emit('threads.merged', { from, to, drafts: moves })
}

beforeAll(async () => {
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }))
  vi.stubGlobal('window', new EventTarget())
  startDrafts()
  await vi.waitFor(() => expect(ui().draftsReady).toBe(true))
})

describe('a merge under a reply being typed', () => {
  it('keeps the words typed since the last save of the merged conversation, and saves them there', async () => {
    ui().updateReplyDraft(12, { text: 'About the invoice' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('reply:12:0')?.text).toBe('About the invoice'))
    ui().updateReplyDraft(12, { text: 'About the invoice: paid on Monday' }) // < 1 s before the merge
    coreMerges(12, 10)
    expect(ui().replyDrafts[12]).toBeUndefined()
    expect(ui().replyDrafts[10]?.text).toBe('About the invoice: paid on Monday')
    await drain()
    expect(db.get('reply:10:0')?.text).toBe('About the invoice: paid on Monday')
    expect(db.has('reply:12:0')).toBe(false)
  })

  it('keeps what is typed anywhere around a merge, without reading the drafts back', async () => {
    ui().updateNewMessage({ to: 'c@x.test', text: 'Hello' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('new:0:0')?.text).toBe('Hello'))
    const listed = lists
    threads.add(30)
    coreMerges(30, 20) // a merge elsewhere, by sync
    ui().updateNewMessage({ text: 'Hello Carlos, the quote is attached' })
    await drain()
    window.dispatchEvent(new Event('pagehide'))
    await drain()
    expect(ui().newMessage.text).toBe('Hello Carlos, the quote is attached')
    expect(db.get('new:0:0')?.text).toBe('Hello Carlos, the quote is attached')
    expect(lists).toBe(listed)
  })

  it('moves a reply never saved to the conversation that stays, beside the one written there', async () => {
    threads.add(40)
    threads.add(41)
    ui().updateReplyDraft(40, { text: 'Our answer' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('reply:40:0')?.text).toBe('Our answer'))
    ui().updateReplyDraft(41, { text: 'Typed just now' }) // not saved yet: the core has no copy
    coreMerges(41, 40)
    expect(ui().replyDrafts[41]).toBeUndefined()
    expect(ui().replyDrafts[40]?.text).toBe('Our answer')
    const aside = ui().asideDrafts.find((entry) => entry.draft.text === 'Typed just now')
    expect(aside).toMatchObject({ kind: 'reply', threadId: 40 })
    window.dispatchEvent(new Event('pagehide'))
    await drain()
    expect(db.get(`reply:40:${aside!.id}`)?.text).toBe('Typed just now')
  })

  it('follows a merge announced while the drafts are being read', async () => {
    threads.add(50)
    threads.add(51)
    ui().updateReplyDraft(50, { text: 'Kept before the reload' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(db.get('reply:50:0')?.text).toBe('Kept before the reload'))
    // The drafts are read again (as after a workspace switch); the list is taken, then sync merges.
    emit('workspace.switched')
    coreMerges(50, 51)
    await vi.waitFor(() => expect(ui().replyDrafts[51]?.text).toBe('Kept before the reload'))
    expect(ui().replyDrafts[50]).toBeUndefined()
  })
})
