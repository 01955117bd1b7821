import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { AttachmentReader } from '../../src-main/core/store/attachment-reader'
import { memoryWorkspace, message, store } from './fixtures/workspace'

const REVERSED = 'invoice\u202Efdp.exe'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function mailWithAttachments(...dispositions: string[]): Buffer {
  const parts = dispositions.flatMap((disposition) => [
    '--b',
    'Content-Type: application/octet-stream',
    `Content-Disposition: attachment; ${disposition}`,
    '',
    'MZ'
  ])
  return Buffer.from(
    [
      'Message-ID: <names@example.com>',
      'From: a@example.com',
      'Subject: files',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      ...parts,
      '--b--'
    ].join('\r\n')
  )
}

describe('attachment names', () => {
  it('lose the bidi controls that would make a program read as a document', async () => {
    const parsed = await parseMessage(
      mailWithAttachments(
        "filename*=UTF-8''invoice%E2%80%AEfdp.exe",
        "filename*=UTF-8''%E2%81%A7report%E2%81%A9%E2%80%8F.pdf"
      )
    )
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['invoicefdp.exe', 'report.pdf'])
  })

  it('can only ever name one file: path separators become "_"', async () => {
    const parsed = await parseMessage(
      mailWithAttachments('filename="../../.bashrc"', 'filename="C:\\\\Windows\\\\evil.dll"')
    )
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['.._.._.bashrc', 'C:_Windows_evil.dll'])
  })

  it('stored before they were made safe are shown and saved safe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-names-'))
    const cache = new AttachmentCache(dir)
    cleanups.push(() => {
      cache.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const ws = memoryWorkspace()
    // As an older version stored it: the name exactly as the sender wrote it.
    const [threadId] = store(
      ws,
      message({
        attachments: [
          {
            filename: REVERSED,
            contentType: 'application/octet-stream',
            size: 2,
            contentId: null,
            disposition: 'attachment',
            cacheKey: cache.put(Buffer.from('MZ'))
          }
        ]
      })
    )
    const { messages } = new MailQueries(ws.db).getThread(threadId!)
    const [shown] = messages[0]!.attachments
    expect(shown!.filename).toBe('invoicefdp.exe')

    const reader = new AttachmentReader({
      db: ws.db,
      cache,
      accounts: {} as never,
      runAside: () => Promise.reject(new Error('no server in this test')),
      log: () => {}
    })
    expect((await reader.read(shown!.id)).filename).toBe('invoicefdp.exe')
  })
})
