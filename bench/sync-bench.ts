import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { CoreEvents } from '../src-main/core/core-events'
import { openDatabase } from '../src-main/core/db/database'
import type { ParsedMessage } from '../src-main/core/mail/message-parser'
import { parseAndCache } from '../src-main/core/mail/parse-and-cache'
import { MemorySecretStore } from '../src-main/core/secrets/secret-store'
import { AttachmentCache } from '../src-main/core/store/attachment-cache'
import { importTransaction } from '../src-main/core/store/import-transaction'
import type { ResourceReport } from '../src-main/cli/resource-report'
import { STORE_SLICE } from '../src-main/core/sync/fetch-batches'
import { chunk } from '../src-main/core/sync/uid-plan'
import { coreProcessExecArgv } from '../src-main/core/host/core-process-flags'
import { WorkspaceServices } from '../src-main/core/workspace-services'
import { startDovecot, type DovecotServer, type MailUser } from '../tests/support/dovecot'
import { openTestImap } from '../tests/support/imap-probe'
import { loadMaildirIntoDovecot } from './dovecot-maildir-load'
import { maildirCorpus, SELF } from './maildir-corpus'
import { mbsyncAvailable, runMbsync } from './mbsync-peer'
import { compareParsers, type ParserComparison } from './parser-peer'
import { measureNewMailLatency, percentile } from './new-mail-latency'

const run = promisify(execFile)
// The app build the bench drives; RAPPORT_OUT_DIR moves it, as electron.vite.config.ts does.
const CLI = resolve(process.env.RAPPORT_OUT_DIR ?? 'out', 'main/cli.js')
const LATENCY_SAMPLES = 50
/** Arrivals into a quiet mailbox: fewer, as each waits out its gap. */
const QUIET_SAMPLES = 20
const QUIET_GAP_MS = 1500
const log = (message: string) => process.stderr.write(`${message}\n`)

type Row = {
  messages: number
  mb: number
  runs: number
  /** Import time over the runs. */
  rapport: Spread
  /** What the core process used during that run's import, as it measured itself. */
  usage: ResourceReport
  /** mbsync as configured by default (FSync yes), then without an fsync per message. */
  mbsync: Spread | null
  mbsyncNoFsync: Spread | null
  stages: { count: number; fetch: number; parse: number; store: number; parsers: ParserComparison } | null
  latencyMs: number[]
  quietLatencyMs: number[]
}

/**
 * Initial import through the real CLI (a separate process, so its peak RSS is its own; started with
 * the V8 flags the app gives its core process) against a
 * real Dovecot, with mbsync mirroring the same mailbox in the same run, a stage breakdown (wire
 * fetch, parse, store) measured in-process on the same messages, and the new-mail latency on the
 * imported, full-size mailbox.
 */
export async function runSyncBench(opts: {
  sizes: number[]
  seed: number
  /** Only the import and mbsync: for trying a change to the import (a 10k run takes ~30 s, not ~90). */
  importOnly?: boolean
  /** Imports and mirrors per size (median printed); by default 3 up to 20k messages, 1 above. */
  runs?: number
}): Promise<void> {
  const server = await startDovecot({ users: [] })
  const rows: Row[] = []
  try {
    for (const size of opts.sizes) {
      const runs = opts.runs ?? (size <= 20_000 ? 3 : 1)
      rows.push(
        await measureSize(server, size, { seed: opts.seed, importOnly: opts.importOnly === true, runs })
      )
      printTable(rows) // partial results survive a later size that runs out of time
    }
  } finally {
    await server.stop()
  }
}

