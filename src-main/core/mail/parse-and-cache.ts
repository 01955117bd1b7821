import { cacheOrSkip, type AttachmentCache } from '../store/attachment-cache'
import { parseMessage, type ParsedMessage } from './message-parser'

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
  const parsed = await parseMessage(raw, fallbackDate)
  if (!cache) return parsed
  return {
    ...parsed,
    attachments: parsed.attachments.map(({ content, ...attachment }) => ({
      ...attachment,
      cacheKey: content ? cacheOrSkip(cache, content, onCacheError) : null
    }))
  }
}
