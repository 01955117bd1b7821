// Crash safety: the real `rapport sync` process is killed with SIGKILL at seeded random points
// spread over the span of an uninterrupted run (its start, each folder's listing, flag/expunge
// reconcile and FETCH, parsing, SQLite transactions), then restarted until it completes. The
// result must equal an uninterrupted run of the same sync, nothing may be duplicated locally or
// on the server, each folder's HIGHESTMODSEQ must be stored, and the sync after that must change
// nothing at all. Local moves and flag changes are killed while they are pushed (a few ms after
// the task starts, so inside MOVE and STORE): each reaches the server once.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { outPath } from '../support/build-output'
import { generateCorpus, mulberry32 } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { openStore, storeSnapshot, tableCounts } from '../support/store-snapshot'
import { localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'

const CLI = resolve('bin/rapport.js')
const PASSWORD_VAR = 'RAPPORT_CRASH_PW'
const SEED = Number(process.env.CRASH_SEED ?? 20261201)
const user: MailUser = { user: 'kira', password: 'kira-pw' }
const FOLDERS = ['INBOX', 'Sent', 'Archive']
const MAIL_TABLES = ['messages', 'threads', 'conversations', 'contacts', 'message_locations']

let server: DovecotServer
let other: ImapFlow
const dirs: string[] = []

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  server = await startDovecot({ users: [user] })
  const self = 'kira@example.test'
  const inbox = await generateCorpus({ seed: SEED, count: 400, selfAddress: self })
  const sent = await generateCorpus({ seed: SEED + 1, count: 80, selfAddress: self, folder: 'sent' })
  await appendMessages(server, user.user, user.password, 'INBOX', inbox.map((m) => ({ raw: m.raw, internalDate: m.date })))
  await appendMessages(server, user.user, user.password, 'Sent', sent.map((m) => ({ raw: m.raw, internalDate: m.date, flags: ['\\Seen'] })))
  other = await otherClient(server, user)
}) // prettier-ignore

afterAll(async () => {
  await other?.logout().catch(() => other.close())
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  await server?.stop()
})

/** A progress line as `rapport sync` prints it, with when it came (ms after the start). */
type ProgressLine = { folder: string; done: number; total: number; at: number }
type SyncRun = {
  killed: boolean
  code: number | null
  stdout: string
  stderr: string
  progress: ProgressLine[]
  /** From the start to the exit. */
  ms: number
  /** Where a kill landed: the last progress line before it ("start" if none). */
  killedAfter?: string
}

/**
 * A point of an uninterrupted run to kill at: `delayMs` after its progress line `after` (null:
 * after its start). A run restarted after a crash has less left to do, so it reaches the point at
 * a line of that folder with no more left to fetch than there, or at a line of a later folder
 * (`order`: the folders in the order the uninterrupted run synced them).
 */
type KillPoint = { after: ProgressLine | null; delayMs: number; order: string[] }

const reached = (point: KillPoint, line: ProgressLine | null): boolean => {
  const { after, order } = point
  if (!after) return true
  if (!line) return false
  const [at, target] = [order.indexOf(line.folder), order.indexOf(after.folder)]
  return at > target || (at === target && line.total - line.done <= after.total - after.done)
}

/**
 * `count` kill points spread over the whole of an uninterrupted run: its start and each of its
 * progress lines are slots, one slot is drawn uniformly from each of `count` equal shares of
 * them, and the kill comes a random part of the time the run took from there to its next line.
 * So kills land in startup and login, in every folder's listing, flag/expunge reconcile, FETCH,
 * parsing and store transactions, not only in the first folder's first batches.
 */
function killPoints(reference: SyncRun, count: number, random: () => number): KillPoint[] {
  const order = [...new Set(reference.progress.map((l) => l.folder))]
  const lines = reference.progress
  return Array.from({ length: count }, (_, i) => {
    const slot = Math.floor(((i + random()) / count) * (lines.length + 1))
    const after = slot === 0 ? null : lines[slot - 1]!
    const next = slot < lines.length ? lines[slot]!.at : reference.ms
    return { after, delayMs: Math.floor(random() * (next - (after?.at ?? 0))), order }
  })
}

/**
 * Runs `rapport sync`; with a kill point, SIGKILLs it there; with `pushing`, SIGKILLs it that many
 * ms after it starts pushing a local change (a task is marked running).
 */
