import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { AttachmentCache } from '../store/attachment-cache'
import type { ParsedMessage } from './message-parser'
import { parseAndCache, parseAndCacheStream } from './parse-and-cache'

/** Turns fetched raw messages into parsed ones, with their attachments already cached. */
export interface MessageParser {
  parse(raw: Buffer, fallbackDate?: Date): Promise<ParsedMessage>
  /**
   * A message read from a stream as it arrives, never held whole (see parseAndCacheStream): null
   * when it must be fetched whole to be read as parse() reads it.
   */
  parseStream(source: AsyncIterable<Buffer>, fallbackDate?: Date): Promise<ParsedMessage | null>
  close(): Promise<void>
}

export type ParseWorkerData = { attachmentsDir: string | null }
export type ParseRequest =
  | { id: number; raw: Uint8Array; fallbackDate: number | null }
  /** A message posted in pieces (parseStream): this, its pieces, then its last word. */
  | { id: number; stream: true; fallbackDate: number | null }
  | { id: number; piece: Uint8Array }
  | { id: number; last: 'end' | 'failed' }
export type ParseReply =
  | {
      id: number
      /** Null only for a message posted in pieces, which must be parsed whole. */
      parsed: ParsedMessage | null
      /** Set when an attachment could not be cached. */
      cacheError?: string
    }
  | { id: number; error: string }
  /** A piece was taken by the parser: the next may be posted. */
  | { id: number; taken: true }

/** Logs each distinct attachment-cache failure once: a full disk would otherwise log every message. */
function cacheErrorLog(log: (message: string) => void): (error: unknown) => void {
  const seen = new Set<string>()
  return (error) => {
    const text = String(error)
    if (seen.has(text)) return
    seen.add(text)
    log(`Attachments could not be kept offline (${text}); mail keeps syncing without them.`)
  }
}

/**
 * Parsing is most of an import's CPU time (mailparser runs at ~2k messages/s), so hosts that
 * ship the built worker script parse on other cores while the main thread fetches and stores.
 * Without a script (tests run from source) or when no worker starts, parsing stays in-process.
 */
export function createMessageParser(options: {
  workerScript?: string
  cache: AttachmentCache | null
  workers?: number
  log?: (message: string) => void
}): MessageParser {
  const onCacheError = cacheErrorLog(options.log ?? (() => {}))
  const inProcess = new InProcessParser(options.cache, onCacheError)
  if (!options.workerScript || options.workers === 0) return inProcess
  // Two workers parse (~1,600 msg/s each) faster than the core's one thread stores (~1,750
  // msg/s), so more would add a V8 heap each and no speed. On 2 cores, one.
  const size = options.workers ?? Math.min(2, Math.max(1, availableParallelism() - 1))
  return new WorkerParsePool(
    options.workerScript,
    size,
    options.cache?.dir ?? null,
    inProcess,
    options.log,
    onCacheError
  )
}

export class InProcessParser implements MessageParser {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly cache: AttachmentCache | null,
    private readonly onCacheError: (error: unknown) => void = () => {}
  ) {}

  /** One message at a time, as the workers do (concurrent parses only add GC work). */
  parse(raw: Buffer, fallbackDate?: Date): Promise<ParsedMessage> {
    const parsed = this.queue.then(() => parseAndCache(raw, fallbackDate, this.cache, this.onCacheError))
    this.queue = parsed.catch(() => undefined)
    return parsed
  }

  parseStream(source: AsyncIterable<Buffer>, fallbackDate?: Date): Promise<ParsedMessage | null> {
    const parsed = this.queue.then(() =>
      parseAndCacheStream(source, fallbackDate, this.cache, this.onCacheError)
    )
    this.queue = parsed.catch(() => undefined)
    return parsed
  }

  async close(): Promise<void> {}
}

/** Room for the largest message Rapport sends or caches (25 MB) while it is decoded. */
const PARSE_WORKER_HEAP_MB = 160
/**
 * Parsing makes short-lived garbage fast: at 16 MB the worker spent a sixth of its time in
 * scavenges (a 10k import took ~1.5 s more CPU than at V8's usual 48 MB). With the core's 8 MB
 * semi-spaces (core-process-flags.ts), 32 MB made a 100k import peak at 284–301 MB instead of
 * 324–339 MB, for ~3 % more CPU; 24 MB peaked at 292 MB where 32 MB had just peaked at 301 MB,
 * with the same CPU (78.3 s against 78.2 s; 8.5 s at 10k) (2026-12-04, one run each).
 */
const PARSE_WORKER_YOUNG_MB = 24

type Pending = {
  resolve: (parsed: ParsedMessage | null) => void
  reject: (error: unknown) => void
  /** Null for a message posted in pieces: those gone, no other parser can take it over. */
  raw: Buffer | null
  fallbackDate?: Date
  /** For a message posted in pieces: the worker took one. */
  taken?: () => void
}
/** Pieces of a message posted to a worker and not yet taken by its parser. */
const PIECES_AHEAD = 2
type Slot = { worker: Worker; pending: Map<number, Pending> }

