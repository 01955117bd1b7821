// Loading the kept drafts at start when the core cannot list them: mail can still be written
// (the composers open), and nothing typed in this session is saved over the drafts it keeps.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

const calls: Array<{ command: string; input: unknown }> = []
let listAnswer: unknown = { ok: false, error: { code: 'INTERNAL', message: 'database is locked' } }

vi.mock('../../src-renderer/src/api/call-command', () => ({
  callCommand: (command: string, input: unknown) => {
    calls.push({ command, input })
    if (command === 'drafts.list') return Promise.resolve(listAnswer)
    return Promise.resolve({ ok: true, value: { deleted: true } })
  }
}))
vi.mock('../../src-renderer/src/api/rapport-client', () => ({
  getApi: () => ({ on: () => () => undefined })
}))

beforeAll(() => {
  // The page the renderer runs in, as far as startDrafts uses it.
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }))
  vi.stubGlobal('window', new EventTarget())
})

afterEach(() => {
  calls.length = 0
})

describe('drafts at start', () => {
  it('lets mail be written when the kept drafts cannot be read, without saving over them', async () => {
    const { useUiStore } = await import('../../src-renderer/src/store/ui-store')
    const { startDrafts } = await import('../../src-renderer/src/features/drafts/start-drafts')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const stop = startDrafts()
    try {
      await vi.waitFor(() => expect(useUiStore.getState().draftsReady).toBe(true))
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/Could not read the kept drafts: .*database is locked/)
      )
      useUiStore.getState().updateNewMessage({ to: 'ana@example.test', text: 'Typed after a failed load' })
      window.dispatchEvent(new Event('pagehide'))
      // A save would be under way by now: the next test shows one is, after a load that worked.
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(calls.map((c) => c.command)).toEqual(['drafts.list'])
    } finally {
      stop()
      warn.mockRestore()
    }
  })

  it('saves what is typed once the kept drafts were read', async () => {
    const { useUiStore } = await import('../../src-renderer/src/store/ui-store')
    const { startDrafts } = await import('../../src-renderer/src/features/drafts/start-drafts')
    listAnswer = { ok: true, value: [] }
    useUiStore.setState({ draftsReady: false })
    useUiStore.getState().updateNewMessage({ to: '', text: '' })
    const stop = startDrafts()
    try {
      await vi.waitFor(() => expect(useUiStore.getState().draftsReady).toBe(true))
      useUiStore.getState().updateNewMessage({ to: 'ana@example.test', text: 'Typed after a load' })
      window.dispatchEvent(new Event('pagehide'))
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(calls.map((c) => c.command)).toEqual(['drafts.list', 'drafts.save'])
    } finally {
      stop()
    }
  })
})
