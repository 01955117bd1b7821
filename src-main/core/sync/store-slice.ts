import type { Database } from '../db/database'
import { importTransaction } from '../store/import-transaction'
import type { IncomingMessage, MessageStore, StoreContext } from '../store/message-store'
import type { FolderRepository } from './folder-repository'
import type { ImportFailures } from './import-failures'

export type SliceDeps = {
  db: Database
  store: MessageStore
  folders: FolderRepository
  failures: ImportFailures
}

/** A store context for mail found in a folder on the server. */
export type FolderStoreContext = StoreContext & { folder: NonNullable<StoreContext['folder']> }

/**
 * Stores a slice of fetched mail with the folder's progress, in one transaction (`within` runs
 * in it too). Should the store throw, the slice is stored a message at a time and a message that
 * still fails is set aside in ImportFailures: the folder's progress moves past it, so one message
 * cannot hold back all the mail after it, pass after pass. Returns the threads that changed.
 */
export function storeSlice(
  deps: SliceDeps,
  context: FolderStoreContext,
  uids: number[],
  incoming: IncomingMessage[],
  within: () => void = () => undefined
): Set<number> {
  const { id: folderId, uidValidity } = context.folder
  const store = (messages: IncomingMessage[], covered: number[]) =>
    importTransaction(deps.db, () => {
      const stored = deps.store.storeBatch(context, messages)
      deps.folders.recordBatch(folderId, uidValidity, covered)
      deps.failures.clear(folderId, uidValidity, covered)
      within()
      return stored.threadIds
    })
  try {
    return store(incoming, uids)
  } catch (error) {
    if (!deps.db.open) throw error
  }
  const threadIds = new Set<number>()
  for (const message of incoming) {
    const uid = message.uid
    if (uid === null) continue
    try {
      for (const threadId of store([message], [uid])) threadIds.add(threadId)
    } catch (error) {
      if (!deps.db.open) throw error
      const reason = error instanceof Error ? error.message : String(error)
      importTransaction(deps.db, () => {
        deps.failures.record(folderId, uidValidity, uid, reason)
        deps.folders.recordBatch(folderId, uidValidity, [uid])
      })
    }
  }
  // UIDs that brought no message (expunged between listing and fetch) move the progress too.
  importTransaction(deps.db, () => {
    deps.folders.recordBatch(folderId, uidValidity, uids)
    within()
  })
  return threadIds
}
