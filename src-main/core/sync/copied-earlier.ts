// A move retried on a server without MOVE. imapflow moves there with COPY, then STORE \Deleted
// and EXPUNGE; when the answer to the COPY was lost, the retry finds the message still in its
// source, and copying it again left two in the destination. These find what an earlier try
// copied, so that only the source copy goes.
import type { ImapFlow } from 'imapflow'
import { fetchMessages, lockFolder, skipRefused } from '../mail-server/guarded-commands'
import { findByMessageId } from './message-id-search'
import type { StoredMessageIds } from './server-uids'
import type { MoveSource } from './task-queue'
import { toSequenceSet } from './uid-plan'

/**
 * What COPY keeps of a message: its Message-ID, size and arrival time (INTERNALDATE). A copy
 * alike in all three holds the same message, so the source copy may go without a second COPY; a
 * mere namesake (a list post delivered twice, a draft saved again) differs in one of them.
 */
const copyKey = (messageId: string, size: number | undefined, arrived: Date | string | undefined) =>
  `${messageId} ${size ?? ''} ${arrived === undefined ? '' : new Date(arrived).getTime()}`
const COPY_KEPT = { uid: true, size: true, internalDate: true }

/**
 * The destination's copies of these Message-IDs, counted by copyKey. A destination the server
 * will not open gives none: the COPY then says why (TRYCREATE), and the move fails as it should.
 */
export async function destinationCopies(
  client: ImapFlow,
  destPath: string,
  messageIds: string[]
): Promise<Map<string, number>> {
  const copies = new Map<string, number>()
  if (messageIds.length === 0) return copies
  const lock = await lockFolder(client, destPath, { readOnly: true }).catch(skipRefused)
  if (!lock) return copies
  try {
    for await (const m of findByMessageId(client, messageIds, `search ${destPath}`, COPY_KEPT)) {
      const key = copyKey(m.messageId, m.size, m.internalDate)
      copies.set(key, (copies.get(key) ?? 0) + 1)
    }
  } finally {
    lock.release()
  }
  return copies
}

/**
 * The UIDs of these sources, in the folder selected now, that have a copy in `copies`. Each copy
 * stands for one source only (it is used up), so two copies of one message, say a note to self
 * in INBOX and in Sent, need two copies in the destination.
 */
export async function copiedSources(
  client: ImapFlow,
  sources: MoveSource[],
  ids: StoredMessageIds,
  copies: Map<string, number>
): Promise<Set<number>> {
  const found = new Set<number>()
  if (copies.size === 0 || sources.length === 0) return found
  const messagePkOf = new Map(sources.map((s) => [s.uid, s.messagePk]))
  for await (const m of fetchMessages(client, toSequenceSet([...messagePkOf.keys()]), COPY_KEPT)) {
    const messagePk = messagePkOf.get(m.uid)
    const messageId = messagePk === undefined ? null : ids.of(messagePk)
    if (messageId === null) continue
    const key = copyKey(messageId, m.size, m.internalDate)
    const left = copies.get(key) ?? 0
    if (left === 0) continue
    copies.set(key, left - 1)
    found.add(m.uid)
  }
  return found
}
