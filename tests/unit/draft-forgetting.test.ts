// When a draft another program keeps on the server is forgotten: once it has been missing through
// a whole pass of the folders, so one moved to a Trash synced earlier in the same pass (as
// "Deleted Items" is, before "Drafts") is found there first and stays a draft.
import { describe, expect, it } from 'vitest'
import { LocationStore } from '../../src-main/core/store/location-store'
import type { IncomingMessage, StoreContext } from '../../src-main/core/store/message-store'
import { memoryWorkspace, message } from './fixtures/workspace'

const DRAFTS = 1
const TRASH = 2

function workspace() {
  const ws = memoryWorkspace()
  for (const [id, path, use] of [
    [DRAFTS, 'Drafts', '\\Drafts'],
    [TRASH, 'Deleted Items', '\\Trash']
  ] as const)
    ws.db
      .prepare('INSERT INTO folders (id, account_id, path, name, special_use) VALUES (?, 1, ?, ?, ?)')
      .run(id, path, path, use)
  const locations = new LocationStore(ws.db)
  const inFolder = (id: number, specialUse: string): StoreContext => ({
    ...ws.context,
    folder: { id, uidValidity: 1, isSent: false, specialUse }
  })
  const save = (
    folderId: number,
    specialUse: string,
    uid: number,
    item: Omit<IncomingMessage, 'uid' | 'flags'>
  ) => ws.store.storeBatch(inFolder(folderId, specialUse), [{ ...item, uid, flags: ['\\Seen'] }])
  const row = (messageId: string) =>
    ws.db.prepare('SELECT is_draft, thread_id FROM messages WHERE message_id = ?').get(messageId)
  return { locations, save, row }
}

describe('forgetting drafts the server no longer has', () => {
  it('keeps a draft moved to Trash during a pass, and forgets one gone through a whole pass', async () => {
    const { locations, save, row } = workspace()
    const moved = {
      parsed: message({ messageId: '<moved@x.test>', from: { name: '', address: 'me@rapport.test' } })
    }
    const binned = {
      parsed: message({ messageId: '<binned@x.test>', from: { name: '', address: 'me@rapport.test' } })
    }
    const late = { parsed: message({ messageId: '<late@x.test>' }) }
    save(DRAFTS, '\\Drafts', 1, moved)
    save(DRAFTS, '\\Drafts', 2, binned)
    save(DRAFTS, '\\Drafts', 3, late)

    // Pass 1: Trash is synced first (nothing new), then the other program moves one draft to
    // Trash and deletes the other, and Drafts is synced.
    let gone = locations.goneDrafts(1)
    locations.removeExpunged(DRAFTS, 1, [1, 2])
    locations.forgetDrafts(gone)
    expect([row('<moved@x.test>'), row('<binned@x.test>')]).toEqual([
      { is_draft: 1, thread_id: null },
      { is_draft: 1, thread_id: null }
    ])

    // Pass 2: Trash now has the moved draft; the deleted one is still nowhere; a third leaves
    // Drafts during this pass, and waits for the next.
    gone = locations.goneDrafts(1)
    save(TRASH, '\\Trash', 7, moved)
    locations.removeExpunged(DRAFTS, 1, [3])
    locations.forgetDrafts(gone)
    expect(row('<moved@x.test>')).toEqual({ is_draft: 1, thread_id: null })
    expect(row('<binned@x.test>')).toBe(undefined)
    expect(row('<late@x.test>')).toEqual({ is_draft: 1, thread_id: null })
  })
})
