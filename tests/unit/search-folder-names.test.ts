import { describe, expect, it } from 'vitest'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { memoryWorkspace, message } from './fixtures/workspace'

/** A mailbox with folders named in other scripts, as IMAP servers list them (decoded). */
function foldersBox(paths: string[]) {
  const ws = memoryWorkspace()
  let uid = 0
  const add = (path: string) => {
    const folderId = Number(
      ws.db
        .prepare(
          'INSERT INTO folders (account_id, path, name, special_use, sync_enabled, uid_validity) VALUES (1, ?, ?, NULL, 1, 7)'
        )
        .run(path, path.split('/').at(-1)).lastInsertRowid
    )
    const parsed = message({ subject: `filed in ${path}` })
    ws.store.storeBatch({ ...ws.context, folder: { id: folderId, uidValidity: 7, isSent: false } }, [
      { uid: ++uid, flags: [], parsed }
    ])
    return parsed.messageId
  }
  const ids = Object.fromEntries(paths.map((p) => [p, add(p)]))
  const search = new MessageSearch(ws.db)
  const find = (query: string) => search.search({ query }).hits.map((h) => h.messageId)
  return { ids, find }
}

describe('in: with folder names beyond ASCII', () => {
  it('matches a folder name in any case, as it does for ASCII names', () => {
    const { ids, find } = foldersBox(['Überweisungen', 'Клиенты', 'Klien/Jakarta Selatan'])
    // ASCII: in any case (message-search.test.ts).
    expect(find('in:"klien/jakarta selatan"')).toEqual([ids['Klien/Jakarta Selatan']])
    // Typed in lower case, as people type a search.
    expect(find('in:überweisungen')).toEqual([ids['Überweisungen']])
    expect(find('in:клиенты')).toEqual([ids['Клиенты']])
  })
})
