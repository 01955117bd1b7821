// Mail stored before HTML with no MIME charset was read in the charset its <meta> declares keeps
// U+FFFD for its GB2312 or Big5 bytes, in what it shows and what search finds. Rapport keeps no
// raw source, so migration 0050 queued it and a sync pass reads the server's copy again
// (sync/charset-repair.ts). Here a real Dovecot holds the mail; the rows are put back as the old
// parser wrote them (its reading, indexed by search) and queued by the migration's own SQL.
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { bodyText } from '../../src-main/core/mail/body-text'
import { MAILPARSER_OPTIONS, makeSnippet } from '../../src-main/core/mail/message-parser'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import { REPAIR_BATCH, REPAIR_FETCH, REPAIR_REFUSALS } from '../../src-main/core/sync/charset-repair'
import { appendMessages, expungeByMessageId, startDovecot, type DovecotServer } from '../support/dovecot'
import { htmlMail, legacyHtml } from '../support/legacy-charset-mail'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'

const QUEUE = bundledMigrations.find((m) => m.name.endsWith('_charset_reparse_queue.sql'))!
const CHINESE = '您好，装箱单和发票已经寄出，请核对。'
const TRADITIONAL = '您好，裝箱單已經寄出。'

let server: DovecotServer

beforeAll(async () => {
  // ACLs: a folder can be made one this mailbox may see but not read (no rights file: every right).
  server = await startDovecot({ acl: true })
})

afterAll(async () => {
  await server?.stop()
})

/** A fresh Dovecot user holding `raws` in INBOX, synced by a core of its own (through `proxy` if given). */
async function mailbox(name: string, raws: Buffer[], proxy?: TcpProxy) {
  const user = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  await appendMessages(server, user.user, user.password, 'INBOX', raws)
  const fixture = new CoreFixture()
  const imap = proxy ?? { host: server.host, port: server.imapPort }
  const account = await fixture.call('accounts.add', {
    email: `${name}@example.test`,
    user: user.user,
    password: user.password,
    imap: { host: imap.host, port: imap.port, security: 'none' },
    smtp: { host: imap.host, port: 1, security: 'none' },
    skipVerify: true
  })
  await fixture.call('sync.run', { accountId: account.id })
  const db = fixture.core.workspace.db
  const row = (messageId: string) =>
    db
      .prepare(
        'SELECT id, thread_id, body_html, body_text, snippet, deleted_on_server FROM messages WHERE message_id = ?'
      )
      .get(messageId) as {
      id: number
      thread_id: number
      body_html: string
      body_text: string
      snippet: string
      deleted_on_server: number
    }
  /** Puts the message's row back as the parser before the <meta> fix wrote it: read as UTF-8. */
  const storedByOldParser = async (messageId: string, raw: Buffer) => {
    const old = await simpleParser(raw, MAILPARSER_OPTIONS)
    const text = bodyText(old.text, old.html)
    db.prepare('UPDATE messages SET body_html = ?, body_text = ?, snippet = ? WHERE message_id = ?').run(
      old.html,
      text,
      makeSnippet(text ?? ''),
      messageId
    )
  }
  /** Search as it stood then (built from the rows), and the queue as the migration fills it. */
  const migrated = () => {
    reindexSearch(db)
    db.exec(QUEUE.sql.slice(QUEUE.sql.indexOf('INSERT INTO reparse_queue')))
  }
  const queued = () => db.prepare('SELECT message_pk FROM reparse_queue ORDER BY message_pk').pluck().all()
  const sync = () => fixture.call('sync.run', { accountId: account.id })
  /** Syncs `path` (another client filed `raws` there) from now on. */
  const syncedFolder = async (path: string, raws: Buffer[]) => {
    await server.doveadm(['mailbox', 'create', '-u', user.user, path])
    await appendMessages(server, user.user, user.password, path, raws)
    await sync()
    const folder = (await fixture.call('folders.list', { accountId: account.id })).find(
      (f) => f.path === path
    )!
    await fixture.call('folders.setSync', { folderId: folder.id, enabled: true })
    await sync()
  }
  const found = async (query: string) =>
    (await fixture.call('search.messages', { query, limit: 100 })).hits.map((h) => h.messageId)
  return {
    user,
    fixture,
    accountId: account.id,
    db,
    row,
    storedByOldParser,
    migrated,
    queued,
    sync,
    syncedFolder,
    found
  }
}

