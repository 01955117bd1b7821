// The built parse worker (what the CLI, web mode and the Electron core run) parses exactly as the
// in-process parser does, attachments included, and caches attachment bytes under the same keys.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAndCache } from '../../src-main/core/mail/parse-and-cache'
import { createMessageParser, type MessageParser } from '../../src-main/core/mail/parse-pool'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { outPath } from '../support/build-output'
import { brokenMimeSamples, generateCorpus } from '../support/corpus'

const dir = mkdtempSync(join(tmpdir(), 'parse-worker-'))
let pool: MessageParser
let workerScript: string

beforeAll(() => {
  const chunks = outPath('main/chunks')
  const script = existsSync(chunks) ? readdirSync(chunks).find((f) => /^parse-worker-.*\.js$/.test(f)) : null
  if (!script) throw new Error('The parse worker is not built: run "npm run build" (npm test does it).')
  workerScript = join(chunks, script)
  pool = createMessageParser({
    workerScript,
    cache: new AttachmentCache(join(dir, 'pooled')),
    workers: 2,
    // A worker that fails to start would silently fall back in-process; here that is a failure.
    log: (message) => {
      throw new Error(message)
    }
  })
})
afterAll(async () => {
  await pool.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('built parse worker', () => {
  it('parses the corpus (attachments, RFC 2047, CJK, legacy charsets, broken MIME) like the in-process parser', async () => {
    const corpus = await generateCorpus({ seed: 515, count: 120, selfAddress: 'me@example.test' })
    const raws = [...corpus.map((m) => m.raw), ...brokenMimeSamples()]
    const local = new AttachmentCache(join(dir, 'local'))
    const expected = await Promise.all(raws.map((raw) => parseAndCache(raw, new Date(0), local)))
    const actual = await Promise.all(raws.map((raw) => pool.parse(raw, new Date(0))))
    expect(actual).toEqual(expected)
    const keys = actual.flatMap((m) => m.attachments.map((a) => a.cacheKey)).filter((k) => !!k) as string[]
    expect(keys.length).toBeGreaterThan(10)
    // Same content, same key, same bytes: written by the worker, readable by the store.
    const pooled = new AttachmentCache(join(dir, 'pooled'))
    for (const key of keys) expect(pooled.read(key)).toEqual(local.read(key))
    pooled.close()
    local.close()
  })

  it.each([1, 0])(
    'keeps parsing when the attachment cache cannot be written, and says so once (%i workers)',
    async (workers) => {
      // A cache directory that cannot be created: its parent is a file.
      const blocker = join(dir, `not-a-directory-${workers}`)
      writeFileSync(blocker, '')
      const logged: string[] = []
      const broken = createMessageParser({
        workerScript,
        cache: new AttachmentCache(join(blocker, 'attachments')),
        workers,
        log: (message) => logged.push(message)
      })
      try {
        const corpus = await generateCorpus({ seed: 516, count: 60, selfAddress: 'me@example.test' })
        const parsed = await Promise.all(corpus.map((m) => broken.parse(m.raw, new Date(0))))
        const attachments = parsed.flatMap((m) => m.attachments)
        expect(attachments.length).toBeGreaterThan(5)
        for (const a of attachments) expect(a.cacheKey).toBeNull()
        expect(parsed.filter((m) => m.parseError === null)).toHaveLength(corpus.length)
        expect(logged).toEqual([expect.stringMatching(/^Attachments could not be kept offline \(.*ENOTDIR/)])
      } finally {
        await broken.close()
      }
    }
  )
})

/** The message in pieces of `size` bytes, as a download gives it. */
async function* inPieces(raw: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < raw.length; start += size) yield raw.subarray(start, start + size)
}

describe('built parse worker, a message posted in pieces', () => {
  it('reads each message as it reads the whole message, or answers that it must be read whole', async () => {
    const corpus = await generateCorpus({ seed: 517, count: 60, selfAddress: 'me@example.test' })
    const raws = [...corpus.map((m) => m.raw), ...brokenMimeSamples()]
    const local = new AttachmentCache(join(dir, 'local-pieces'))
    const expected = await Promise.all(raws.map((raw) => parseAndCache(raw, new Date(0), local)))
    // Pieces far smaller than a message, so each is posted in many (and several ahead of the parser).
    const actual = await Promise.all(raws.map((raw) => pool.parseStream(inPieces(raw, 1000), new Date(0))))
    local.close()
    const read = actual.flatMap((parsed, i) => (parsed ? [[parsed, expected[i]]] : []))
    expect(read.length).toBeGreaterThan(corpus.length / 2)
    for (const [parsed, whole] of read) expect(parsed).toEqual(whole)
  })

  it('fails with the error of a message that stops arriving, and parses the next one', async () => {
    const raw = Buffer.from(
      'From: a@example.test\r\nSubject: cut\r\nMessage-ID: <cut@example.test>\r\n\r\n' + 'x'.repeat(50_000)
    )
    async function* cut(): AsyncGenerator<Buffer> {
      yield raw.subarray(0, 10_000)
      yield raw.subarray(10_000, 20_000)
      throw new Error('connection lost')
    }
    await expect(pool.parseStream(cut(), new Date(0))).rejects.toThrow('connection lost')
    const next = await pool.parseStream(inPieces(raw, 4096), new Date(0))
    expect(next).toMatchObject({ messageId: '<cut@example.test>', size: raw.length })
  })
})
