import { describe, expect, it } from 'vitest'
import {
  refusedRestore,
  restoreRefusal
} from '../../src-renderer/src/features/account-settings/restore-refusal'
import { inLanguage } from './fixtures/in-language'

const item = { messageId: 7, trashedAt: '2026-12-01T10:00:00.000Z' }
const refusal = {
  kind: 'move' as const,
  messageIds: [7],
  createdAt: '2026-12-02T10:00:00.000Z',
  folder: 'Tender 2026',
  lastError: "Mailbox doesn't exist: Tender 2026 (0.001 + 0.000 secs).",
  lastErrorCode: 'SERVER_SAID' as const
}
const names = (path: string) => (path === 'INBOX' ? 'Inbox' : path)

describe('a restore from Trash the server refused, on its row', () => {
  it('is the failed move of that message made since it was deleted', () => {
    expect(refusedRestore([refusal], item)).toBe(refusal)
    expect(refusedRestore([{ ...refusal, messageIds: [8] }], item)).toBeUndefined()
    // Refused before the message was deleted again: that failure is about another restore.
    expect(refusedRestore([{ ...refusal, createdAt: '2026-11-30T10:00:00.000Z' }], item)).toBeUndefined()
  })

  it.each([
    [
      'en',
      "Not restored to Tender 2026; it is still in Trash. The server said: Mailbox doesn't exist: Tender 2026 (0.001 + 0.000 secs). Restore now puts it in Inbox instead."
    ],
    [
      'id',
      "Tidak dipulihkan ke Tender 2026; surat ini masih di Sampah. Kata server: Mailbox doesn't exist: Tender 2026 (0.001 + 0.000 secs). Kini Pulihkan mengembalikannya ke Inbox."
    ],
    [
      'zh-CN',
      "未能恢复到 Tender 2026，邮件仍在已删除中。服务器返回：Mailbox doesn't exist: Tender 2026 (0.001 + 0.000 secs).现在点击恢复会将其放到 Inbox。"
    ]
  ])(
    'says why, in the server’s words, and where Restore goes now the folder is gone (%s)',
    async (lang, text) => {
      expect(restoreRefusal(await inLanguage(lang), refusal, ['INBOX'], names)).toBe(text)
    }
  )

  it('says nothing of elsewhere when Restore still goes to that folder', async () => {
    expect(restoreRefusal(await inLanguage('en'), refusal, ['Tender 2026'], names)).toBe(
      "Not restored to Tender 2026; it is still in Trash. The server said: Mailbox doesn't exist: Tender 2026 (0.001 + 0.000 secs)."
    )
  })
})
