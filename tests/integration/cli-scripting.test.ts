// The rapport command as a script uses it: its output piped into a reader that stops early
// (`rapport … | head -1`), folder paths as people read them, and two commands on one data
// directory at once.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import BetterSqlite3 from 'better-sqlite3'
import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { ownMail } from './fixtures/sync-mailbox'
import { addAliceArgs } from './fixtures/cli-account'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
const PASSWORD_VAR = 'RAPPORT_TEST_PASSWORD'
// No keychain for these runs, on any machine: a password is only there when the command gets it.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }

let server: DovecotServer
let base: string
let dataDir: string

function rapport(args: string[], env: Record<string, string> = {}, dir = dataDir) {
  return run(process.execPath, [CLI, '--data-dir', dir, ...args], {
    env: { ...process.env, ...NO_KEYCHAIN, ...env },
    maxBuffer: 64 * 1024 * 1024
  })
}

const password = () => ({ [PASSWORD_VAR]: server.users[0]!.password })

/** Adds Alice's mailbox (all of its mail, no SMTP needed) to the data directory `dir`. */
async function addAlice(dir: string): Promise<void> {
  const alice = server.users[0]!
  await rapport(
    [
      ...addAliceArgs(server, { user: alice.user, smtpPort: 9, passwordEnv: PASSWORD_VAR }),
      '--import-limit',
      'all',
      '--skip-verify'
    ],
    password(),
    dir
  )
}

/**
 * Runs rapport with its stdout a pipe whose reader has gone (as `| head -1` leaves it once head
 * has its line): resolves with the exit code and what it said on stderr.
 */
function withClosedStdout(
  args: string[],
  env: Record<string, string> = {}
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
      env: { ...process.env, ...NO_KEYCHAIN, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    // The reader closes at once: every write the command makes meets EPIPE.
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stderr }))
  })
}

/** As withClosedStdout, for `rapport … 2>&1 | head -1`: stderr's reader has gone (stdout ignored). */
function withClosedStderr(args: string[], env: Record<string, string> = {}): Promise<number | null> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
      env: { ...process.env, ...NO_KEYCHAIN, ...env },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    child.stderr.destroy()
    child.on('error', reject)
    child.on('close', (code) => resolvePromise(code))
  })
}

async function imap(): Promise<ImapFlow> {
  const alice = server.users[0]!
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: alice.user, pass: alice.password },
    logger: false
  })
  await client.connect()
  return client
}

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  server = await startDovecot()
  const alice = server.users[0]!
  const corpus = await generateCorpus({ seed: 41, count: 120, selfAddress: 'alice@example.test' })
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'INBOX',
    corpus.map((m) => m.raw)
  )
  base = mkdtempSync(join(tmpdir(), 'rapport-cli-scripting-'))
  dataDir = join(base, 'data')
  await addAlice(dataDir)
  await rapport(['sync', '--password-env', PASSWORD_VAR], password())
})

afterAll(async () => {
  if (base) rmSync(base, { recursive: true, force: true })
  await server?.stop()
})

describe('rapport piped into a reader that stops early', () => {
  for (const args of [
    ['messages', 'list', '--limit', '100'],
    ['messages', 'list', '--json'],
    ['api', '--list'],
    ['account', 'list', '--json']
  ]) {
    it(`ends quietly with exit code 0: rapport ${args.join(' ')} | head -1`, async () => {
      const { code, stderr } = await withClosedStdout(args)
      expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event|\n\s+at /)
      expect(code).toBe(0)
    })
  }
})

describe('rapport whose progress goes to a reader that stops early', () => {
  it('finishes the sync and exits 0: rapport sync 2>&1 | head -1', async () => {
    expect(await withClosedStderr(['sync', '--password-env', PASSWORD_VAR], password())).toBe(0)
  })
})

describe('folder paths in plain-text listings', () => {
  it('shows a deleted folder set aside for its mail by its own name, without the NUL and id', async () => {
    const other = await imap()
    try {
      await other.mailboxCreate('Old')
      await other.append('Old', ownMail('alice', 'old-1'))
      await other.mailboxCreate('Clients')
      await other.append('Clients', ownMail('alice', 'client-1'))
      await rapport(['sync', '--password-env', PASSWORD_VAR], password())
      const folders = JSON.parse((await rapport(['folders', 'list', '--json'])).stdout) as Array<{
        id: number
        path: string
      }>
      for (const path of ['Old', 'Clients']) {
        const id = folders.find((f) => f.path === path)!.id
        await rapport(['api', 'folders.setSync', JSON.stringify({ folderId: id, enabled: true })])
      }
      await rapport(['sync', '--password-env', PASSWORD_VAR], password())
      // Another program deletes Old (Rapport keeps its mail), then renames Clients onto its name:
      // the gone folder is set aside under "Old", NUL, its id.
      await other.mailboxDelete('Old')
      await rapport(['sync', '--password-env', PASSWORD_VAR], password())
      await other.mailboxRename('Clients', 'Old')
      await rapport(['sync', '--password-env', PASSWORD_VAR], password())
    } finally {
      await other.logout().catch(() => other.close())
    }
    const raw = JSON.parse((await rapport(['folders', 'list', '--json'])).stdout) as Array<{ path: string }>
    // The setting-aside happened (the data holds the NUL path) ...
    expect(raw.some((f) => f.path.includes('\u0000'))).toBe(true)
    // ... and the plain-text listings print it as people read it.
    const folderRows = (await rapport(['folders', 'list'])).stdout
    const messageRows = (await rapport(['messages', 'list', '--limit', '1000'])).stdout
    const searchRows = (await rapport(['search', 'old-1'])).stdout
    expect(folderRows).not.toContain('\u0000')
    expect(messageRows).not.toContain('\u0000')
    expect(searchRows).not.toContain('\u0000')
    expect(folderRows.split('\n').filter((line) => line.split('\t')[1] === 'Old')).toHaveLength(2)
    expect(messageRows).toMatch(/\tOld\t\d+\talice@example\.test\told-1$/m)
  })
})

