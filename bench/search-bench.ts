import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openDatabase, type Database } from '../src-main/core/db/database'
import { HybridClock } from '../src-main/core/db/hybrid-clock'
import { parseMessage } from '../src-main/core/mail/message-parser'
import { MessageSearch } from '../src-main/core/search/message-search'
import { compileQuery } from '../src-main/core/search/query-compiler'
import { trigramsStartingWith } from '../src-main/core/search/short-substrings'
import { parseQuery } from '../src-main/core/search/query-parser'
import { ensureSearchIndex } from '../src-main/core/search/search-reindex'
import { compactMessageIndexes } from '../src-main/core/search/index-compaction'
import { importTransaction } from '../src-main/core/store/import-transaction'
import { MessageStore, type IncomingMessage } from '../src-main/core/store/message-store'
import { STORE_SLICE } from '../src-main/core/sync/fetch-batches'
import { maildirCorpus, SELF, type Maildir } from './maildir-corpus'
import * as peer from './notmuch-peer'
import { QUERY_FORMS } from './search-queries'

const RUNS = 30
const PEER_CLI_RUNS = 10
const log = (message: string) => process.stderr.write(`${message}\n`)

type Timing = { p50: number; p95: number }
type FormResult = {
  form: string
  query: string
  ours: Timing
  notmuchCli: Timing | null
  notmuchNet: number | null
  notmuchLib: Timing | null
  hits: number
  peerHits: number | null
  missed: number | null
  extra: number | null
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
const timing = (values: number[]): Timing => ({ p50: percentile(values, 50), p95: percentile(values, 95) })

/**
 * Search latency per query form, recall against notmuch, and index size, on a seeded maildir
 * that both Rapport and notmuch index. Rapport indexes in-process: MessageStore in the import's
 * slices and transactions, compacted as a large sync pass ends.
 */
export async function runSearchBench(opts: { sizes: number[]; seed: number }): Promise<void> {
  if (!peer.notmuchAvailable()) log('notmuch is not installed (Debian package notmuch): no peer figures.')
  for (const size of opts.sizes) {
    const maildir = await maildirCorpus({ size, seed: opts.seed, cacheDir: resolve('bench/.corpus') })
    const dir = mkdtempSync(join(tmpdir(), 'rapport-search-bench-'))
    try {
      await measure(maildir, dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

async function measure(maildir: Maildir, dir: string): Promise<void> {
  const size = maildir.messages.length
  const file = join(dir, 'rapport.sqlite')
  const db = openDatabase(file)
  ensureSearchIndex(db)
  log(`rapport: importing ${size} messages…`)
  const importSeconds = await importMaildir(db, maildir)
  db.pragma('wal_checkpoint(TRUNCATE)')
  const ourSize = indexBytes(db)
  const dbBytes = statSync(file).size

  let notmuch: peer.Notmuch | null = null
  let notmuchSeconds = Number.NaN
  if (peer.notmuchAvailable()) {
    notmuch = peer.setupNotmuch(maildir.root, dir)
    log(`notmuch new: indexing ${size} messages…`)
    notmuchSeconds = peer.notmuchNew(notmuch)
  }
  const search = new MessageSearch(db)
  const peerQueries = QUERY_FORMS.flatMap((f) => (f.notmuch ? [f.notmuch] : []))
  const lib = notmuch ? peer.notmuchInProcessTimes(notmuch, peerQueries, RUNS) : null
  // Process start plus database open, measured on a query that matches nothing.
  const baseline = notmuch ? percentile(peer.notmuchCliTimes(notmuch, 'id:none@none', PEER_CLI_RUNS), 50) : 0
  const results: FormResult[] = []
  for (const form of QUERY_FORMS) {
    log(`query ${form.form}…`)
    for (let i = 0; i < 3; i++) search.search({ query: form.ours, limit: peer.PAGE })
    const ours: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      search.search({ query: form.ours, limit: peer.PAGE })
      ours.push(performance.now() - started)
    }
    const hits = allMatches(db, form.ours)
    const theirs = notmuch && form.notmuch ? peer.notmuchIds(notmuch, form.notmuch) : null
    const cli =
      notmuch && form.notmuch ? timing(peer.notmuchCliTimes(notmuch, form.notmuch, PEER_CLI_RUNS)) : null
    results.push({
      form: form.form,
      query: form.ours,
      ours: timing(ours),
      notmuchCli: cli,
      notmuchNet: cli ? Math.max(0.01, cli.p50 - baseline) : null,
      notmuchLib: form.notmuch && lib?.get(form.notmuch) ? timing(lib.get(form.notmuch)!) : null,
      hits: hits.size,
      peerHits: theirs?.size ?? null,
      missed: theirs ? [...theirs].filter((id) => !hits.has(id)).length : null,
      extra: theirs ? [...hits].filter((id) => !theirs.has(id)).length : null
    })
  }
  db.close()
  const notmuchBytes = notmuch ? peer.directoryBytes(notmuch.dbDir) : Number.NaN
  printReport({
    size,
    maildir,
    importSeconds,
    notmuchSeconds,
    ourSize,
    dbBytes,
    notmuchBytes,
    baseline,
    results
  })
}

async function importMaildir(db: Database, maildir: Maildir): Promise<number> {
  db.prepare(
    `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
     VALUES (1, ?, 'me', 'h', 1, 'tls', 'h', 1, 'tls', 'x', 0)`
  ).run(SELF)
  const folderIds = new Map<string, number>()
  for (const [path, special] of [
    ['INBOX', '\\Inbox'],
    ['Sent', '\\Sent']
  ]) {
    const id = db
      .prepare(
        'INSERT INTO folders (account_id, path, name, special_use, sync_enabled, uid_validity) VALUES (1, ?, ?, ?, 1, 1)'
      )
      .run(path, path, special).lastInsertRowid
    folderIds.set(path!, Number(id))
  }
  const store = new MessageStore(db, HybridClock.forDatabase(db))
  const started = performance.now()
  for (const folder of ['INBOX', 'Sent'] as const) {
    const files = maildir.messages.filter((m) => m.folder === folder)
    const context = {
      accountId: 1,
      threadingEnabled: true,
      ownAddresses: new Set([SELF]),
      folder: { id: folderIds.get(folder)!, uidValidity: 1, isSent: folder === 'Sent' }
    }
    for (let i = 0; i < files.length; i += STORE_SLICE) {
      const batch: IncomingMessage[] = []
      for (const [offset, m] of files.slice(i, i + STORE_SLICE).entries())
        batch.push({ uid: i + offset + 1, flags: m.flags, parsed: await parseMessage(readFileSync(m.file)) })
      importTransaction(db, () => store.storeBatch(context, batch))
      if (i % 10_000 === 0) log(`  ${folder}: ${i + batch.length}/${files.length}`)
    }
  }
  // As a sync pass ends after a large import.
  await compactMessageIndexes(db)
  return (performance.now() - started) / 1000
}

/** Every Message-ID a query matches (no page limit), for recall against the peer. */
function allMatches(db: Database, query: string): Set<string> {
  const compiled = compileQuery(parseQuery(query), trigramsStartingWith(db, 'message_trigrams'))
  if (!compiled) return new Set()
  const where = compiled.conditions.length > 0 ? compiled.conditions.join(' AND ') : '1'
  const rows = db
    .prepare(
      `SELECT m.message_id FROM messages m JOIN message_search_keys k ON k.message_pk = m.id WHERE ${where}`
    )
    .all(compiled.params) as Array<{
    message_id: string
  }>
  return new Set(rows.map((r) => r.message_id))
}

/** Bytes of the search structures (dbstat), apart from the mail rows they index. */
function indexBytes(db: Database): {
  words: number
  trigrams: number
  keys: number
  contacts: number
  dateIndex: number
} {
  const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{
    name: string
    bytes: number
  }>
  const sum = (test: (name: string) => boolean) =>
    rows.filter((r) => test(r.name)).reduce((s, r) => s + r.bytes, 0)
  return {
    words: sum((n) => n.startsWith('messages_fts_')),
    trigrams: sum((n) => n.startsWith('message_trigrams_')),
    // The date-ordered keys of migration 0009 and their unique index on message_pk.
    keys: sum((n) => n === 'message_search_keys' || n.startsWith('sqlite_autoindex_message_search_keys')),
    contacts: sum((n) => n.startsWith('contacts_fts_') || n.startsWith('contact_search_keys')),
    dateIndex: sum((n) => n === 'messages_by_date')
  }
}

function printReport(r: {
  size: number
  maildir: Maildir
  importSeconds: number
  notmuchSeconds: number
  ourSize: ReturnType<typeof indexBytes>
  dbBytes: number
  notmuchBytes: number
  baseline: number
  results: FormResult[]
}): void {
  const f = (n: number | null | undefined, d = 1) =>
    n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(d)
  const mb = (n: number) => f(n / 1e6, 1)
  const index =
    r.ourSize.words + r.ourSize.trigrams + r.ourSize.keys + r.ourSize.contacts + r.ourSize.dateIndex
  console.log(`\nSearch benchmark: ${r.size} messages, ${mb(r.maildir.bytes)} MB of raw mail (maildir)`)
  console.log(
    `import: rapport ${f(r.importSeconds)} s (parse + store + index, one thread), notmuch new ${f(r.notmuchSeconds)} s`
  )
  console.log(
    `index size: rapport search indexes ${mb(index)} MB (words ${mb(r.ourSize.words)}, trigrams ${mb(r.ourSize.trigrams)}, ` +
      `search keys ${mb(r.ourSize.keys)}, ` +
      `contacts ${mb(r.ourSize.contacts)}, date index ${mb(r.ourSize.dateIndex)}) = ${f(index / r.maildir.bytes, 2)}x raw mail; ` +
      `notmuch database ${mb(r.notmuchBytes)} MB = ${f(r.notmuchBytes / r.maildir.bytes, 2)}x raw; ` +
      `ours/notmuch ${f(index / r.notmuchBytes, 2)}`
  )
  console.log(`whole rapport database (mail rows, bodies, HTML and indexes): ${mb(r.dbBytes)} MB`)
  console.log(
    `\nLatency in ms for the newest ${peer.PAGE} hits; ours in-process incl. snippets and highlights (${RUNS} runs).` +
      `\nnotmuch cli = \`notmuch search --limit=${peer.PAGE}\` wall time (${PEER_CLI_RUNS} runs); net = cli p50 minus ` +
      `${f(r.baseline)} ms for process start + database open (a query matching nothing);` +
      `\nnotmuch lib = the same page through libnotmuch (python3-notmuch2), database opened once (${RUNS} runs).` +
      `\nhits = all matches; missed = found by notmuch, not by us; extra = found by us, not by notmuch.`
  )
  console.log(
    'form                 ours_p50 ours_p95 nm_cli_p50 nm_net_p50 nm_lib_p50 nm_lib_p95 ours/net ours/lib    hits nm_hits missed  extra'
  )
  for (const x of r.results) {
    console.log(
      [
        x.form.padEnd(20),
        f(x.ours.p50, 2).padStart(8),
        f(x.ours.p95, 2).padStart(8),
        f(x.notmuchCli?.p50).padStart(10),
        f(x.notmuchNet, 2).padStart(10),
        f(x.notmuchLib?.p50, 2).padStart(10),
        f(x.notmuchLib?.p95, 2).padStart(10),
        f(x.notmuchNet ? x.ours.p50 / x.notmuchNet : null, 2).padStart(8),
        f(x.notmuchLib ? x.ours.p50 / x.notmuchLib.p50 : null, 2).padStart(8),
        String(x.hits).padStart(7),
        (x.peerHits === null ? '-' : String(x.peerHits)).padStart(7),
        (x.missed === null ? '-' : String(x.missed)).padStart(6),
        (x.extra === null ? '-' : String(x.extra)).padStart(6)
      ].join(' ')
    )
  }
  const worst = Math.max(...r.results.map((x) => x.ours.p95))
  console.log(`\nworst p95 (ours): ${f(worst, 2)} ms`)
}
