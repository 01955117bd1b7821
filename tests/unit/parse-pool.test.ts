import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { createMessageParser } from '../../src-main/core/mail/parse-pool'

// Stand-in worker scripts (plain JS): the pool's mechanics are tested here; the real built
// worker is tested against the in-process parser in tests/integration/parse-worker.test.ts.
const dir = mkdtempSync(join(tmpdir(), 'parse-pool-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const script = (name: string, body: string) => {
  const file = join(dir, name)
  writeFileSync(file, `const { parentPort } = require('node:worker_threads')\n${body}`)
  return file
}
// Answers with the raw text as the subject, later for earlier requests, so replies arrive out of order.
const echo = script(
  'echo.cjs',
  `parentPort.on('message', (r) => setTimeout(() => parentPort.postMessage({ id: r.id,
    parsed: { subject: Buffer.from(r.raw).toString(), date: r.fallbackDate } }), 40 - (r.id % 4) * 10))`
)
const crashing = script('crash.cjs', `parentPort.on('message', () => process.exit(3))`)
// Runs out of its capped heap on a message that says "huge", as on a message too large to parse;
// answers any other as a worker, so a test can tell who parsed it.
const outOfMemoryOnHuge = script(
  'oom.cjs',
  `parentPort.on('message', (r) => {
    const text = Buffer.from(r.raw).toString()
    if (text.includes('huge')) { const held = []; for (;;) held.push(new Array(1e6).fill(text)) }
    parentPort.postMessage({ id: r.id, parsed: { subject: 'parsed by a worker' } })
  })`
)
const raw = (subject: string) => Buffer.from(`Subject: ${subject}\r\nFrom: a@example.test\r\n\r\nbody\r\n`)

describe('message parse pool', () => {
  it('gives each message its own result, though workers answer out of order', async () => {
    const pool = createMessageParser({ workerScript: echo, cache: null, workers: 2 })
    const inputs = Array.from({ length: 12 }, (_, i) => `message ${i}`)
    const results = await Promise.all(inputs.map((text, i) => pool.parse(Buffer.from(text), new Date(i))))
    expect(results.map((r) => r.subject)).toEqual(inputs)
    expect(results.map((r) => r.date)).toEqual(inputs.map((_, i) => i))
    await pool.close()
  })

  it('parses a crashed worker’s messages in-process, so a crash costs speed and never mail', async () => {
    const logged: string[] = []
    const pool = createMessageParser({
      workerScript: crashing,
      cache: null,
      workers: 1,
      log: (m) => logged.push(m)
    })
    const parsed = await Promise.all(['first', 'second', 'third'].map((s) => pool.parse(raw(s))))
    expect(parsed.map((p) => p.subject)).toEqual(['first', 'second', 'third'])
    expect(parsed[0]).toEqual(await parseMessage(raw('first')))
    expect(logged.join('\n')).toMatch(/parse worker stopped \(exit code 3\)/)
    // The dead worker gets no more work: later messages go straight to the in-process parser.
    expect((await pool.parse(raw('fourth'))).subject).toBe('fourth')
    await pool.close()
  })

  it('replaces a worker that ran out of memory on one message, so the next ones leave the main thread', async () => {
    const logged: string[] = []
    const pool = createMessageParser({
      workerScript: outOfMemoryOnHuge,
      cache: null,
      workers: 1,
      log: (m) => logged.push(m)
    })
    // The message the worker could not hold is parsed in-process, and is not lost.
    expect((await pool.parse(raw('huge'))).subject).toBe('huge')
    expect(logged.join('\n')).toMatch(/memory limit/)
    expect((await pool.parse(raw('next'))).subject).toBe('parsed by a worker')
    await pool.close()
  })

  it('falls back to in-process parsing when the worker script cannot be loaded', async () => {
    const logged: string[] = []
    const pool = createMessageParser({
      workerScript: join(dir, 'missing.js'),
      cache: null,
      workers: 2,
      log: (m) => logged.push(m)
    })
    expect((await pool.parse(raw('still parsed'))).subject).toBe('still parsed')
    expect(logged.length).toBeGreaterThan(0)
    await pool.close()
  })

  it('parses in-process after close, so a late batch is not lost', async () => {
    const pool = createMessageParser({ workerScript: echo, cache: null, workers: 1 })
    await pool.close()
    expect((await pool.parse(raw('after close'))).subject).toBe('after close')
  })
})
