// A batch fetched and parsed, and the large message that is streamed from the server into the
// parser instead of being held whole.
import type { ImapFlow } from 'imapflow'
import type { MessageParser } from '../mail/parse-pool'
import { fetchMessages, sessionLost, sessionOpen } from '../mail-server/guarded-commands'
import { isConnectionError } from '../mail-server/server-errors'
import { normalizeFlags } from '../store/message-flags'
import type { IncomingMessage } from '../store/message-store'
import { BATCH_BYTES, fetchBatch, sourceBytes, type Fetched } from './fetch-batches'

/**
 * Messages larger than this are streamed: those past a batch's byte limit, each a batch of its
 * own. Held whole, a 120 MB message raised the core's peak to 651 MB (2026-12-07): the fetched
 * source, its copy for the parse worker, and mailparser's own copies.
 */
export const STREAM_FROM_BYTES = BATCH_BYTES
/** The piece of a streamed message one FETCH asks for: imapflow's 64 kB made 1,900 round trips of 120 MB. */
const DOWNLOAD_PIECE_BYTES = 1024 * 1024

/** A fetched batch: its source bytes (for AccountBatchLimits.fetched) and its messages, parsed in fetch order. */
export type FetchedBatch = { bytes: number; parsed: Promise<IncomingMessage[]> }

/**
 * Fetches a batch and has it parsed. A batch of one message over `streamFromBytes` (its
 * RFC822.SIZE in `sizes`) is downloaded in pieces the parser takes as they come, and is parsed
 * when this returns; should that not read it as a message held whole is read, it is fetched whole.
 */
export async function fetchAndParse(
  client: ImapFlow,
  uids: number[],
  parser: MessageParser,
  sizes: ReadonlyMap<number, number>,
  streamFromBytes = STREAM_FROM_BYTES
): Promise<FetchedBatch> {
  const [only] = uids
  if (uids.length === 1 && only !== undefined && (sizes.get(only) ?? 0) > streamFromBytes) {
    const streamed = await streamMessage(client, only, parser)
    if (streamed) return { bytes: streamed.parsed.size, parsed: Promise.resolve([streamed]) }
  }
  const fetched = await fetchBatch(client, uids)
  return { bytes: sourceBytes(fetched), parsed: parseBatch(parser, fetched) }
}

/** Parses a fetched batch, keeping the messages in fetch order. */
export function parseBatch(parser: MessageParser, fetched: Fetched[]): Promise<IncomingMessage[]> {
  return Promise.all(
    fetched.map(async (message) => ({
      uid: message.uid,
      flags: message.flags,
      modseq: message.modseq,
      parsed: await parser.parse(message.source, message.internalDate)
    }))
  )
}

/**
 * One message, streamed into the parser; null when it is to be fetched whole: it is gone (the
 * whole fetch then finds nothing, as before), the parser needs it whole, or fewer bytes arrived
 * than the server's RFC822.SIZE (a download cut short can end as if complete). More is kept: the
 * download reads until the server's last short piece, and some servers (hMailServer, WildDuck)
 * count sizes loosely, so refusing it fetched each large message there twice.
 */
async function streamMessage(
  client: ImapFlow,
  uid: number,
  parser: MessageParser
): Promise<IncomingMessage | null> {
  // Flags and dates first, in a FETCH of their own: no command runs inside the download's.
  let found: { flags: string[]; internalDate?: Date; modseq: string | null; size: number } | null = null
  const query = { uid: true, flags: true, internalDate: true, size: true }
  for await (const message of fetchMessages(client, String(uid), query)) {
    found = {
      flags: normalizeFlags(message.flags ?? []),
      internalDate: message.internalDate instanceof Date ? message.internalDate : undefined,
      modseq: message.modseq !== undefined ? String(message.modseq) : null,
      size: message.size ?? 0
    }
  }
  if (!found) return null
  const download = await client.download(String(uid), undefined, {
    uid: true,
    chunkSize: DOWNLOAD_PIECE_BYTES
  })
  const content = download.content
  if (!content) return null
  try {
    const parsed = await parser.parseStream(content, found.internalDate)
    if (!parsed || parsed.size < found.size) return null
    return { uid, flags: found.flags, modseq: found.modseq, parsed }
  } catch (error) {
    // A lost connection fails the batch as a whole fetch's would (the pass cuts its batches).
    if (isConnectionError(error)) throw error
    if (!sessionOpen(client)) throw sessionLost(client)
    // Anything else (expunged midway): fetched whole, which reads it as before or finds it gone.
    return null
  } finally {
    // Stops the download's FETCHes when the parser stopped before its end.
    content.destroy()
  }
}