function runSync(dataDir: string, kill?: KillPoint | { pushing: number }): Promise<SyncRun> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now()
    const child = spawn(
      process.execPath,
      [CLI, '--data-dir', dataDir, 'sync', '--password-env', PASSWORD_VAR, '--json'],
      { env: { ...process.env, [PASSWORD_VAR]: user.password }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    const progress: ProgressLine[] = []
    let killed = false
    let killedAfter: string | undefined
    const killIn = (delayMs: number) => {
      killed = true
      setTimeout(() => {
        const last = progress.at(-1)
        killedAfter = last ? `${last.folder}: ${last.done}/${last.total}` : 'start'
        child.kill('SIGKILL')
      }, delayMs)
    }
    if (kill && 'pushing' in kill) {
      const delayMs = kill.pushing
      const db = openStore(dataDir)
      const pushing = db.prepare("SELECT count(*) AS n FROM tasks WHERE state = 'running'")
      // Polled until the push starts or the run ends (its own 30 s deadline bounds both).
      const poll = setInterval(() => {
        if (child.exitCode !== null || child.signalCode !== null) return clearInterval(poll)
        if ((pushing.get() as { n: number }).n === 0) return
        clearInterval(poll)
        killIn(delayMs)
      }, 2)
      child.on('exit', () => {
        clearInterval(poll)
        db.close()
      })
    } else if (kill && reached(kill, null)) killIn(kill.delayMs)
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    let partial = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      const text = partial + d.toString()
      const lines = text.split('\n')
      partial = lines.pop()!
      for (const line of lines) {
        // "INBOX: 75/138", then during a first import " (all folders: 90/153, folder 1 of 6)".
        const m = /^(\S+): (\d+)\/(\d+)(?: \(.*\))?$/.exec(line)
        if (!m) continue
        const seen = { folder: m[1]!, done: Number(m[2]), total: Number(m[3]), at: Date.now() - started }
        progress.push(seen)
        if (kill && !('pushing' in kill) && !killed && reached(kill, seen)) killIn(kill.delayMs)
      }
    })
    const deadline = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`rapport sync hung:\n${stderr}`))
    }, 30_000)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(deadline)
      const run = { killed: signal === 'SIGKILL', code, stdout, stderr, progress, ms: Date.now() - started }
      resolvePromise(signal === 'SIGKILL' ? { ...run, killedAfter } : run)
    })
  })
}

async function newDataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-crash-'))
  dirs.push(dir)
  const add = spawn(process.execPath, [
    CLI, '--data-dir', dir, 'account', 'add', '--email', 'kira@example.test', '--user', user.user,
    '--password-env', PASSWORD_VAR, '--imap-host', server.host, '--imap-port', String(server.imapPort),
    '--imap-security', 'none', '--smtp-host', server.host, '--smtp-port', '1', '--smtp-security', 'none',
    '--import-limit', 'all', '--skip-verify'
  ], { env: { ...process.env, [PASSWORD_VAR]: user.password }, stdio: 'ignore' }) // prettier-ignore
  const code = await new Promise<number | null>((r) => add.on('exit', r))
  expect(code).toBe(0)
  return dir
}

/**
 * Kills the sync at each of `points` in turn, restarting it each time, then lets it finish.
 * Returns where the kills landed (the last progress line before each) while the sync still ran.
 */
async function syncThroughCrashes(dataDir: string, points: Array<KillPoint | { pushing: number }>) {
  const landed: string[] = []
  for (const point of points) {
    const run = await runSync(dataDir, point)
    if (run.killed) landed.push('pushing' in point ? 'pushing' : (run.killedAfter ?? 'start'))
    else expect(run.code, run.stderr).toBe(0)
  }
  const last = await runSync(dataDir)
  expect(last.code, last.stderr).toBe(0)
  console.info(`sync crash test (seed ${SEED}): killed after`, landed)
  return landed
}

/** A kill that landed once INBOX was done: in a later folder's listing, reconcile or fetch. */
const pastInbox = (landed: string) => /^(?!INBOX:)\S+: /.test(landed)

/**
 * The sync after a completed one changes nothing: no message fetched, no row added or replaced,
 * and (run in-process, to see the core's events) no `changed` event for mail data.
 */
