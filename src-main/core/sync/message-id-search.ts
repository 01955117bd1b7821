// Finding messages by Message-ID in the selected folder, many at a time. A server without
// UIDPLUS does not say where a COPY or MOVE put a message, so Rapport looks for it by its
// Message-ID; one SEARCH per message cost a round trip each, so a bulk archive of 1,000 messages
// on such a server made 1,000 of them.
import type { FetchMessageObject, FetchQueryObject, ImapFlow, SearchObject } from 'imapflow'
import { extractMessageIds, normalizeMessageId } from '../mail/message-id'
import { fetchMessages, lockFolder, searchUids, skipRefused } from '../mail-server/guarded-commands'
import { splitBy, toSequenceSet } from './uid-plan'

/**
 * At most 50 Message-IDs per SEARCH, and about 6 KB of them: some servers refuse a command line
 * over 8 KB (RFC 7162 asks clients to stay below it), and Message-IDs can be long.
 */
const PER_SEARCH = 50
const SEARCH_BYTES = 6_000
/** What each key adds besides its id: `OR HEADER MESSAGE-ID "…" `. */
const KEY_BYTES = 25

/** The ids in SEARCH-sized groups, in order. */
export function searchGroups(ids: string[]): string[][] {
  return splitBy(ids, (id) => Buffer.byteLength(id) + KEY_BYTES, { count: PER_SEARCH, bytes: SEARCH_BYTES })
}

/** A message found, with a Message-ID it was looked for by. */
export type FoundMessage = FetchMessageObject & { messageId: string }

/**
 * Every id a fetched Message-ID header gives (a message may carry two such lines; the parser
 * keeps the last), and the id the parser makes of a bare one.
 */
export function headerMessageIds(headers: Buffer | undefined): string[] {
  const value = headers?.toString('utf8').replace(/^message-id:\s*/i, '') ?? ''
  const bare = normalizeMessageId(value)
  return [...extractMessageIds(value), ...(bare ? [bare] : [])]
}

/**
 * The messages in the selected folder with one of these Message-IDs, with `fields` fetched.
 * HEADER search matches substrings, so each hit's own header is read back and compared: a
 * message whose Message-ID merely contains a wanted one is not it. Yields inside a FETCH: the
 * caller sends no other IMAP command until it has read them all.
 */
export async function* findByMessageId(
  client: ImapFlow,
  messageIds: string[],
  what: string,
  fields: FetchQueryObject = {}
): AsyncGenerator<FoundMessage> {
  for (const chunk of searchGroups([...new Set(messageIds)])) {
    const keys: SearchObject[] = chunk.map((id) => ({ header: { 'message-id': id } }))
    const uids = await searchUids(client, keys.length === 1 ? keys[0]! : { or: keys }, what)
    if (uids.length === 0) continue
    const inChunk = new Set(chunk)
    const query = { ...fields, uid: true, headers: ['message-id'] }
    for await (const m of fetchMessages(client, toSequenceSet(uids), query)) {
      // Once per id it was looked for by: a message with two Message-ID lines may answer two.
      for (const messageId of new Set(headerMessageIds(m.headers).filter((id) => inChunk.has(id))))
        yield { ...m, messageId }
    }
  }
}

/** The UIDs of each Message-ID found, in UID order. */
export async function uidsByMessageId(
  client: ImapFlow,
  messageIds: string[],
  what: string
): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>()
  for await (const m of findByMessageId(client, messageIds, what)) {
    found.set(m.messageId, [...(found.get(m.messageId) ?? []), m.uid])
  }
  for (const uids of found.values()) uids.sort((a, b) => a - b)
  return found
}

/** Whether a copy found in `folder` (numbered `uidValidity`) at `uid` is the message looked for. */
export type KeepCopy<F> = (folder: F, uidValidity: number, messageId: string, uid: number) => boolean

/**
 * Looks for messages by Message-ID in these folders, one after another, until each is found
 * (another program moved them somewhere). `inFolder` runs in each folder that holds some, with
 * the folder still selected, given the folder, its UIDVALIDITY and the UIDs of each Message-ID
 * found there (those `keep` keeps, by default all); it may return those of them it found gone
 * after all, which are looked for further.
 * A folder the server will not open (deleted meanwhile) is skipped. Returns the Message-IDs found
 * in none of them.
 */
export async function findInFolders<F extends { path: string }>(
  client: ImapFlow,
  folders: F[],
  messageIds: string[],
  readOnly: boolean,
  inFolder: (
    folder: F,
    uidValidity: number,
    found: Map<string, number[]>
  ) => Promise<string[] | void> | string[] | void,
  keep: KeepCopy<F> = () => true
): Promise<string[]> {
  const missing = new Set(messageIds)
  for (const folder of folders) {
    if (missing.size === 0) break
    const lock = await lockFolder(client, folder.path, { readOnly }).catch(skipRefused)
    if (!lock) continue
    try {
      const uidValidity = Number(lock.mailbox.uidValidity)
      const found = new Map<string, number[]>()
      for (const [messageId, uids] of await uidsByMessageId(
        client,
        [...missing],
        `search ${folder.path} for moved messages`
      )) {
        const kept = uids.filter((uid) => keep(folder, uidValidity, messageId, uid))
        if (kept.length > 0) found.set(messageId, kept)
      }
      if (found.size === 0) continue
      const notThere = new Set((await inFolder(folder, uidValidity, found)) ?? [])
      for (const messageId of found.keys()) if (!notThere.has(messageId)) missing.delete(messageId)
    } finally {
      lock.release()
    }
  }
  return [...missing]
}
