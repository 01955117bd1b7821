import type { ImapFlow, MailboxObject } from 'imapflow'
import type { Database } from '../db/database'
import type { LocationStore, ServerFlags } from '../store/location-store'
import type { FolderRecord, FolderRepository } from './folder-repository'
import { canUseCondstore, changedFlags, expungedUids } from './server-diff'
import { chunk, toSequenceSet } from './uid-plan'

const FLAG_BATCH = 2000

export type ReconcileDeps = {
  db: Database
  folders: FolderRepository
  locations: LocationStore
  /** Messages with a local change not yet on the server: their server flags are stale. */
  pendingMessagePks: () => ReadonlySet<number>
  /** Tests force the UID + flags comparison that servers without CONDSTORE need. */
  condstore: boolean
  onChange: (threadIds: number[]) => void
}

export type ReconcileResult = { expunged: number; flagChanges: number }

/**
 * Brings the stored locations of an already-synced folder up to the server's state: drops the
 * expunged ones and applies flag changes. Runs inside the caller's mailbox lock, after the
 * UIDVALIDITY check, with the UIDs the server has now.
 */
export async function reconcileFolder(
  client: ImapFlow,
  folder: FolderRecord,
  mailbox: MailboxObject,
  serverUids: number[],
  deps: ReconcileDeps
): Promise<ReconcileResult> {
  const uidValidity = Number(mailbox.uidValidity)
  if (folder.uidValidity !== uidValidity) return { expunged: 0, flagChanges: 0 }
  const local = deps.locations.local(folder.id, uidValidity)

  const gone = expungedUids(local.keys(), serverUids)
  if (gone.length > 0) {
    const change = deps.db.transaction(() => deps.locations.removeExpunged(folder.id, uidValidity, gone))()
    for (const uid of gone) local.delete(uid)
    deps.onChange([...change.threadIds])
  }

  const serverModseq = mailbox.highestModseq
  const condstore =
    deps.condstore &&
    canUseCondstore({
      serverHighestModseq: serverModseq,
      noModseq: mailbox.noModseq === true,
      storedHighestModseq: folder.highestModseq
    })
  let changes: ServerFlags[]
  if (serverUids.length === 0) {
    changes = []
  } else if (condstore) {
    if (BigInt(folder.highestModseq!) >= serverModseq!) return { expunged: gone.length, flagChanges: 0 }
    changes = await fetchFlags(client, '1:*', BigInt(folder.highestModseq!))
  } else {
    changes =
      local.size > 0 ? changedFlags(local, await fetchFlags(client, toSequenceSet([...local.keys()]))) : []
  }

  const pending = deps.pendingMessagePks()
  const batches = chunk(changes, FLAG_BATCH)
  if (batches.length === 0) batches.push([])
  let flagChanges = 0
  batches.forEach((batch, index) => {
    const change = deps.db.transaction(() => {
      const applied = deps.locations.applyServerFlags(folder.id, uidValidity, batch, pending)
      // HIGHESTMODSEQ moves only with the batch that completes what it covers.
      if (condstore && index === batches.length - 1)
        deps.folders.recordModseq(folder.id, String(serverModseq))
      return applied
    })()
    flagChanges += change.messagePks.length
    if (change.threadIds.size > 0) deps.onChange([...change.threadIds])
  })
  return { expunged: gone.length, flagChanges }
}

/** Flags only, collected first: no other IMAP command may run inside a FETCH iteration. */
async function fetchFlags(client: ImapFlow, range: string, changedSince?: bigint): Promise<ServerFlags[]> {
  const out: ServerFlags[] = []
  const options = changedSince !== undefined ? { uid: true, changedSince } : { uid: true }
  for await (const message of client.fetch(range, { uid: true, flags: true }, options)) {
    out.push({
      uid: message.uid,
      flags: [...(message.flags ?? [])],
      modseq: message.modseq !== undefined ? String(message.modseq) : null
    })
  }
  return out
}
