import { describe, expect, it } from 'vitest'
import type { IncomingMessage, MessageStore } from '../../src-main/core/store/message-store'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { ImportFailures } from '../../src-main/core/sync/import-failures'
import { storeSlice } from '../../src-main/core/sync/store-slice'
import { memoryWorkspace, message } from './fixtures/workspace'

/** A folder on a real in-memory store, whose storeBatch refuses the messages `refuse` picks. */
function setup(refuse: (messageId: string) => Error | null) {
  const ws = memoryWorkspace()
  const folders = new FolderRepository(ws.db)
  folders.upsertListed(1, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }])
  const inbox = folders.bySpecialUse(1, '\\Inbox')!
  const store = {
    storeBatch: (context, messages) => {
      for (const m of messages) {
        const error = refuse(m.parsed.messageId)
        if (error) throw error
      }
      return ws.store.storeBatch(context, messages)
    }
  } as Pick<MessageStore, 'storeBatch'> as MessageStore
  const failures = new ImportFailures(ws.db)
  const deps = { db: ws.db, store, folders, failures }
  const context = { ...ws.context, folder: { id: inbox.id, uidValidity: 7, isSent: false } }
  const mail = (uid: number): IncomingMessage => ({
    uid,
    flags: [],
    parsed: message({ messageId: `<m${uid}@test>`, subject: `m${uid}` })
  })
  const slice = (uids: number[]) => storeSlice(deps, context, uids, uids.map(mail))
  const progress = () => folders.get(inbox.id)
  const stored = () => (ws.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
  return { slice, progress, stored, failures, inbox }
}

describe('storing a slice of fetched mail', () => {
  it('sets aside the one message the store refuses and stores the rest, moving the progress past all', () => {
    const box = setup((id) => (id === '<m2@test>' ? new Error('CHECK constraint failed') : null))
    box.slice([1, 2, 3])
    expect(box.stored()).toBe(2)
    expect(box.failures.uids(box.inbox.id, 7)).toEqual([2])
    expect(box.failures.list(1)).toMatchObject([
      { folder: 'INBOX', uid: 2, subject: 'm2', reason: 'CHECK constraint failed' }
    ])
    expect(box.progress()).toMatchObject({ uidNext: 4, lowestSyncedUid: 1 })
    // Alone in a later slice (the retry of every pass), it is set aside again without failing.
    box.slice([2])
    expect(box.failures.count(1)).toBe(1)
  })

  it('fails, storing nothing and keeping the progress, when the disk is full', () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    const box = setup((id) => (id === '<m2@test>' ? full : null))
    expect(() => box.slice([1, 2, 3])).toThrow('database or disk is full')
    expect(box.stored()).toBe(0)
    expect(box.failures.count(1)).toBe(0)
    expect(box.progress()).toMatchObject({ uidNext: null, lowestSyncedUid: null })
  })

  it('fails when every new message is refused: the store is broken, not the mail', () => {
    const box = setup(() => new Error('no such table: contacts'))
    expect(() => box.slice([1, 2, 3])).toThrow('no such table')
    expect(box.failures.count(1)).toBe(0)
    expect(box.progress()).toMatchObject({ uidNext: null, lowestSyncedUid: null })
  })
})
