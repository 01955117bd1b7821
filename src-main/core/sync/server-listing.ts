import type { ImapFlow, MailboxObject } from 'imapflow'
import type { ImportLimit } from '../../../src-preload/contract'
import { fetchMessages, searchUids } from '../mail-server/guarded-commands'
import type { ServerFlags } from '../store/location-store'
import type { FolderRecord } from './folder-repository'
import type { ReconcileDeps } from './folder-reconciler'
import { purgedUids } from './trash-retention'

/**
 * What a pass learns about a folder on the server:
 * - 'full': `uids` is every UID it holds (UID SEARCH ALL); expunges are found by comparing them
 *   with the store.
 * - 'delta': `uids` is only the new mail, found without listing a mailbox that may hold 100k
 *   messages. `vanished` is what QRESYNC reported expunged, and `flags` the flag changes it
 *   reported with them; `flags` is null when the message count proved nothing was expunged.
 * `uidNext` and `highestModseq` are what the listing is complete up to: recorded once the pass
 * has stored everything, they never claim mail the listing did not see.
 */
export type ServerListing = {
  kind: 'full' | 'delta'
  uids: number[]
  vanished: number[]
  flags: ServerFlags[] | null
  uidNext: number
  highestModseq: string | null
}

type Delta = Pick<ServerListing, 'uids' | 'vanished' | 'flags'>

/**
 * Lists the folder as cheaply as its state allows: QRESYNC when the server offers it; otherwise
 * the message count, which equals stored + new exactly when nothing was expunged; otherwise
 * (first pass, UIDVALIDITY reset, counts that differ, mail missing below the import window) all
 * UIDs. Runs inside the caller's mailbox lock, after the UIDVALIDITY check.
 */
export async function listServer(
  client: ImapFlow,
  folder: FolderRecord,
  mailbox: MailboxObject,
  limit: ImportLimit,
  deps: ReconcileDeps
): Promise<ServerListing> {
  // Read before any FETCH: imapflow raises both from FETCH responses, which may already show
  // mail that arrived after this listing and so must not count as covered by it.
  const uidNext = Number(mailbox.uidNext)
  const highestModseq = mailbox.highestModseq
  const covered = (delta: Delta, kind: ServerListing['kind'], seenModseq = highestModseq) => ({
    kind,
    ...delta,
    uidNext: delta.uids.reduce((next, uid) => Math.max(next, uid + 1), uidNext),
    highestModseq: seenModseq !== undefined ? String(seenModseq) : null
  })
  if (mailbox.exists === 0) return covered({ uids: [], vanished: [], flags: null }, 'full')
  const uidValidity = Number(mailbox.uidValidity)
  if (folder.uidValidity === uidValidity && folder.uidNext !== null && folder.lowestSyncedUid !== null) {
    const local = new LocalWindow(deps, folder.id, uidValidity)
    if (qresyncUsable(client, folder, mailbox, deps)) {
      const delta = await qresyncDelta(client, folder, limit, local)
      // The changes reported are all the server had up to the highest mod-sequence among them.
      const floor = BigInt(folder.highestModseq!)
      const seen = delta?.flags?.reduce(
        (max, f) => (f.modseq !== null && BigInt(f.modseq) > max ? BigInt(f.modseq) : max),
        highestModseq !== undefined && highestModseq > floor ? highestModseq : floor
      )
      if (delta) return covered(delta, 'delta', seen)
    } else {
      const delta = await countedDelta(client, folder, local)
      if (delta) return covered(delta, 'delta')
    }
  }
  // Never an empty listing for a failed one: that would mark every stored message deleted.
  const uids = await searchUids(client, { all: true }, `list the messages in ${folder.path}`)
  return covered({ uids, vanished: [], flags: null }, 'full')
}

/**
 * QRESYNC needs CONDSTORE in use, the server's consent (ENABLE QRESYNC), mod-sequences on the
 * folder and a HIGHESTMODSEQ stored by a completed pass to ask "what changed since".
 */
function qresyncUsable(
  client: ImapFlow,
  folder: FolderRecord,
  mailbox: MailboxObject,
  deps: ReconcileDeps
): boolean {
  return (
    deps.condstore &&
    client.enabled.has('QRESYNC') &&
    mailbox.noModseq !== true &&
    folder.highestModseq !== null
  )
}

