// Entry of a parse worker thread (see parse-pool.ts). It parses raw messages and caches their
// attachments, and answers with plain data only, so nothing large crosses back.
import { parentPort, workerData } from 'node:worker_threads'
import { AttachmentCache } from '../store/attachment-cache'
import { parseAndCache, parseAndCacheStream } from './parse-and-cache'
import type { ParseReply, ParseRequest, ParseWorkerData } from './parse-pool'
import { PieceQueue } from './piece-queue'

const port = parentPort
if (!port) throw new Error('parse-worker must run in a worker thread')
const { attachmentsDir } = workerData as ParseWorkerData
const cache = attachmentsDir ? new AttachmentCache(attachmentsDir) : null
/** Messages posted in pieces (MessageParser.parseStream), by request id. */
const streams = new Map<number, PieceQueue>()

// One message at a time: a batch's messages parsed concurrently interleave their streams and
// keep them all alive at once, which cost more in GC than it saved.
let queue = Promise.resolve()
port.on('message', (request: ParseRequest) => {
  if ('piece' in request) return streams.get(request.id)?.push(asBuffer(request.piece))
  if ('last' in request) {
    const pieces = streams.get(request.id)
    return request.last === 'end' ? pieces?.end() : pieces?.fail()
  }
  const { id } = request
  if ('stream' in request) streams.set(id, new PieceQueue(() => port.postMessage({ id, taken: true })))
  queue = queue.then(async () => {
    const fallbackDate = request.fallbackDate === null ? undefined : new Date(request.fallbackDate)
    let cacheError: string | undefined
    const onCacheError = (error: unknown) => {
      cacheError = String(error)
    }
    try {
      const pieces = streams.get(id)
      const parsed =
        'raw' in request
          ? await parseAndCache(asBuffer(request.raw), fallbackDate, cache, onCacheError)
          : pieces
            ? await parseAndCacheStream(pieces, fallbackDate, cache, onCacheError)
            : null
      port.postMessage({ id, parsed, cacheError } satisfies ParseReply)
    } catch (error) {
      port.postMessage({ id, error: String(error) } satisfies ParseReply)
    } finally {
      streams.delete(id)
    }
  })
})

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
