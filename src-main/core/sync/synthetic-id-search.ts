// Finding a message without a Message-ID header in the selected folder. Rapport's id for it is a
// hash of its date, sender, subject and size (syntheticMessageId), which no SEARCH can look for:
// the messages of its exact size are fetched and read as the importer read it (by its parser, in
// the parse workers: a large message parsed on the core's thread would hold up the user's
// commands), and those that come out under its id are its copies.
import type { ImapFlow } from 'imapflow'
import type { MessageParser } from '../mail/parse-pool'
import { fetchMessages, searchUids } from '../mail-server/guarded-commands'
import { toSequenceSet } from './uid-plan'

/**
 * More messages than this of one size (a folder of identical notifications) are not all
 * downloaded to find one: it is then left for the next pass, which fetches it again (as before).
 */
export const MAX_SAME_SIZE = 20

/** A message Rapport made an id up for, and the size it was stored with (its RFC822.SIZE). */
export type SyntheticWanted = { messageId: string; size: number }

/** The UIDs (with their sizes) of each wanted message found in the selected folder. */
export async function findBySyntheticId(
  client: ImapFlow,
  wanted: SyntheticWanted[],
  what: string,
  parser: MessageParser
): Promise<Map<string, Array<{ uid: number; size: number }>>> {
  const found = new Map<string, Array<{ uid: number; size: number }>>()
  const ids = new Set(wanted.map((w) => w.messageId))
  for (const size of new Set(wanted.map((w) => w.size))) {
    const uids = await searchUids(client, { larger: size - 1, smaller: size + 1 }, what)
    if (uids.length === 0 || uids.length > MAX_SAME_SIZE) continue
    // Read whole before parsing: no other work runs inside the FETCH.
    const fetched: Array<{ uid: number; source: Buffer; internalDate?: Date }> = []
    for await (const m of fetchMessages(client, toSequenceSet(uids), { source: true, internalDate: true }))
      if (m.source)
        fetched.push({
          uid: m.uid,
          source: m.source,
          internalDate: m.internalDate instanceof Date ? m.internalDate : undefined
        })
    for (const m of fetched) {
      // With the arrival as the importer gives it: the date of a message whose Date is unreadable.
      // Its attachments are cached as an import's are: the copies found are the user's, whose are
      // already there (a write is idempotent); another's is swept unused (AttachmentCache.sweep).
      const { messageId } = await parser.parse(m.source, m.internalDate)
      if (ids.has(messageId))
        found.set(messageId, [...(found.get(messageId) ?? []), { uid: m.uid, size: m.source.length }])
    }
  }
  return found
}