async function qresyncDelta(
  client: ImapFlow,
  folder: FolderRecord,
  limit: ImportLimit,
  local: LocalWindow
): Promise<Delta | null> {
  const vanished: number[] = []
  const onExpunge = (e: { path?: string; uid?: number; vanished?: boolean }) => {
    if (e.vanished && e.path === folder.path && e.uid) vanished.push(e.uid)
  }
  client.on('expunge', onExpunge)
  let flags: ServerFlags[]
  try {
    flags = await fetchChangedFlags(client, '1:*', BigInt(folder.highestModseq!))
  } finally {
    client.off('expunge', onExpunge)
  }
  // New mail has a mod-sequence above the stored one, so it is among the changes.
  const newUids = flags.filter((f) => f.uid >= folder.uidNext!).map((f) => f.uid)
  // The import window may still have room for older mail (a raised limit, expunges under a
  // limit): only the full listing finds it, unless the server has nothing below the window.
  const want = limit === 'all' ? Number.POSITIVE_INFINITY : limit
  const room = want - (local.count - vanished.length) - local.unknown(newUids).length
  if (room > 0 && !(await nothingBelow(client, folder))) return null
  return { uids: newUids, vanished, flags }
}

async function countedDelta(
  client: ImapFlow,
  folder: FolderRecord,
  local: LocalWindow
): Promise<Delta | null> {
  // A pending local move or delete, or a Trash purge, makes the store differ from the server on
  // purpose, and a count could then hide an expunge: compare every UID instead.
  if (local.divergent()) return null
  const newUids: number[] = []
  for await (const message of fetchMessages(client, `${folder.uidNext}:*`, { uid: true })) {
    // "N:*" always matches the last message, even when its UID is below N.
    if (message.uid >= folder.uidNext!) newUids.push(message.uid)
  }
  // Read after the FETCH: the server announces mail that arrived meanwhile with EXISTS before it.
  const exists = client.mailbox ? client.mailbox.exists : -1
  if (exists !== local.count + local.unknown(newUids).length) return null
  if (!(await nothingBelow(client, folder))) return null
  return { uids: newUids, vanished: [], flags: null }
}

/** True when the server's oldest message is inside the window already imported. */
async function nothingBelow(client: ImapFlow, folder: FolderRecord): Promise<boolean> {
  const first = await client.fetchOne('1', { uid: true })
  return !!first && first.uid >= folder.lowestSyncedUid!
}

/** Flags only, collected first: no other IMAP command may run inside a FETCH iteration. */
export async function fetchChangedFlags(
  client: ImapFlow,
  range: string,
  changedSince?: bigint
): Promise<ServerFlags[]> {
  const out: ServerFlags[] = []
  const options = changedSince !== undefined ? { changedSince } : {}
  for await (const message of fetchMessages(client, range, { uid: true, flags: true }, options)) {
    out.push({
      uid: message.uid,
      flags: [...(message.flags ?? [])],
      modseq: message.modseq !== undefined ? String(message.modseq) : null
    })
  }
  return out
}

/** The folder's stored locations with a server UID, as far as a delta listing needs them. */
class LocalWindow {
  readonly count: number

  constructor(
    private readonly deps: ReconcileDeps,
    private readonly folderId: number,
    private readonly uidValidity: number
  ) {
    const row = deps.db
      .prepare(
        'SELECT count(*) AS n FROM message_locations WHERE folder_id = ? AND uid_validity = ? AND uid > 0'
      )
      .get(folderId, uidValidity) as { n: number }
    this.count = row.n
  }

  /** The UIDs not stored yet (a move made here by Rapport stored its copies already). */
  unknown(uids: number[]): number[] {
    const known = this.deps.locations.storedUids(this.folderId, this.uidValidity, uids)
    return uids.filter((uid) => !known.has(uid))
  }

  divergent(): boolean {
    return (
      this.deps.pendingChanges().size > 0 ||
      purgedUids(this.deps.db, this.folderId, this.uidValidity).size > 0
    )
  }
}
