// in:archive on a Gmail mailbox whose Archive folder is gone from the server (a label "Archive"
// another program made, deleted since): Archive puts mail in All Mail there, as on any Gmail
// mailbox (mail-actions.ts specialDestination, thread-mail-targets.ts archiveFolderOf), so
// in:archive has to find it there too. The folder's row stays (its mail stays readable).
import { describe, expect, it } from 'vitest'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { memoryWorkspace, message } from './fixtures/workspace'

function gmail() {
  const ws = memoryWorkspace()
  const folder = (path: string, specialUse: string | null, onServer: boolean) =>
    Number(
      ws.db
        .prepare(
          `INSERT INTO folders (account_id, path, name, special_use, sync_enabled, uid_validity, on_server)
           VALUES (1, ?, ?, ?, 1, 7, ?)`
        )
        .run(path, path.split('/').pop(), specialUse, onServer ? 1 : 0).lastInsertRowid
    )
  let uid = 0
  const put = (folders: number[]) => {
    const parsed = message()
    for (const id of folders)
      ws.store.storeBatch({ ...ws.context, folder: { id, uidValidity: 7, isSent: false } }, [
        { uid: ++uid, flags: ['\\Seen'], parsed }
      ])
    return parsed.messageId
  }
  const search = new MessageSearch(ws.db)
  const ids = (query: string) =>
    search
      .search({ query, limit: 50 })
      .hits.map((h) => h.messageId)
      .sort()
  return { folder, put, ids }
}

describe('in:archive on Gmail, its Archive folder deleted on the server', () => {
  it('finds the mail Archive moved out of INBOX into All Mail', () => {
    const { folder, put, ids } = gmail()
    const inbox = folder('INBOX', '\\Inbox', true)
    const allMail = folder('[Gmail]/All Mail', '\\All', true)
    const oldArchive = folder('Archive', '\\Archive', false)
    const stillInInbox = put([inbox, allMail])
    const archivedNow = put([allMail])
    const archivedBefore = put([oldArchive])
    expect(ids('in:archive')).toEqual([archivedNow, archivedBefore].sort())
    expect(ids('-in:archive')).toEqual([stillInInbox])
  })
})