describe('mail stored before the <meta> charset was read', () => {
  it('is read again from the server by the next pass: shown and found in Chinese; gone or undamaged mail stays', async () => {
    const gb = htmlMail(legacyHtml('gb2312', CHINESE), { messageId: '<gb@163.example>', transfer: 'base64' })
    const big5 = htmlMail(legacyHtml('big5', TRADITIONAL, 'charset'), {
      messageId: '<big5-gone@163.example>',
      subject: 'Packing list'
    })
    // UTF-8 that holds U+FFFD itself, under a <meta> naming GB2312: nothing to repair.
    const replacement = htmlMail(
      Buffer.from('<html><head><meta charset="gb2312"></head><body><p>Broken byte: \uFFFD</p></body></html>'),
      { messageId: '<utf8-fffd@example.test>', subject: 'Replacement' }
    )
    // 7-bit ISO-2022-JP, whose escapes the old parser kept as they were: こんにちは.
    const jis = htmlMail(
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-2022-JP"></head><body><p>\x1b$B$3$s$K$A$O\x1b(B</p></body></html>',
        'latin1'
      ),
      { messageId: '<jis@example.jp>', subject: 'Konnichiwa' }
    )
    const box = await mailbox('repair', [gb, big5, replacement, jis])
    await box.storedByOldParser('<gb@163.example>', gb)
    await box.storedByOldParser('<jis@example.jp>', jis)
    await box.storedByOldParser('<big5-gone@163.example>', big5)
    const damagedBig5 = box.row('<big5-gone@163.example>')
    const undamaged = box.row('<utf8-fffd@example.test>')
    box.migrated()
    const gbRow = box.row('<gb@163.example>')
    const jisRow = box.row('<jis@example.jp>')
    expect(gbRow.body_html).toContain('\uFFFD')
    expect(jisRow.body_html).toContain('\x1b$B')
    expect(box.queued()).toEqual([gbRow.id, damagedBig5.id, undamaged.id, jisRow.id].sort((a, b) => a - b))
    expect(await box.found('装箱单')).toEqual([])
    // The Big5 message is expunged on the server before the pass.
    await expungeByMessageId(server, box.user.user, '<big5-gone@163.example>')

    await box.sync()

    expect(box.queued()).toEqual([])
    const thread = await box.fixture.call('threads.get', { threadId: gbRow.thread_id })
    expect(thread.messages[0]!.html).toContain(`<p>${CHINESE}</p>`)
    expect(thread.messages[0]!.text).toContain(CHINESE)
    expect(box.row('<gb@163.example>').snippet).toContain(CHINESE)
    expect(await box.found('装箱单')).toEqual(['<gb@163.example>'])
    expect(await box.found('发票已经寄出')).toEqual(['<gb@163.example>'])
    expect(box.row('<jis@example.jp>').body_html).toContain('<p>こんにちは</p>')
    expect(await box.found('こんにちは')).toEqual(['<jis@example.jp>'])
    expect(
      box.fixture.lastEvent<{ tables: string[]; ids: number[] }>(
        'changed',
        (p) => p.tables.includes('messages') && p.ids.includes(gbRow.thread_id)
      )
    ).not.toBeNull()
    // No copy left on the server: kept as it was.
    expect(box.row('<big5-gone@163.example>')).toEqual({ ...damagedBig5, deleted_on_server: 1 })
    expect(box.row('<utf8-fffd@example.test>')).toEqual(undamaged)
    box.fixture.close()
  })

  it('stays queued through a lost connection or a refused fetch, and is repaired by a later pass', async () => {
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const gb = htmlMail(legacyHtml('gb2312', CHINESE), { messageId: '<gb-faults@163.example>' })
    const box = await mailbox('repairfaults', [gb], proxy)
    try {
      await box.storedByOldParser('<gb-faults@163.example>', gb)
      box.migrated()
      const damaged = box.row('<gb-faults@163.example>')
      expect(box.queued()).toEqual([damaged.id])

      // The connection drops while the copy comes in: the pass fails, the message waits.
      const cut = proxy.cutMidFetch(40)
      expect((await box.fixture.error('sync.run', { accountId: box.accountId })).code).toBe(
        'HOST_UNREACHABLE'
      )
      await cut
      expect(box.queued()).toEqual([damaged.id])
      expect(box.row('<gb-faults@163.example>')).toEqual(damaged)

      // The server refuses to hand it over: the pass completes, the message waits.
      const refusal = proxy.refuse(/ UID FETCH .*BODY/i, 'NO [SERVERBUG] Internal error, try later')
      await box.sync()
      await refusal.refused(1)
      refusal.stop()
      expect(box.queued()).toEqual([damaged.id])
      expect(box.row('<gb-faults@163.example>')).toEqual(damaged)

      await box.sync()
      expect(box.queued()).toEqual([])
      expect(box.row('<gb-faults@163.example>').body_html).toContain(`<p>${CHINESE}</p>`)
      expect(await box.found('装箱单')).toEqual(['<gb-faults@163.example>'])
    } finally {
      box.fixture.close()
      await proxy.close()
    }
  })

  it('leaves the queue, kept as stored, once the only folder holding it is refused for good', async () => {
    const gb = htmlMail(legacyHtml('gb2312', CHINESE), { messageId: '<gb-board@163.example>' })
    const big5 = htmlMail(legacyHtml('big5', TRADITIONAL), { messageId: '<big5-board@163.example>' })
    const box = await mailbox('repairrefused', [])
    try {
      await box.syncedFolder('Board', [gb, big5])
      await box.storedByOldParser('<gb-board@163.example>', gb)
      await box.storedByOldParser('<big5-board@163.example>', big5)
      box.migrated()
      const damaged = box.row('<gb-board@163.example>')
      expect(box.queued()).toHaveLength(2)
      // The mailbox may still see the folder but no longer read it: every SELECT is refused.
      await server.setFolderRights(box.user.user, 'Board', 'l')

      // Taken again by the next passes: a refusal can be for a moment.
      for (let pass = 1; pass < REPAIR_REFUSALS; pass++) await box.sync()
      expect(box.queued()).toHaveLength(2)

      await box.sync()
      expect(box.queued()).toEqual([])
      expect(box.row('<gb-board@163.example>')).toEqual(damaged)
      const refused = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Board'
      )!
      expect(refused.openError).toMatch(/permission denied/i)
      expect((await box.fixture.call('sync.status', {}))[0]!.state).toBe('up-to-date')
    } finally {
      box.fixture.close()
    }
  })

  it('keeps its count of refusals through refusals for now (server busy), and is repaired once the server lets it', async () => {
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const gb = htmlMail(legacyHtml('gb2312', CHINESE), { messageId: '<gb-busy@163.example>' })
    const box = await mailbox('repairbusy', [], proxy)
    try {
      await box.syncedFolder('Board', [gb])
      await box.storedByOldParser('<gb-busy@163.example>', gb)
      box.migrated()
      const damaged = box.row('<gb-busy@163.example>')
      expect(box.queued()).toEqual([damaged.id])
      // No longer synced: only the repair opens Board, so only the repair meets the refusals.
      const board = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Board'
      )!
      await box.fixture.call('folders.setSync', { folderId: board.id, enabled: false })
      const refusals = () =>
        box.db.prepare('SELECT refusals FROM reparse_queue WHERE message_pk = ?').pluck().get(damaged.id)

      // As many passes as would drop it, each refused for now: opening the folder, then its FETCH.
      const busyOpen = proxy.refuse(/^\S+ EXAMINE "?Board"?/i, 'NO [UNAVAILABLE] Server busy, try later')
      for (let pass = 1; pass <= REPAIR_REFUSALS - 2; pass++) await box.sync()
      await busyOpen.refused(REPAIR_REFUSALS - 2)
      busyOpen.stop()
      const busyFetch = proxy.refuse(/ UID FETCH .*BODY/i, 'NO [LIMIT] Too many commands, try later')
      for (let pass = 1; pass <= 2; pass++) await box.sync()
      await busyFetch.refused(2)
      busyFetch.stop()
      expect(box.queued()).toEqual([damaged.id])
      expect(refusals()).toBe(0)
      expect(box.row('<gb-busy@163.example>')).toEqual(damaged)

      await box.sync()
      expect(box.queued()).toEqual([])
      expect(box.row('<gb-busy@163.example>').body_html).toContain(`<p>${CHINESE}</p>`)
    } finally {
      box.fixture.close()
      await proxy.close()
    }
  })

  it('leaves the queue, kept as stored, once the only folder holding it is deleted on the server', async () => {
    const gb = htmlMail(legacyHtml('gb2312', CHINESE), { messageId: '<gb-old@163.example>' })
    const box = await mailbox('repairdeleted', [])
    try {
      await box.syncedFolder('Old', [gb])
      await box.storedByOldParser('<gb-old@163.example>', gb)
      box.migrated()
      const damaged = box.row('<gb-old@163.example>')
      expect(box.queued()).toEqual([damaged.id])
      await server.doveadm(['mailbox', 'delete', '-u', box.user.user, 'Old'])

      await box.sync()

      expect(box.queued()).toEqual([])
      expect(box.row('<gb-old@163.example>')).toEqual(damaged)
    } finally {
      box.fixture.close()
    }
  })

  it('is read again a batch per pass, so a pass over much of it goes back to real time soon', async () => {
    const raws = Array.from({ length: REPAIR_BATCH + 1 }, (_, i) =>
      htmlMail(legacyHtml('gb2312', `${CHINESE} ${i}`), { messageId: `<gb-${i}@163.example>` })
    )
    const box = await mailbox('repairbatches', raws)
    try {
      for (const [i, raw] of raws.entries()) await box.storedByOldParser(`<gb-${i}@163.example>`, raw)
      box.migrated()
      expect(box.queued()).toHaveLength(REPAIR_BATCH + 1)
      await box.sync()
      expect(box.queued()).toHaveLength(1)
      await box.sync()
      expect(box.queued()).toEqual([])
      expect(await box.found('装箱单')).toHaveLength(REPAIR_BATCH + 1)
    } finally {
      box.fixture.close()
    }
  })

  it('gives way to work queued on the account lane while it reads (a send, new mail): the rest waits for a later pass', async () => {
    const count = 3 * REPAIR_FETCH.count
    const raws = Array.from({ length: count }, (_, i) =>
      htmlMail(legacyHtml('gb2312', `${CHINESE} ${i}`), { messageId: `<gb-way-${i}@163.example>` })
    )
    const box = await mailbox('repairgiveway', raws)
    const parser = box.fixture.core.workspace.parser
    const parse = parser.parse.bind(parser)
    try {
      for (const [i, raw] of raws.entries()) await box.storedByOldParser(`<gb-way-${i}@163.example>`, raw)
      box.migrated()
      // The pass has nothing new to import: every parse is the repair's. It is held at its first.
      let parsed = 0
      let reached!: () => void
      const reading = new Promise<void>((resolve) => (reached = resolve))
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      vi.spyOn(parser, 'parse').mockImplementation(async (...args) => {
        parsed++
        reached()
        await gate
        return parse(...args)
      })
      const pass = box.sync()
      await reading
      let parsedBeforeIt = -1
      const queued = box.fixture.core.workspace.sync.runOnline(box.accountId, async () => {
        parsedBeforeIt = parsed
      })
      release()
      await pass
      await queued
      vi.restoreAllMocks()
      expect(parsedBeforeIt).toBe(REPAIR_FETCH.count)
      expect(box.queued()).toHaveLength(count - REPAIR_FETCH.count)
      await box.sync()
      expect(box.queued()).toEqual([])
      expect(await box.found('装箱单')).toHaveLength(count)
    } finally {
      vi.restoreAllMocks()
      box.fixture.close()
    }
  })
})