describe('two rapport commands on one data directory', () => {
  it('a listing while another process holds a write says that another Rapport process is using the directory', async () => {
    // Another Rapport process (the app, a sync) in the middle of a long write.
    const db = new BetterSqlite3(join(dataDir, 'rapport.sqlite'))
    db.exec('BEGIN IMMEDIATE')
    db.prepare('UPDATE accounts SET display_name = display_name').run()
    let failure: { code: number; stderr: string } | null = null
    try {
      await rapport(['account', 'list'])
    } catch (error) {
      failure = error as { code: number; stderr: string }
    } finally {
      db.exec('COMMIT')
      db.close()
    }
    // It waited for the write (SQLite's busy timeout), then said what is going on: not "a
    // directory you can write to".
    expect(failure?.stderr).toMatch(/another Rapport process/)
    expect(failure?.stderr).not.toMatch(/Check that it is a directory you can write to/)
  }, 30_000)
})

describe('two syncs at once', () => {
  it('both finish (or one says another process is syncing), and the mail is there once', async () => {
    const dir = join(base, 'twice')
    await addAlice(dir)
    const sync = () =>
      rapport(['sync', '--password-env', PASSWORD_VAR], password(), dir).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
      )
    const list = () =>
      rapport(['messages', 'list', '--json', '--limit', '100000'], {}, dir).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
      )
    const results = await Promise.all([sync(), sync(), list(), list()])
    for (const r of results) {
      expect(r.stderr).not.toMatch(/\n\s+at /)
      if (r.code !== 0) expect(r.stderr).toMatch(/another Rapport process/)
    }
    await rapport(['sync', '--password-env', PASSWORD_VAR], password(), dir)
    const messages = JSON.parse(
      (await rapport(['messages', 'list', '--json', '--limit', '100000'], {}, dir)).stdout
    ) as Array<{ messageId: string; folder: string }>
    const keys = messages.map((m) => `${m.folder} ${m.messageId}`)
    expect(new Set(keys).size).toBe(keys.length)
  }, 60_000)
})

describe('a number out of range', () => {
  for (const args of [
    ['messages', 'list', '--limit', '0'],
    ['threads', 'list', '--limit', '100001'],
    ['search', 'invoice', '--limit', '1000'],
    ['sync', '--limit', '0']
  ]) {
    it(`is a usage error naming the option and its range: rapport ${args.join(' ')}`, async () => {
      const e = await rapport(args).then(
        () => {
          throw new Error('expected to fail')
        },
        (error: { code: number; stderr: string }) => error
      )
      expect(e.code).toBe(2)
      expect(e.stderr).toMatch(/^--limit must be a whole number from 1 to [\d,]+, not "\d+"\./)
    })
  }
})

describe('a local change through rapport api', () => {
  it('exits cleanly, and the next sync takes the change to the server', async () => {
    const [message] = JSON.parse(
      (await rapport(['messages', 'list', '--folder', 'INBOX', '--json', '--limit', '1'])).stdout
    ) as Array<{ id: number; uid: number; flags: string[] }>
    const input = JSON.stringify({ messageIds: [message!.id], flagged: true })
    const result = await rapport(
      ['api', 'messages.setFlags', input, '--account', '1', '--password-env', PASSWORD_VAR],
      password()
    )
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, value: { changed: 1 } })
    expect(result.stderr).not.toMatch(/\n\s+at |Error/)
    await rapport(['sync', '--account', '1', '--password-env', PASSWORD_VAR], password())
    const after = await imap()
    try {
      const lock = await after.getMailboxLock('INBOX')
      try {
        const fetched = await after.fetchOne(String(message!.uid), { flags: true }, { uid: true })
        expect(fetched && fetched.flags!.has('\\Flagged')).toBe(true)
      } finally {
        lock.release()
      }
    } finally {
      await after.logout().catch(() => after.close())
    }
  })
})

describe('messages list --folder', () => {
  it('says NOT_FOUND for a folder the mailbox does not have, not an empty list', async () => {
    // Folder paths match exactly: "inbox" is not INBOX here, and listed nothing, exit 0.
    for (const folder of ['inbox', 'Nonexistent']) {
      const e = await rapport(['messages', 'list', '--folder', folder, '--account', '1']).then(
        () => {
          throw new Error('expected to fail')
        },
        (error: { code: number; stderr: string }) => error
      )
      expect(e.code).toBe(1)
      expect(e.stderr).toMatch(new RegExp(`^error NOT_FOUND: There is no folder "${folder}" in account 1`))
    }
    const rows = (await rapport(['messages', 'list', '--folder', 'INBOX', '--limit', '3'])).stdout
    expect(rows.trim().split('\n')).toHaveLength(3)
  })
})
