// The reading pane keeps the bytes of a mail's own images (cid:) for the session. Both workspaces
// (the real one and the sample) number their attachments from 1: after a switch, an id names
// another image, and what was read for it before must not be shown.
import { describe, expect, it, vi } from 'vitest'

const reads: number[] = []
let workspace = 'main'

vi.mock('../../src-renderer/src/api/call-command', () => ({
  callCommand: (_command: string, input: { attachmentId: number }) => {
    reads.push(input.attachmentId)
    return Promise.resolve({
      ok: true,
      value: { contentType: 'image/png', dataBase64: Buffer.from(`${workspace} logo`).toString('base64') }
    })
  }
}))
vi.mock('../../src-renderer/src/api/rapport-client', () => ({
  getApi: () => ({ on: () => () => undefined }),
  getConnectionState: () => 'open',
  subscribeConnection: () => () => undefined
}))

const { bumpDataEpoch } = await import('../../src-renderer/src/api/data-epoch')
const { inlineImageDataUrl } = await import('../../src-renderer/src/features/thread/use-inline-images')
const text = (url: string | null) => Buffer.from(url!.split(',')[1]!, 'base64').toString()

describe('inline images read for a workspace', () => {
  it('are read once while it is shown, and again after a switch to the other', async () => {
    expect(text(await inlineImageDataUrl(1))).toBe('main logo')
    expect(text(await inlineImageDataUrl(1))).toBe('main logo')
    expect(reads).toEqual([1])
    // The sample workspace is opened: attachment 1 is one of its own.
    workspace = 'sample'
    bumpDataEpoch()
    expect(text(await inlineImageDataUrl(1))).toBe('sample logo')
    expect(reads).toEqual([1, 1])
  })
})