async function measureSize(
  server: DovecotServer,
  size: number,
  opts: { seed: number; importOnly: boolean; runs: number }
): Promise<Row> {
  const user: MailUser = { user: `bench${size}`, password: `pw-${size}` }
  await server.addUser(user.user, user.password)
  const corpus = await maildirCorpus({ size, seed: opts.seed, cacheDir: resolve('bench/.corpus') })
  log(`loading ${size} messages (INBOX and Sent) into Dovecot…`)
  await loadMaildirIntoDovecot(server, user.user, corpus.root)

  // Rapport and mbsync take turns, so that the machine's moods (the disk's above all) fall on both.
  const rounds: Round[] = []
  try {
    for (let round = 1; round <= opts.runs; round++) {
      if (opts.runs > 1) log(`run ${round} of ${opts.runs}:`)
      rounds.push(await importRound(server, user, size))
      // Only the last run's data is kept, for the measurements made on the imported mailbox.
      if (round < opts.runs) rmSync(rounds.at(-1)!.dir, { recursive: true, force: true })
    }
    const dataDir = join(rounds.at(-1)!.dir, 'data')
    const [latencyMs, quietLatencyMs] = opts.importOnly
      ? [[], []]
      : await newMailLatency(server, user, size, dataDir)
    const stages = !opts.importOnly && size <= 20_000 ? await measureStages(server, user) : null
    // The run with the median import time gives its own figures (CPU, memory), so they agree.
    const typical = [...rounds].sort((a, b) => a.rapportSeconds - b.rapportSeconds)[(rounds.length - 1) >> 1]!
    const mbsync = (durable: boolean) =>
      spread(rounds.flatMap((r) => (r.mbsync ? [durable ? r.mbsync.fsync : r.mbsync.noFsync] : [])))
    return {
      messages: size,
      mb: corpus.bytes / 1e6,
      runs: rounds.length,
      rapport: spread(rounds.map((r) => r.rapportSeconds))!,
      usage: typical.usage,
      mbsync: mbsync(true),
      mbsyncNoFsync: mbsync(false),
      stages,
      latencyMs,
      quietLatencyMs
    }
  } finally {
    const last = rounds.at(-1)
    if (last) rmSync(last.dir, { recursive: true, force: true })
  }
}

type Round = {
  /** Holds the run's data folder, `data`. */
  dir: string
  rapportSeconds: number
  usage: ResourceReport
  mbsync: { fsync: number; noFsync: number } | null
}