class WorkerParsePool implements MessageParser {
  private slots: Slot[] | null = null
  private nextId = 1
  private closed = false

  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly attachmentsDir: string | null,
    private readonly fallback: InProcessParser,
    private readonly log: (message: string) => void = () => {},
    private readonly onCacheError: (error: unknown) => void = () => {}
  ) {}

  parse(raw: Buffer, fallbackDate?: Date): Promise<ParsedMessage> {
    const slot = this.closed ? null : this.leastBusy()
    if (!slot) return this.fallback.parse(raw, fallbackDate)
    const id = this.nextId++
    return new Promise<ParsedMessage | null>((resolve, reject) => {
      // An idle worker does not keep the process alive; one with work in flight does.
      if (slot.pending.size === 0) slot.worker.ref()
      slot.pending.set(id, { resolve, reject, raw, fallbackDate })
      // A copy, not the fetched Buffer: that may be a view on a larger pooled ArrayBuffer,
      // all of which a structured clone would copy.
      const copy = new Uint8Array(raw)
      slot.worker.postMessage(
        { id, raw: copy, fallbackDate: fallbackDate?.getTime() ?? null } satisfies ParseRequest,
        [copy.buffer]
      )
    }) as Promise<ParsedMessage>
  }

  /**
   * Posts the message to a worker piece by piece, a few ahead of its parser, so neither thread
   * holds it whole and the core's thread does not parse it or hash and cache its attachments. A
   * worker that stops midway cannot hand it on (its first pieces are gone): it is answered null,
   * and fetched whole. A source that fails rejects with its own error.
   */
  parseStream(source: AsyncIterable<Buffer>, fallbackDate?: Date): Promise<ParsedMessage | null> {
    const slot = this.closed ? null : this.leastBusy()
    if (!slot) return this.fallback.parseStream(source, fallbackDate)
    const id = this.nextId++
    let ahead = 0
    let settled = false
    let wake: (() => void) | null = null
    const resume = () => {
      const next = wake
      wake = null
      next?.()
    }
    const parsed = new Promise<ParsedMessage | null>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref()
      slot.pending.set(id, {
        resolve,
        reject,
        raw: null,
        fallbackDate,
        taken: () => {
          ahead--
          resume()
        }
      })
    }).finally(() => {
      settled = true
      resume()
    })
    slot.worker.postMessage({
      id,
      stream: true,
      fallbackDate: fallbackDate?.getTime() ?? null
    } satisfies ParseRequest)
    const post = async () => {
      for await (const chunk of source) {
        if (settled) return
        const piece = new Uint8Array(chunk)
        slot.worker.postMessage({ id, piece } satisfies ParseRequest, [piece.buffer])
        ahead++
        while (ahead >= PIECES_AHEAD && !settled) await new Promise<void>((resolve) => (wake = resolve))
      }
      slot.worker.postMessage({ id, last: 'end' } satisfies ParseRequest)
    }
    const posted = post().catch((error: unknown) => {
      slot.worker.postMessage({ id, last: 'failed' } satisfies ParseRequest)
      throw error
    })
    // The source's failure is the answer, whatever the worker makes of the pieces it had.
    return Promise.all([parsed, posted]).then(([reading]) => reading)
  }

  async close(): Promise<void> {
    this.closed = true
    const slots = this.slots ?? []
    this.slots = []
    await Promise.all(slots.map((slot) => this.retire(slot).worker.terminate()))
  }

  private leastBusy(): Slot | null {
    this.slots ??= Array.from({ length: this.size }, () => this.start())
    let best: Slot | null = null
    for (const slot of this.slots) if (!best || slot.pending.size < best.pending.size) best = slot
    return best
  }

  private start(): Slot {
    const worker = new Worker(this.script, {
      workerData: { attachmentsDir: this.attachmentsDir },
      // Each worker is a V8 heap of its own; capped, so the import's memory stays bounded (the
      // message a worker runs out on is parsed in-process, and a fresh worker takes the next).
      resourceLimits: {
        maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB,
        maxYoungGenerationSizeMb: PARSE_WORKER_YOUNG_MB
      }
    })
    worker.unref()
    const slot: Slot = { worker, pending: new Map() }
    worker.on('message', (reply: ParseReply) => {
      const task = slot.pending.get(reply.id)
      if (!task) return
      if ('taken' in reply) return task.taken?.()
      slot.pending.delete(reply.id)
      if (slot.pending.size === 0) worker.unref()
      if ('parsed' in reply) {
        if (reply.cacheError) this.onCacheError(reply.cacheError)
        task.resolve(reply.parsed)
      } else this.handOver(task)
    })
    // A worker that fails (or never starts: say, a packaging problem) costs speed, not mail: its
    // messages are parsed in-process and it gets no more work.
    const lost = (reason: string) => {
      if (this.closed) return
      this.log(`A parse worker stopped (${reason}); parsing continues on the main thread.`)
      this.retire(slot)
    }
    worker.on('error', (error) => {
      // Out of heap on a message (a huge newsletter) says nothing of the next ones: a fresh worker
      // takes them, or one such message would leave all later parsing on this thread. Only with
      // work in hand, so a worker that could not even load is not started again and again.
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      const replace = outOfMemory && slot.pending.size > 0 && !this.closed
      lost(error.message)
      if (replace && this.slots) this.slots.push(this.start())
    })
    worker.on('exit', (code) => lost(`exit code ${code}`))
    return slot
  }

  /** Takes the slot out of rotation and hands its unfinished messages to the in-process parser. */
  private retire(slot: Slot): Slot {
    if (this.slots) this.slots = this.slots.filter((s) => s !== slot)
    for (const task of slot.pending.values()) this.handOver(task)
    slot.pending.clear()
    return slot
  }

  /** Parses in-process what a worker could not; its failure fails the message, never hangs it. */
  private handOver(task: Pending): void {
    if (!task.raw) return task.resolve(null)
    this.fallback.parse(task.raw, task.fallbackDate).then(task.resolve, task.reject)
  }
}
