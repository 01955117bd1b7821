import type { Database } from '../db/database'
import { importTransaction } from '../store/import-transaction'
import type { IncomingMessage, MessageStore, StoreContext } from '../store/message-store'
import type { FolderRepository } from './folder-repository'
import type { ImportFailures } from './import-failures'
import { isSqliteTrouble } from '../db/sqlite-trouble'

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
  try {
    return importTransaction(deps.db, () => {
      const stored = deps.store.storeBatch(context, incoming)
      deps.folders.recordBatch(folderId, uidValidity, uids)
      deps.failures.clear(folderId, uidValidity, uids)
      within()
      return stored.threadIds
    })
  } catch (error) {
    if (!isAboutOneMessage(error, deps.db)) throw error
  }
  const known = new Set(deps.failures.uids(folderId, uidValidity))
  const threadIds = new Set<number>()
  const failed: Array<{ uid: number; reason: string; message: IncomingMessage }> = []
  let firstError: unknown = null
  for (const message of incoming) {
    const uid = message.uid
    if (uid === null) continue
    try {
      // The folder's progress moves only below, once every message is stored or set aside.
      const stored = importTransaction(deps.db, () => {
        deps.failures.clear(folderId, uidValidity, [uid])
        return deps.store.storeBatch(context, [message])
      })
      for (const threadId of stored.threadIds) threadIds.add(threadId)
    } catch (error) {
      if (!isAboutOneMessage(error, deps.db)) throw error
      firstError ??= error
      failed.push({ uid, reason: error instanceof Error ? error.message : String(error), message })
    }
  }
  // Several new messages all failing is no odd message but something wrong with the store: the
  // pass fails, as before, rather than setting the whole folder aside. (One alone cannot tell;
  // messages set aside before are retried on every pass and may fail again without that.)
  const fresh = incoming.filter((m) => m.uid !== null && !known.has(m.uid)).length
  const freshFailed = failed.filter((f) => !known.has(f.uid)).length
  if (freshFailed > 1 && freshFailed === fresh) throw firstError
  importTransaction(deps.db, () => {
    for (const { uid, reason, message } of failed)
      deps.failures.record(folderId, uidValidity, uid, reason, message.parsed)
    // UIDs that brought no message (expunged between listing and fetch) move the progress too.
    deps.folders.recordBatch(folderId, uidValidity, uids)
    within()
  })
  return threadIds
}

// SQLite's own trouble (a full disk, an I/O error, a locked or damaged file) is about the
// machine, not a message: setting messages aside would hide it behind "could not be stored".
function isAboutOneMessage(error: unknown, db: Database): boolean {
  return db.open && !isSqliteTrouble(error)
}
