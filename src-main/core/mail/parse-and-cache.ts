import { cacheOrSkip, MAX_CACHED_ATTACHMENT, type AttachmentCache } from '../store/attachment-cache'
import { parseMessage, parseMessageStream, type ParsedMessage } from './message-parser'

/**
 * Parses a fetched message and writes its attachment bytes to the cache, keeping only their keys.
 * Done before the store's transaction, off its critical path (and in a worker thread when there
 * is one): a cache write is idempotent, so a crash before the commit leaves at most an
 * unreferenced blob, never a row pointing at a missing one.
 */
export async function parseAndCache(
  raw: Buffer,
  fallbackDate: Date | undefined,
  cache: AttachmentCache | null,
  onCacheError: (error: unknown) => void = () => {}
): Promise<ParsedMessage> {
  return cached(await parseMessage(raw, fallbackDate, keptBytes(cache)), cache, onCacheError)
}

/**
 * parseAndCache for a message read from a stream (parseMessageStream): null when it has to be
 * fetched whole to be read as parseAndCache reads it.
 */
export async function parseAndCacheStream(
  source: AsyncIterable<Buffer>,
  fallbackDate: Date | undefined,
  cache: AttachmentCache | null,
  onCacheError: (error: unknown) => void = () => {}
): Promise<ParsedMessage | null> {
  const parsed = await parseMessageStream(source, fallbackDate, keptBytes(cache))
  return parsed && cached(parsed, cache, onCacheError)
}

/**
 * The attachment bytes worth collecting: those a cache can keep. Larger ones are read and
 * dropped as they are decoded, and stored with no key, as the cache would have refused them.
 */
function keptBytes(cache: AttachmentCache | null): number {
  return cache?.maxBytes ?? MAX_CACHED_ATTACHMENT
}

function cached(
  parsed: ParsedMessage,
  cache: AttachmentCache | null,
  onCacheError: (error: unknown) => void
): ParsedMessage {
  if (!cache) return parsed
  return {
    ...parsed,
    attachments: parsed.attachments.map(({ content, ...attachment }) => ({
      ...attachment,
      cacheKey: content ? cacheOrSkip(cache, content, onCacheError) : null
    }))
  }
}
