// Drafts belong to a workspace, and follow threads merged under them: startDrafts against a fake
// core holding one drafts table per workspace, switched as the core announces it.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Draft } from '../../src-preload/contract'
import { answerDraftCommand, emit, storedDraft } from './fixtures/fake-drafts-core'

type Db = Map<string, Draft>
const dbs: Record<'main' | 'sample', Db> = { main: new Map(), sample: new Map() }
let active: 'main' | 'sample' = 'main'

const stored = storedDraft

vi.mock('../../src-renderer/src/api/call-command', () => ({
  callCommand: (command: string, input: never) => {
    const db = dbs[active]
    if (command === 'drafts.list') return Promise.resolve({ ok: true, value: [...db.values()] })
    return answerDraftCommand(db, command, input)
  }
}))
vi.mock(
  '../../src-renderer/src/api/rapport-client',
  async () => (await import('./fixtures/fake-drafts-core')).fakeRapportClient
)

const { useUiStore } = await import('../../src-renderer/src/store/ui-store')
const { settleDrafts, startDrafts } = await import('../../src-renderer/src/features/drafts/start-drafts')
const ui = () => useUiStore.getState()
/** Lets the fake core's answers and the saver's queued writes run. */
const drain = () => new Promise((resolve) => setImmediate(resolve))

beforeAll(async () => {
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }))
  vi.stubGlobal('window', new EventTarget())
  dbs.main.set(
    'new:0:0',
    stored({
      kind: 'new',
      accountId: null,
      to: 'carlos@client.test',
      subject: 'Catalogue',
      text: 'Our catalogue',
      later: ''
    })
  )
  startDrafts()
  await vi.waitFor(() => expect(ui().draftsReady).toBe(true))
})

async function switchTo(target: 'main' | 'sample'): Promise<void> {
  active = target
  if (target === 'sample') dbs.sample.clear() // the core builds the sample workspace afresh
  emit('workspace.switched')
  ui().resetSelection() // the app's own listener
  await vi.waitFor(() => expect(ui().draftsReady).toBe(true))
  window.dispatchEvent(new Event('pagehide'))
  await drain()
}

describe('drafts and workspaces', () => {
  it('does not copy drafts into the other workspace, nor duplicate them on the way back', async () => {
    expect(ui().newMessage.text).toBe('Our catalogue')
    await switchTo('sample')
    expect(ui().newMessage.text).toBe('')
    expect([...dbs.sample.values()]).toEqual([])
    await switchTo('main')
    await switchTo('sample')
    await switchTo('main')
    expect(ui().newMessage.text).toBe('Our catalogue')
    expect(ui().asideDrafts).toEqual([])
    expect([...dbs.main.values()].map((d) => `${d.kind}/${d.asideId}: ${d.text}`)).toEqual([
      'new/null: Our catalogue'
    ])
  })

  it('keeps what was typed just before the switch in the workspace it was typed in', async () => {
    // Typed, and the switch asked for within the pause before a save (as the app does it).
    ui().updateNewMessage({ text: 'Our catalogue, with prices' })
    await settleDrafts()
    await switchTo('sample')
    expect(dbs.main.get('new:0:0')?.text).toBe('Our catalogue, with prices')
    expect([...dbs.sample.values()]).toEqual([])
    await switchTo('main')
    expect(ui().newMessage.text).toBe('Our catalogue, with prices')
  })
})

describe('reply drafts of threads merged', () => {
  it('moves the drafts to their new places as the core says a merge moved them', async () => {
    ui().updateReplyDraft(12, { text: 'About the invoice' })
    window.dispatchEvent(new Event('pagehide'))
    await vi.waitFor(() => expect(dbs.main.get('reply:12:0')?.text).toBe('About the invoice'))
    // The core merges thread 12 into 10 and moves the draft along.
    dbs.main.set('reply:10:0', { ...dbs.main.get('reply:12:0')!, threadId: 10 })
    dbs.main.delete('reply:12:0')
    emit('threads.merged', {
      from: 12,
      to: 10,
      drafts: [{ from: { kind: 'reply', threadId: 12 }, to: { kind: 'reply', threadId: 10 } }]
    })
    await vi.waitFor(() => expect(ui().replyDrafts[10]?.text).toBe('About the invoice'))
    expect(ui().replyDrafts[12]).toBeUndefined()
    window.dispatchEvent(new Event('pagehide'))
    await drain()
    expect([...dbs.main.keys()].sort()).toEqual(['new:0:0', 'reply:10:0'])
  })
})
