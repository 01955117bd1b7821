// A message too large to hold whole is streamed from the server into the parser in pieces
// (sync/fetch-and-parse.ts). It must be stored exactly as when it was fetched whole: here each
// message of a real Dovecot is read both ways and stored in a workspace of each, row for row.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src-main/core/db/database'
import type { ParsedMessage } from '../../src-main/core/mail/message-parser'
import { InProcessParser, type MessageParser } from '../../src-main/core/mail/parse-pool'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import type { IncomingMessage } from '../../src-main/core/store/message-store'
import { fetchAndParse } from '../../src-main/core/sync/fetch-and-parse'
import { sizedBatches } from '../../src-main/core/sync/fetch-batches'
import { mailWithAttachments } from '../support/attachment-mail'
import { brokenMimeSamples } from '../support/broken-mime'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { openTestImap } from '../support/imap-probe'
import { htmlMail, legacyHtml } from '../support/legacy-charset-mail'
import { memoryWorkspace } from '../unit/fixtures/workspace'

/** The cache's limit here: attachments over it are dropped as they stream. */
const KEPT = 1024 * 1024
const USER = { user: 'stream', password: 'stream-pw' }

let server: DovecotServer
let cacheDir: string
let cache: AttachmentCache

beforeAll(async () => {
  server = await startDovecot({ users: [USER] })
  cacheDir = mkdtempSync(join(tmpdir(), 'streamed-fetch-'))
  cache = new AttachmentCache(cacheDir, KEPT)
})

afterAll(async () => {
  cache?.close()
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true })
  await server?.stop()
})

/** A parser that counts how each message was read: streamed, or held whole. */
function countingParser(): MessageParser & { whole: number; streamed: number } {
  const inner = new InProcessParser(cache)
  const counts = { whole: 0, streamed: 0 }
  return Object.assign(counts, {
    parse: (raw: Buffer, date?: Date) => {
      counts.whole++
      return inner.parse(raw, date)
    },
    parseStream: async (source: AsyncIterable<Buffer>, date?: Date) => {
      const parsed = await inner.parseStream(source, date)
      if (parsed) counts.streamed++
      return parsed
    },
    close: () => inner.close()
  })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Every row of every table, but for what two stores make differently: the times they stamp
 * (two clocks), their random ids (contacts), and their clock's settings (node id, last time).
 */
function allRows(db: Database): Record<string, string[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  const comparable = (row: Record<string, unknown>) =>
    JSON.stringify(
      Object.entries(row)
        .filter(([column]) => !/(^hlc|_at|_by|_hlc)$/.test(column) && !String(row.key).startsWith('hlc_'))
        .map(([column, value]) => [column, typeof value === 'string' && UUID.test(value) ? 'uuid' : value])
    )
  return Object.fromEntries(
    tables.map((table) => [
      table,
      (db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>).map(comparable).sort()
    ])
  )
}

/** Each message in INBOX, one batch each (as a large one is), read with this streaming threshold. */
async function readAll(
  client: ImapFlow,
  parser: MessageParser,
  streamFromBytes: number
): Promise<IncomingMessage[]> {
  const sizes = new Map<number, number>()
  const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b)
  const out: IncomingMessage[] = []
  for await (const batch of sizedBatches(client, uids, { count: 1, bytes: 1 }, sizes)) {
    const fetched = await fetchAndParse(client, batch, parser, sizes, streamFromBytes)
    out.push(...(await fetched.parsed))
  }
  return out
}

describe('a large message streamed from the server', () => {
  it('is stored exactly as when it was fetched whole, its attachments over the cache limit dropped as they stream', async () => {
    const kept = randomBytes(300_000)
    const dropped = randomBytes(3 * KEPT)
    const raws = [
      mailWithAttachments({
        messageId: '<scans@client.test>',
        to: 'stream@example.test',
        subject: 'Scans, and the price list',
        date: new Date('2026-11-02T09:00:00Z'),
        attachments: [
          { bytes: kept, filename: 'prices.pdf' },
          { bytes: dropped, filename: 'scans.zip', contentType: 'application/zip' }
        ]
      }),
      // No Message-ID: the one made up for it counts the message's bytes.
      mailWithAttachments({
        messageId: '',
        to: 'stream@example.test',
        subject: 'Rückfrage zum Angebot',
        date: new Date('2026-11-03T09:00:00Z'),
        attachments: [{ bytes: randomBytes(200_000), filename: 'angebot.pdf' }]
      }).replace(/^Message-ID: \r\n/m, ''),
      // HTML whose <meta> names its charset: parsed whole, to be relabelled.
      htmlMail(legacyHtml('gb2312', '您好，装箱单和发票已经寄出。'), { messageId: '<gb@client.test>' }),
      ...brokenMimeSamples()
    ]
    await appendMessages(server, USER.user, USER.password, 'INBOX', raws)
    const client = await openTestImap(server, USER)
    const wholeParser = countingParser()
    const streamedParser = countingParser()
    let whole: IncomingMessage[]
    let streamed: IncomingMessage[]
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true })
      try {
        whole = await readAll(client, wholeParser, Infinity)
        streamed = await readAll(client, streamedParser, 0)
      } finally {
        lock.release()
      }
    } finally {
      await client.logout()
    }
    expect(whole).toHaveLength(raws.length)
    expect(wholeParser.streamed).toBe(0)
    // All but the ones only a whole reading reads as before (the relabelled HTML among them).
    expect(streamedParser.streamed).toBeGreaterThanOrEqual(2)
    expect(streamedParser.streamed + streamedParser.whole).toBe(raws.length)
    const gb = (list: IncomingMessage[]) => list.find((m) => m.parsed.messageId === '<gb@client.test>')
    expect(gb(streamed)?.parsed.html).toContain('您好')

    const byName = (parsed: ParsedMessage | undefined) =>
      Object.fromEntries((parsed?.attachments ?? []).map((a) => [a.filename, a]))
    const scans = byName(streamed.find((m) => m.parsed.messageId === '<scans@client.test>')?.parsed)
    expect(scans['prices.pdf']).toMatchObject({ size: kept.length, cacheKey: expect.any(String) })
    expect(scans['scans.zip']).toMatchObject({ size: dropped.length, cacheKey: null })
    expect(scans['scans.zip']?.content).toBeUndefined()

    const wholeStore = memoryWorkspace()
    const streamedStore = memoryWorkspace()
    wholeStore.store.storeBatch(wholeStore.context, whole)
    streamedStore.store.storeBatch(streamedStore.context, streamed)
    expect(allRows(streamedStore.db)).toEqual(allRows(wholeStore.db))
    expect(allRows(streamedStore.db).attachments).toHaveLength(4)
  }, 60_000)
})
