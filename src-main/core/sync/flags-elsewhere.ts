// A flag change for a message another client moved away before the change went up. The server
// answers a STORE on a UID it no longer has with a plain OK (RFC 3501), so the change would be
// taken as done, and the next pass would import the moved copy with the old flags: the change
// lost on both sides. It is found missing, and made where the message went.
import type { ImapFlow } from 'imapflow'
import type { FolderRecord } from './folder-repository'
import { findInFolders, type KeepCopy } from './message-id-search'
import { toSequenceSet } from './uid-plan'

type FlagChange = { add: string[]; remove: string[] }

/**
 * The STOREs that make `change` on the UID set `set` of the selected folder: set, then clear.
 * `refuse` makes the error a refused one throws; without it, a refusal is let be.
 */
export function flagStores(
  client: ImapFlow,
  set: string,
  change: FlagChange,
  refuse?: (what: string) => Error
): Array<() => Promise<void>> {
  const stores: Array<() => Promise<void>> = []
  if (change.add.length > 0)
    stores.push(async () => {
      const done = await client.messageFlagsAdd(set, change.add, { uid: true })
      if (!done && refuse) throw refuse(`Could not set ${change.add.join(' ')}`)
    })
  if (change.remove.length > 0)
    stores.push(async () => {
      const done = await client.messageFlagsRemove(set, change.remove, { uid: true })
      if (!done && refuse) throw refuse(`Could not clear ${change.remove.join(' ')}`)
    })
  return stores
}

/**
 * Runs the STOREs of one folder and returns the UIDs among `uids` the folder no longer has. A
 * STORE without .SILENT answers with the flags of every message it changed; a UID left
 * unanswered is looked for (UID SEARCH), so a server that does not answer unchanged flags costs
 * a round trip, not a wrong verdict. A UID counts as answered only when every STORE answered for
 * it: a message moved away between the two (set \Flagged, then clear \Seen) has half the change,
 * and gets the whole of it where it went.
 */
export async function storeAndFindGone(
  client: ImapFlow,
  path: string,
  uids: number[],
  stores: Array<() => Promise<void>>
): Promise<number[]> {
  const answers: Array<Set<number>> = []
  for (const store of stores) {
    const answered = new Set<number>()
    const note = (e: { path?: string; uid?: number }) => {
      if (e.path === path && e.uid !== undefined) answered.add(e.uid)
    }
    client.on('flags', note)
    try {
      await store()
    } finally {
      client.off('flags', note)
    }
    answers.push(answered)
  }
  if (answers.length === 0) return []
  const unanswered = uids.filter((uid) => !answers.every((answered) => answered.has(uid)))
  if (unanswered.length === 0) return []
  const here = await client.search({ uid: toSequenceSet(unanswered) }, { uid: true })
  // A search that failed proves nothing: the change is taken as made, as it was before.
  if (!here) return []
  const present = new Set(here)
  return unanswered.filter((uid) => !present.has(uid))
}

/**
 * Makes the change in the synced folders the messages may have gone to, found by Message-ID,
 * until each is found. Returns the Message-IDs found nowhere: expunged, gone to a folder Rapport
 * does not sync, or moved again during the search into a folder already searched.
 * @param keep which copies found are the message (default: all)
 */
export function changeWhereMoved(
  client: ImapFlow,
  folders: FolderRecord[],
  messageIds: string[],
  change: FlagChange,
  keep?: KeepCopy<FolderRecord>
): Promise<string[]> {
  return findInFolders(
    client,
    folders,
    messageIds,
    false,
    async (folder, _uidValidity, found) => {
      const uids = [...found.values()].flat()
      const stores = flagStores(client, toSequenceSet(uids), change)
      // Moved on again while it was changed here: not found yet, so looked for further.
      const gone = new Set(await storeAndFindGone(client, folder.path, uids, stores))
      return [...found].filter(([, at]) => at.every((uid) => gone.has(uid))).map(([messageId]) => messageId)
    },
    keep
  )
}
