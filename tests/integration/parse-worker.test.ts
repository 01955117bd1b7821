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