async function expectNoOpSync(dataDir: string) {
  const before = { snapshot: storeSnapshot(dataDir), counts: tableCounts(dataDir) }
  const run = await runSync(dataDir)
  expect(run.code, run.stderr).toBe(0)
  expect((JSON.parse(run.stdout) as Array<{ fetched: number }>).map((r) => r.fetched)).toEqual([0])
  expect({ snapshot: storeSnapshot(dataDir), counts: tableCounts(dataDir) }).toEqual(before)

  const core = new Core({ dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
  try {
    await core.secrets.set(core.workspace.accounts.get(1).secretRef, user.password)
    const changed: string[][] = []
    core.events.subscribe((name, payload) => {
      if (name === 'changed') changed.push((payload as { tables: string[] }).tables)
    })
    const response = await core.dispatch('sync.run', { accountId: 1 })
    expect(response).toMatchObject({ ok: true, value: [{ fetched: 0 }] })
    expect(changed.filter((tables) => tables.some((t) => MAIL_TABLES.includes(t)))).toEqual([])
  } finally {
    core.close()
  }
  expect({ snapshot: storeSnapshot(dataDir), counts: tableCounts(dataDir) }).toEqual(before)
}

/**
 * Every synced folder holds what the server has, and the server holds each message once; each
 * folder's stored HIGHESTMODSEQ is the server's (Dovecot has CONDSTORE), so the next pass can
 * ask only for what changed since.
 */
async function expectMatchesServer(dataDir: string) {
  const db = openStore(dataDir)
  try {
    const modseq = db.prepare('SELECT highest_modseq AS m FROM folders WHERE account_id = 1 AND path = ?')
    for (const path of FOLDERS) {
      const server = await serverFolder(other, path)
      expect(localFolder(db, 1, path)).toEqual(server)
      const status = await other.status(path, { highestModseq: true })
      expect(status && status.highestModseq, `${path}: the server's HIGHESTMODSEQ`).toBeTruthy()
      expect(modseq.get(path), `${path}: HIGHESTMODSEQ stored`).toEqual({
        m: String(status && status.highestModseq)
      })
      const ids = [...server.values()].map((m) => m.messageId)
      expect(new Set(ids).size).toBe(ids.length)
    }
    const dupes = db.prepare('SELECT count(*) - count(DISTINCT message_id) AS n FROM messages').get()
    expect(dupes).toEqual({ n: 0 })
  } finally {
    db.close()
  }
}

describe('kill -9 during sync', () => {
  const random = mulberry32(SEED)
  let reference: string
  let crashed: string

  it('an initial import killed at random points and restarted equals an uninterrupted one', async () => {
    reference = await newDataDir()
    crashed = await newDataDir()
    const uninterrupted = await runSync(reference)
    expect(uninterrupted.code).toBe(0)
    const landed = await syncThroughCrashes(crashed, killPoints(uninterrupted, 6, random))
    expect(landed.length).toBeGreaterThanOrEqual(4)
    expect(landed.filter(pastInbox).length, 'kills after INBOX').toBeGreaterThanOrEqual(1)
    expect(storeSnapshot(crashed)).toEqual(storeSnapshot(reference))
    expect(storeSnapshot(crashed).messages).toHaveLength(480)
    await expectMatchesServer(crashed)
    await expectNoOpSync(crashed)
  }, 120_000)

  it('an incremental sync killed at random points and restarted equals an uninterrupted one', async () => {
    // Another mail program: 150 new messages, flag changes, expunges and a move to Archive.
    const fresh = await generateCorpus({ seed: SEED + 2, count: 150, selfAddress: 'kira@example.test' })
    await appendMessages(
      server,
      user.user,
      user.password,
      'INBOX',
      fresh.map((m) => m.raw)
    )
    const inbox = await serverFolder(other, 'INBOX')
    const uids = [...inbox.keys()]
    const pick = (n: number) => Array.from({ length: n }, () => uids[Math.floor(random() * uids.length)]!)
    const lock = await other.getMailboxLock('INBOX')
    try {
      await other.messageFlagsAdd(pick(30).join(','), ['\\Flagged', '\\Seen'], { uid: true })
      await other.messageFlagsRemove(pick(30).join(','), ['\\Seen'], { uid: true })
      await other.messageMove(pick(15).join(','), 'Archive', { uid: true })
      await other.messageDelete(pick(15).join(','), { uid: true })
    } finally {
      lock.release()
    }

    const uninterrupted = await runSync(reference)
    expect(uninterrupted.code).toBe(0)
    const landed = await syncThroughCrashes(crashed, killPoints(uninterrupted, 5, random))
    expect(landed.length).toBeGreaterThanOrEqual(4)
    expect(landed.filter(pastInbox).length, 'kills after INBOX').toBeGreaterThanOrEqual(1)
    expect(storeSnapshot(crashed)).toEqual(storeSnapshot(reference))
    await expectMatchesServer(crashed)
    await expectMatchesServer(reference)
    await expectNoOpSync(crashed)
  }, 120_000)

  it('local moves and flag changes pushed by a sync killed at random points reach the server once', async () => {
    // The user archives ten messages and flags ten others while the mailbox is unreachable (the
    // pushes wait behind a task not due for an hour, as offline); then syncs, killed repeatedly.
    const core = new Core({ dataDir: crashed, secrets: new MemorySecretStore(null), log: () => undefined })
    let archived: string[]
    let flagged: string[]
    try {
      const db = core.workspace.db
      const blocker = db
        .prepare(
          "INSERT INTO tasks (account_id, kind, payload_json, run_after, created_at) VALUES (1, 'flags', ?, ?, 0)"
        )
        .run(JSON.stringify({ messageIds: [], add: [], remove: [] }), Date.now() + 3_600_000)
      const inbox = db
        .prepare(
          `SELECT m.id, m.message_id FROM messages m JOIN message_locations l ON l.message_pk = m.id
             JOIN folders f ON f.id = l.folder_id WHERE f.path = 'INBOX' ORDER BY l.uid`
        )
        .all() as Array<{ id: number; message_id: string }>
      const picked = [...inbox].sort(() => random() - 0.5).slice(0, 20)
      const archive = (await core.dispatch('folders.list', { accountId: 1 })) as {
        ok: true
        value: Array<{ id: number; path: string }>
      }
      const archiveId = archive.value.find((f) => f.path === 'Archive')!.id
      const moved = await core.dispatch('messages.move', {
        messageIds: picked.slice(0, 10).map((m) => m.id),
        folderId: archiveId
      })
      expect(moved).toMatchObject({ ok: true, value: { moved: 10 } })
      const set = await core.dispatch('messages.setFlags', {
        messageIds: picked.slice(10).map((m) => m.id),
        flagged: true
      })
      expect(set).toMatchObject({ ok: true })
      archived = picked.slice(0, 10).map((m) => m.message_id)
      flagged = picked.slice(10).map((m) => m.message_id)
      db.prepare('DELETE FROM tasks WHERE id = ?').run(blocker.lastInsertRowid)
    } finally {
      core.close()
    }

    // Killed at random moments once a push has started: in the MOVE, the STORE, or after.
    const pushes = Array.from({ length: 4 }, () => ({ pushing: Math.floor(random() * 12) }))
    const landed = await syncThroughCrashes(crashed, pushes)
    expect(landed.length).toBeGreaterThanOrEqual(1)
    const db = openStore(crashed)
    try {
      expect(db.prepare('SELECT count(*) AS n FROM tasks').get(), 'changes left to push').toEqual({ n: 0 })
    } finally {
      db.close()
    }
    const serverArchive = [...(await serverFolder(other, 'Archive')).values()]
    const serverInbox = [...(await serverFolder(other, 'INBOX')).values()]
    for (const id of archived!) {
      expect(
        serverArchive.filter((m) => m.messageId === id),
        `${id} in Archive once`
      ).toHaveLength(1)
      expect(
        serverInbox.filter((m) => m.messageId === id),
        `${id} gone from INBOX`
      ).toHaveLength(0)
    }
    for (const id of flagged!) {
      const copies = [...serverInbox, ...serverArchive].filter((m) => m.messageId === id)
      expect(
        copies.map((m) => m.flags.includes('\\Flagged')),
        `${id} flagged`
      ).toEqual([true])
    }
    await expectMatchesServer(crashed)
    await expectNoOpSync(crashed)
  }, 120_000)
})
