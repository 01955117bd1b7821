// Entry of a parse worker thread (see parse-pool.ts). It parses raw messages and caches their
// attachments, and answers with plain data only, so nothing large crosses back.
import { parentPort, workerData } from 'node:worker_threads'
import { AttachmentCache } from '../store/attachment-cache'
import { parseAndCache } from './parse-and-cache'
import type { ParseReply, ParseRequest, ParseWorkerData } from './parse-pool'

const port = parentPort
if (!port) throw new Error('parse-worker must run in a worker thread')
const { attachmentsDir } = workerData as ParseWorkerData
const cache = attachmentsDir ? new AttachmentCache(attachmentsDir) : null

// One message at a time: a batch's messages parsed concurrently interleave their streams and
// keep them all alive at once, which cost more in GC than it saved.
let queue = Promise.resolve()
port.on('message', (request: ParseRequest) => {
  queue = queue.then(async () => {
    const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength)
    const fallbackDate = request.fallbackDate === null ? undefined : new Date(request.fallbackDate)
    let cacheError: string | undefined
    try {
      const parsed = await parseAndCache(raw, fallbackDate, cache, (error) => {
        cacheError = String(error)
      })
      port.postMessage({ id: request.id, parsed, cacheError } satisfies ParseReply)
    } catch (error) {
      port.postMessage({ id: request.id, error: String(error) } satisfies ParseReply)
    }
  })
})