/** One import by Rapport into a new data folder, then mbsync's two mirrors of the same mailbox. */
async function importRound(server: DovecotServer, user: MailUser, size: number): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-'))
  const env = { ...process.env, BENCH_PW: user.password, RAPPORT_REPORT_RESOURCES: '1' }
  const dataDir = join(dir, 'data')
  // RAPPORT_BENCH_PROFILE=dir: V8 CPU profiles of the CLI (main thread and parse workers) in dir.
  const profile = process.env.RAPPORT_BENCH_PROFILE
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : []
  const cli = (args: string[]) =>
    run(process.execPath, [...coreProcessExecArgv(), ...profiling, CLI, '--data-dir', dataDir, ...args], {
      env,
      maxBuffer: 1 << 30
    })
  try {
    await cli([
      'account', 'add', '--email', SELF, '--user', user.user, '--password-env', 'BENCH_PW',
      '--imap-host', server.host, '--imap-port', String(server.imapPort), '--imap-security', 'none',
      '--smtp-host', server.host, '--smtp-port', '25', '--smtp-security', 'none',
      '--import-limit', 'all', '--skip-verify'
    ]) // prettier-ignore
    log(`rapport: importing ${size} messages…`)
    const started = performance.now()
    const { stderr } = await cli(['sync', '--password-env', 'BENCH_PW'])
    const rapportSeconds = (performance.now() - started) / 1000
    const resources = /rapport-resources (\{.*\})/.exec(stderr)
    if (!resources) throw new Error(`The CLI printed no resource report:\n${stderr}`)
    const usage = JSON.parse(resources[1]!) as ResourceReport
    const stored = await storedCount(dataDir)
    if (stored !== size) throw new Error(`Rapport stored ${stored} of ${size} messages`)
    if (!mbsyncAvailable()) {
      log('mbsync is not installed (Debian package isync): no peer figure.')
      return { dir, rapportSeconds, usage, mbsync: null }
    }
    const mirror = (durable: boolean) => {
      log(`mbsync: mirroring ${size} messages (FSync ${durable ? 'yes' : 'no'})…`)
      const peerDir = join(dir, durable ? 'mbsync' : 'mbsync-nofsync')
      const seconds = runMbsync({ dir: peerDir, host: server.host, port: server.imapPort, ...user, durable })
      rmSync(peerDir, { recursive: true, force: true })
      return seconds
    }
    return { dir, rapportSeconds, usage, mbsync: { fsync: mirror(true), noFsync: mirror(false) } }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/** Seconds over the runs: the median (of an even count, the lower of the middle two) and the range. */
type Spread = { median: number; min: number; max: number }

function spread(seconds: number[]): Spread | null {
  if (seconds.length === 0) return null
  const sorted = [...seconds].sort((a, b) => a - b)
  return { median: sorted[(sorted.length - 1) >> 1]!, min: sorted[0]!, max: sorted.at(-1)! }
}

async function newMailLatency(server: DovecotServer, user: MailUser, size: number, dataDir: string) {
  log(
    `new-mail latency: ${LATENCY_SAMPLES} APPENDs back to back, then ${QUIET_SAMPLES} ${QUIET_GAP_MS} ms apart, to the ${size}-message INBOX…`
  )
  const [latencyMs, quietLatencyMs] = await measureNewMailLatency({
    dataDir,
    server,
    user,
    series: [
      { count: LATENCY_SAMPLES, gapMs: 0 },
      { count: QUIET_SAMPLES, gapMs: QUIET_GAP_MS }
    ]
  })
  return [latencyMs!, quietLatencyMs!] as const
}

/** Messages in the store, counted in SQLite: `messages list` would print them all as JSON. */
async function storedCount(dataDir: string): Promise<number> {
  const db = openDatabase(join(dataDir, 'rapport.sqlite'))
  try {
    return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** Where the time goes, stage by stage, on the same mailbox (PERFORMANCE.md's breakdown). */
async function measureStages(server: DovecotServer, user: { user: string; password: string }) {
  const client = await openTestImap(server, user)
  const sources: Buffer[] = []
  let t = performance.now()
  const lock = await client.getMailboxLock('INBOX', { readOnly: true })
  try {
    for await (const m of client.fetch('1:*', { uid: true, source: true }))
      if (m.source) sources.push(m.source)
  } finally {
    lock.release()
    await client.logout()
  }
  const fetch = (performance.now() - t) / 1000
  // The stages the import runs, one at a time on one thread: parse (with attachment bytes written
  // to the cache, as the parse workers do), then store into a workspace database on disk with the
  // CRM rules, contacts and search index, in the importer's slice transactions.
  const dir = mkdtempSync(join(tmpdir(), 'rapport-stages-'))
  try {
    const cache = new AttachmentCache(join(dir, 'attachments'))
    t = performance.now()
    const parsed: ParsedMessage[] = []
    for (const source of sources) parsed.push(await parseAndCache(source, undefined, cache))
    const parse = (performance.now() - t) / 1000
    cache.close()
    const workspace = WorkspaceServices.open(
      join(dir, 'rapport.sqlite'),
      new MemorySecretStore(),
      new CoreEvents(),
      log
    )
    try {
      const accountId = workspace.db
        .prepare(
          `INSERT INTO accounts (email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
           VALUES ('me@example.test', 'me', 'h', 1, 'tls', 'h', 1, 'tls', 'x', 0)`
        )
        .run().lastInsertRowid
      const context = {
        accountId: Number(accountId),
        threadingEnabled: true,
        ownAddresses: new Set([SELF]),
        folder: null
      }
      t = performance.now()
      // As the importer stores: a transaction per slice of a fetched batch.
      for (const slice of chunk(parsed, STORE_SLICE)) {
        const incoming = slice.map((p) => ({ uid: null, flags: [], modseq: null, parsed: p }))
        importTransaction(workspace.db, () => workspace.store.storeBatch(context, incoming))
      }
      const store = (performance.now() - t) / 1000
      return { count: sources.length, fetch, parse, store, parsers: await compareParsers(sources) }
    } finally {
      workspace.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function printTable(rows: Row[]): void {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-')
  console.log(
    '\nSync benchmark: initial import into a usable store (parsed, threaded, contacts linked, FTS-indexed)'
  )
  console.log(
    'messages   MB  rapport_s  cpu_s  msg/s   MB/s  peak_rss_MB  mbsync_s  ratio  mbsync_nofsync_s  ratio_nofsync'
  )
  for (const r of rows) {
    const ratio = (peer: Spread | null) => (peer ? r.rapport.median / peer.median : Number.NaN)
    console.log(
      [
        String(r.messages).padStart(8),
        f(r.mb).padStart(5),
        f(r.rapport.median, 2).padStart(9),
        f(r.usage.cpuSeconds, 1).padStart(6),
        f(r.messages / r.rapport.median, 0).padStart(6),
        f(r.mb / r.rapport.median, 2).padStart(6),
        f(r.usage.maxRssMb, 0).padStart(12),
        (r.mbsync === null ? '-' : f(r.mbsync.median, 2)).padStart(9),
        f(ratio(r.mbsync), 2).padStart(6),
        (r.mbsyncNoFsync === null ? '-' : f(r.mbsyncNoFsync.median, 2)).padStart(17),
        f(ratio(r.mbsyncNoFsync), 2).padStart(14)
      ].join(' ')
    )
  }
  for (const r of rows) {
    if (r.runs === 1) continue
    const range = (s: Spread | null) => (s ? `${f(s.min, 2)}-${f(s.max, 2)} s` : '-')
    console.log(
      `${r.messages}: medians of ${r.runs} runs; ranges: rapport ${range(r.rapport)}, mbsync ${range(r.mbsync)}, ` +
        `FSync no ${range(r.mbsyncNoFsync)}`
    )
  }
  console.log(
    'mbsync fsyncs every message by default (FSync yes); Rapport commits imported mail without a flush\n' +
      '(synchronous=NORMAL, crash-safe, refetched after a power loss), as mbsync does with FSync no.'
  )
  console.log(
    '\nStage breakdown (INBOX, each stage alone on one thread; the import overlaps parse with fetch+store):'
  )
  console.log('messages  fetch_msg/s  parse_msg/s  store_msg/s')
  for (const r of rows) {
    if (!r.stages) continue
    console.log(
      [
        String(r.stages.count).padStart(8),
        f(r.stages.count / r.stages.fetch, 0).padStart(12),
        f(r.stages.count / r.stages.parse, 0).padStart(12),
        f(r.stages.count / r.stages.store, 0).padStart(12)
      ].join(' ')
    )
  }
  console.log(
    '\nParser alternatives (INBOX, parse alone, no attachment cache; postal-mime is measured, not used):'
  )
  console.log('messages  mailparser_msg/s  postal-mime_msg/s  speedup  same_fields')
  for (const r of rows) {
    const p = r.stages?.parsers
    if (!p) continue
    console.log(
      [
        String(p.count).padStart(8),
        f(p.count / p.mailparserSeconds, 0).padStart(17),
        f(p.count / p.postalMimeSeconds, 0).padStart(18),
        `${f(p.mailparserSeconds / p.postalMimeSeconds, 2)}x`.padStart(8),
        `${f((p.agreeing / p.count) * 100, 1)}%`.padStart(11)
      ].join(' ')
    )
  }
  console.log(
    '\nCPU by thread (the core thread stores, and sets the pace; the others are the parse worker and V8):'
  )
  console.log('messages  core_thread_s  core_busy  other_threads_s  disk_written_MB')
  for (const r of rows) {
    const core = r.usage.coreThreadCpuSeconds
    console.log(
      [
        String(r.messages).padStart(8),
        (core === null ? '-' : f(core, 1)).padStart(14),
        (core === null ? '-' : `${f((core / r.rapport.median) * 100, 0)}%`).padStart(10),
        (core === null ? '-' : f(r.usage.cpuSeconds - core, 1)).padStart(16),
        f(r.usage.diskWrittenMb, 0).padStart(16)
      ].join(' ')
    )
  }
  console.log('\nCore responsiveness during the import (event-loop delay: how long a UI command would wait):')
  console.log('messages  p99_ms  max_ms')
  for (const r of rows) {
    console.log(
      [
        String(r.messages).padStart(8),
        f(r.usage.loopDelayP99Ms, 0).padStart(7),
        f(r.usage.loopDelayMaxMs, 0).padStart(7)
      ].join(' ')
    )
  }
  console.log('\nNew-mail latency (APPEND by another client -> `changed` with the message stored):')
  console.log('messages  arrivals         samples  p50_ms  p95_ms  max_ms')
  for (const r of rows) {
    for (const [arrivals, latencies] of [
      ['back to back', r.latencyMs],
      [`${QUIET_GAP_MS} ms apart`, r.quietLatencyMs]
    ] as const) {
      if (latencies.length === 0) continue // --import-only
      console.log(
        [
          String(r.messages).padStart(8),
          ` ${arrivals.padEnd(15)}`,
          String(latencies.length).padStart(7),
          f(percentile(latencies, 50), 0).padStart(7),
          f(percentile(latencies, 95), 0).padStart(7),
          f(Math.max(...latencies), 0).padStart(7)
        ].join(' ')
      )
    }
  }
  if (rows.length > 1) {
    const [a, b] = [rows[0]!, rows.at(-1)!]
    const perMessage = (r: Row) => r.rapport.median / r.messages
    console.log(
      `\nLinearity: ${f((perMessage(b) / perMessage(a)) * 100, 0)}% of the per-message time at ${a.messages} is spent per message at ${b.messages}.`
    )
  }
}
