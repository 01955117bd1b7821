// A move retried on a server without MOVE. imapflow moves there with COPY, then STORE \Deleted
// and EXPUNGE; when the answer to the COPY was lost, the retry finds the message still in its
// source, and copying it again left two in the destination. These find what an earlier try
// copied, so that only the source copy goes.
import { createHash } from 'node:crypto'
import type { ImapFlow } from 'imapflow'
import { isSyntheticMessageId } from '../mail/message-id'
import { fetchMessages, lockFolder, searchUids, skipRefused } from '../mail-server/guarded-commands'
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
 * A message without a Message-ID header (Rapport made one up) is found by no search: its copies
 * are the destination's messages of its size, told apart by their bytes, which COPY keeps too.
 */
const BYTES_KEPT = { ...COPY_KEPT, source: true }
const bytesKey = (messageId: string, m: { size?: number; internalDate?: Date | string; source?: Buffer }) =>
  `${copyKey(messageId, m.size, m.internalDate)} ${m.source ? createHash('sha256').update(m.source).digest('hex') : ''}`

/**
 * The destination's copies of these Message-IDs: their UIDs there, by copyKey. A destination the
 * server will not open gives none: the COPY then says why (TRYCREATE), and the move fails as it
 * should.
 */
export async function destinationCopies(
  client: ImapFlow,
  destPath: string,
  messagePks: number[],
  ids: StoredMessageIds
): Promise<Map<string, number[]>> {
  const copies = new Map<string, number[]>()
  const messageIds = ids.ofAll(messagePks)
  if (messageIds.length === 0) return copies
  const lock = await lockFolder(client, destPath, { readOnly: true }).catch(skipRefused)
  if (!lock) return copies
  const add = (key: string, uid: number) => copies.set(key, [...(copies.get(key) ?? []), uid])
  try {
    const searchable = messageIds.filter((id) => !isSyntheticMessageId(id))
    if (searchable.length > 0)
      for await (const m of findByMessageId(client, searchable, `search ${destPath}`, COPY_KEPT))
        add(copyKey(m.messageId, m.size, m.internalDate), m.uid)
    // Made-up ids, by the size Rapport stored: one search per size.
    const bySize = new Map<number, Set<string>>()
    for (const pk of messagePks) {
      const messageId = ids.of(pk)
      const size = ids.sizeOf(pk)
      if (messageId === null || !isSyntheticMessageId(messageId) || !size) continue
      bySize.set(size, (bySize.get(size) ?? new Set()).add(messageId))
    }
    for (const [size, sized] of bySize) {
      const uids = await searchUids(client, { larger: size - 1, smaller: size + 1 }, `search ${destPath}`)
      if (uids.length === 0) continue
      for await (const m of fetchMessages(client, toSequenceSet(uids), BYTES_KEPT))
        for (const messageId of sized) add(bytesKey(messageId, m), m.uid)
    }
  } finally {
    lock.release()
  }
  return copies
}

/**
 * The UIDs of these sources, in the folder selected now, that have a copy in `copies`, each with
 * the UID of its copy in the destination. Each copy stands for one source only (it is used up),
 * so two copies of one message, say a note to self in INBOX and in Sent, need two copies in the
 * destination.
 */
export async function copiedSources(
  client: ImapFlow,
  sources: MoveSource[],
  ids: StoredMessageIds,
  copies: Map<string, number[]>
): Promise<Map<number, number>> {
  const found = new Map<number, number>()
  if (copies.size === 0 || sources.length === 0) return found
  const messagePkOf = new Map(sources.map((s) => [s.uid, s.messagePk]))
  const synthetic = sources.some((s) => isSyntheticMessageId(ids.of(s.messagePk) ?? ''))
  const fields = synthetic ? BYTES_KEPT : COPY_KEPT
  for await (const m of fetchMessages(client, toSequenceSet([...messagePkOf.keys()]), fields)) {
    const messagePk = messagePkOf.get(m.uid)
    const messageId = messagePk === undefined ? null : ids.of(messagePk)
    if (messageId === null) continue
    const key = isSyntheticMessageId(messageId)
      ? bytesKey(messageId, m)
      : copyKey(messageId, m.size, m.internalDate)
    const copy = copies.get(key)?.shift()
    if (copy === undefined) continue
    found.set(m.uid, copy)
  }
  return found
}
