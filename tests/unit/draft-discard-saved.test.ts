// Discard and its Undo as the core sees them (startDrafts against a fake core's drafts table):
// the discarded draft is deleted there, and nothing beside it is; Undo keeps it again, files and
// all; a draft another window saved since this one read it is not deleted.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Draft } from '../../src-preload/contract'
import { answerDraftCommand, draftKey, storedDraft } from './fixtures/fake-drafts-core'

const db = new Map<string, Draft>()
const commands: Array<{ command: string; input: Record<string, unknown> }> = []

vi.mock('../../src-renderer/src/api/call-command', () => ({
  // Answered after the page's other work, as over IPC: a window asking again and again at once
  // would otherwise starve everything else rather than fail the test.
  callCommand: async (command: string, input: never) => {
    commands.push({ command, input })
    await new Promise((resolve) => setImmediate(resolve))
    if (command === 'drafts.list') return { ok: true, value: [...db.values()] }
    return answerDraftCommand(db, command, input)
  }
}))
vi.mock(
  '../../src-renderer/src/api/rapport-client',
  async () => (await import('./fixtures/fake-drafts-core')).fakeRapportClient
)

const { useUiStore, emptyNewMessage } = await import('../../src-renderer/src/store/ui-store')
const { startDrafts } = await import('../../src-renderer/src/features/drafts/start-drafts')
const ui = () => useUiStore.getState()
const pdf = new File(['%PDF-1.4 quote'], 'quote.pdf', { type: 'application/pdf' })

/** What the page does when it goes away: every draft is written now. */
const flush = () => window.dispatchEvent(new Event('pagehide'))
const lastCommand = (command: string) => commands.findLast((c) => c.command === command)?.input

beforeAll(async () => {
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }))
  vi.stubGlobal('window', new EventTarget())
  // The browser's reader of a picked file, as the draft saver reads one (a data: URL).
  vi.stubGlobal(
    'FileReader',
    class {
      result: string | null = null
      onload: (() => void) | null = null
      readAsDataURL(file: File) {
        void file.arrayBuffer().then((bytes) => {
          this.result = `data:${file.type};base64,${Buffer.from(bytes).toString('base64')}`
          this.onload?.()
        })
      }
    }
  )
  startDrafts()
  await vi.waitFor(() => expect(ui().draftsReady).toBe(true))
})

describe('Discard, as kept in the core', () => {
  it('deletes the new message only, keeps the draft set aside beside it, and Undo keeps it again', async () => {
    ui().updateNewMessage({
      accountId: 1,
      to: 'ana@client.test',
      subject: 'Quote for 40 chairs',
      text: 'Here is the quote.',
      files: [pdf]
    })
    ui().restoreNewMessage({ ...emptyNewMessage, to: 'dewi@client.test', text: 'Set aside' })
    flush()
    await vi.waitFor(() => expect(db.size).toBe(2))
    const aside = [...db.values()].find((d) => d.asideId !== null)!

    ui().discardNewMessage()
    await vi.waitFor(() => expect(db.has('new:0:0')).toBe(false))
    expect([...db.values()]).toEqual([aside])
    expect(lastCommand('drafts.delete')).toMatchObject({ kind: 'new' })
    expect(lastCommand('drafts.delete')).not.toHaveProperty('asideId')

    const saves = commands.filter((c) => c.command === 'drafts.save').length
    ui().undoDiscard()
    await vi.waitFor(() => expect(db.get('new:0:0')?.text).toBe('Here is the quote.'))
    expect(db.get('new:0:0')).toMatchObject({ to: 'ana@client.test', subject: 'Quote for 40 chairs' })
    // Its files go with it again: the core deleted them with the draft.
    const save = commands.filter((c) => c.command === 'drafts.save').slice(saves)[0]!.input
    expect(save.attachments).toEqual([
      {
        name: 'quote.pdf',
        type: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4 quote').toString('base64')
      }
    ])
    expect(db.get(draftKey(aside))).toEqual(aside)
  })

  it('deletes a reply discarded at once, and nothing is written when Undo comes first', async () => {
    ui().updateReplyDraft(7, { text: 'Thursday works' })
    ui().updateReplyDraft(8, { text: 'Another conversation' })
    flush()
    await vi.waitFor(() => expect(db.get('reply:7:0')?.text).toBe('Thursday works'))
    await vi.waitFor(() => expect(db.get('reply:8:0')?.text).toBe('Another conversation'))

    ui().discardReply(7)
    await vi.waitFor(() => expect(db.has('reply:7:0')).toBe(false))
    expect(db.get('reply:8:0')?.text).toBe('Another conversation')
    ui().undoDiscard()
    await vi.waitFor(() => expect(db.get('reply:7:0')?.text).toBe('Thursday works'))

    // Undone before the saver got to the delete: the core is not asked to delete it at all.
    const sent = commands.length
    ui().discardReply(7)
    ui().undoDiscard()
    flush()
    await new Promise((resolve) => setImmediate(resolve))
    expect(commands.slice(sent).filter((c) => c.command === 'drafts.delete')).toEqual([])
    expect(db.get('reply:7:0')?.text).toBe('Thursday works')
  })

  it("does not delete what another window saved there since, and shows that window's draft", async () => {
    ui().updateReplyDraft(9, { text: 'Mine' })
    flush()
    await vi.waitFor(() => expect(db.get('reply:9:0')?.text).toBe('Mine'))
    // The other window writes on, not yet read here.
    const input = {
      kind: 'reply' as const,
      threadId: 9,
      text: 'Mine, and the other window’s words',
      later: ''
    }
    db.set(draftKey(input), storedDraft(input, db.get('reply:9:0')))

    const sent = commands.length
    ui().discardReply(9)
    // Refused (DRAFT_CHANGED): the other window's reply is read and goes in the box.
    await vi.waitFor(() => expect(ui().replyDrafts[9]?.text).toBe('Mine, and the other window’s words'))
    expect(db.get('reply:9:0')?.text).toBe('Mine, and the other window’s words')
    // Once shown, it is not asked to be deleted again.
    const deletes = () => commands.slice(sent).filter((c) => c.command === 'drafts.delete').length
    const asked = deletes()
    flush()
    await new Promise((resolve) => setImmediate(resolve))
    expect(deletes()).toBe(asked)
    expect(asked).toBeLessThanOrEqual(2)
    expect(db.get('reply:9:0')?.text).toBe('Mine, and the other window’s words')
  })

  it('the same for a reply emptied by hand (select all, delete)', async () => {
    ui().updateReplyDraft(10, { text: 'Mine' })
    flush()
    await vi.waitFor(() => expect(db.get('reply:10:0')?.text).toBe('Mine'))
    const input = { kind: 'reply' as const, threadId: 10, text: 'Written in the other window', later: '' }
    db.set(draftKey(input), storedDraft(input, db.get('reply:10:0')))

    ui().updateReplyDraft(10, { text: '' })
    await vi.waitFor(() => expect(ui().replyDrafts[10]?.text).toBe('Written in the other window'))
    expect(db.get('reply:10:0')?.text).toBe('Written in the other window')
  })
})
