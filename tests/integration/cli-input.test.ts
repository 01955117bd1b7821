// The rapport command given bad input: each mistake gets a clear message and the right exit code
// (2 for how the command was written, 1 for what the core refused), never a stack trace, and
// nothing is sent, queued or handed to the wrong server.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
// No keychain for these runs, on any machine: a password is only there when the command gets it.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }

let base: string
let dataDir: string
let body: string

function rapport(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...NO_KEYCHAIN, ...env }
  })
}

async function failure(args: string[], env: Record<string, string> = {}) {
  try {
    await rapport(args, env)
  } catch (error) {
    const e = error as { code: number; stderr: string; stdout: string }
    expect(e.stderr).not.toMatch(/\n\s+at /)
    return e
  }
  throw new Error(`rapport ${args.join(' ')} was expected to fail`)
}

/** A mailbox added without checking it (nothing listens on these ports). */
const addAccount = (email: string) =>
  rapport(
    [
      'account',
      'add',
      '--email',
      email,
      '--user',
      email,
      '--password-env',
      'PW',
      '--imap-host',
      '127.0.0.1',
      '--imap-port',
      '9',
      '--imap-security',
      'none',
      '--smtp-host',
      '127.0.0.1',
      '--smtp-port',
      '9',
      '--smtp-security',
      'none',
      '--skip-verify'
    ],
    { PW: `${email}-pw` }
  )

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  base = mkdtempSync(join(tmpdir(), 'rapport-cli-input-'))
  dataDir = join(base, 'data')
  body = join(base, 'body.txt')
  writeFileSync(body, 'Hello.\n')
  await addAccount('ana@example.test')
  await addAccount('budi@example.test')
})

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true })
})

describe('rapport given bad input', () => {
  it('keeps its data readable by this user only', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
  })

  it('refuses one --password-env for several mailboxes, so it cannot reach another server', async () => {
    const e = await failure(['sync', '--password-env', 'PW'], { PW: 'ana@example.test-pw' })
    expect(e.code).toBe(2)
    expect(e.stderr).toMatch(/there are 2: say which with --account ID/)
  })

  /** `rapport send` from account 1 to Bob, with the body file, and no password. */
  const sendToBob = () => [
    'send',
    '--account',
    '1',
    '--to',
    'bob@example.test',
    '--subject',
    'Hi',
    '--body-file',
    body
  ]

  it('sends nothing and queues nothing without the password, so running it again sends once', async () => {
    const args = sendToBob()
    const e = await failure(args)
    expect(e.code).toBe(2)
    expect(e.stderr).toMatch(/pass it with --password-env VAR\. Nothing was sent or queued\./)
    const { stdout } = await rapport(['api', 'outbox.list', '{}'])
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, value: [] })
  })

  it('says what is wrong with an option, a body file or an attachment, with exit code 2', async () => {
    const send = ['send', '--account', '1', '--to', 'bob@example.test', '--subject', 'Hi']
    const cases = {
      unknownOption: await failure(['--bogus', 'account', 'list']),
      missingValue: await failure(['messages', 'list', '--limit']),
      noBodyFile: await failure([...send, '--body-file', join(base, 'missing.txt')]),
      bodyIsDirectory: await failure([...send, '--body-file', base]),
      attachDirectory: await failure([...send, '--body-file', body, '--attach', base])
    }
    expect(Object.values(cases).map((e) => e.code)).toEqual([2, 2, 2, 2, 2])
    expect(cases.unknownOption.stderr).toMatch(/Unknown option '--bogus'/)
    expect(cases.noBodyFile.stderr).toMatch(/--body-file .*missing\.txt: there is no such file\./)
    expect(cases.bodyIsDirectory.stderr).toMatch(/--body-file .*: that is not a file\./)
    expect(cases.attachDirectory.stderr).toMatch(/--attach .*: that is not a file\./)
  })

  // Ignored, each would leave a script believing its results were filtered (or its mail sent)
  // as it asked, when they were not.
  it('refuses an option that does not apply to the command, naming both', async () => {
    const send = sendToBob()
    const cases: Array<[string[], string, string]> = [
      [['search', 'hello', '--account', '999', '--json'], 'search', '--account'],
      [['search', 'hello', '--folder', 'INBOX'], 'search', '--folder'],
      [['threads', 'list', '--folder', 'Sent', '--to', 'x@y'], 'threads list', '--folder'],
      [['messages', 'list', '--to', 'bob@example.test'], 'messages list', '--to'],
      [['folders', 'list', '--limit', '5'], 'folders list', '--limit'],
      [['account', 'servers', '--account', '1', '--limit', '5'], 'account servers', '--limit'],
      [['account', 'detect', '--email', 'ana@outlook.com', '--account', '1'], 'account detect', '--account'],
      [['account', 'add', '--oauth', 'google', '--email', 'a@gmail.com', '--password-env', 'PW'], 'account add --oauth', '--password-env'],
      [['account', 'add', '--email', 'cici@example.test', '--password-env', 'PW', '--folder', 'INBOX'], 'account add', '--folder'],
      [['oauth', 'clients', '--provider', 'google'], 'oauth clients', '--provider'],
      [['oauth', 'set-client', '--provider', 'google', '--client-id', 'x', '--password-env', 'PW'], 'oauth set-client', '--password-env'],
      [['sync', '--account', '999', '--folder', 'INBOX'], 'sync', '--folder'],
      [[...send, '--name', 'Ana'], 'send', '--name'],
      [['backfill', '--folder', '1', '--limit', '100'], 'backfill', '--limit'],
      [['api', 'threads.list', '{}', '--limit', '5'], 'api', '--limit']
    ] // prettier-ignore
    for (const [args, command, option] of cases) {
      const e = await failure(args, { PW: 'pw' })
      expect({ args, code: e.code }).toEqual({ args, code: 2 })
      expect(e.stderr).toContain(`${command} does not take ${option}`)
      expect(e.stderr).toContain('Usage: rapport')
    }
    const { stdout } = await rapport(['account', 'list', '--json'])
    expect((JSON.parse(stdout) as unknown[]).length).toBe(2)
  })

  it('refuses an option that means something only beside one that is missing', async () => {
    const cases: Array<[string[], string]> = [
      // --account says whose password --password-env is, not which mailbox the command reads.
      [['api', 'threads.list', '{}', '--account', '2'], 'api takes --account only with --password-env'],
      // Without a host, the provider's servers are used and the port would be dropped.
      [['account', 'add', '--oauth', 'google', '--email', 'a@gmail.com', '--imap-port', '1993'], 'account add --oauth takes --imap-port only with --imap-host']
    ] // prettier-ignore
    for (const [args, message] of cases) {
      const e = await failure(args)
      expect({ args, code: e.code }).toEqual({ args, code: 2 })
      expect(e.stderr).toContain(message)
    }
  })

  it('refuses words the command does not take, naming them', async () => {
    const cases: Array<[string[], string, string]> = [
      [['account', 'list', 'extra', 'words'], 'account list', 'extra words'],
      [['sync', '1'], 'sync', '1'],
      [['send', 'bob@example.test', '--account', '1', '--to', 'bob@example.test', '--subject', 'Hi', '--body-file', body], 'send', 'bob@example.test'],
      [['backfill', 'INBOX', '--folder', '1'], 'backfill', 'INBOX'],
      [['api', 'threads.list', '{}', 'more'], 'api threads.list {}', 'more'],
      [['api', '--list', 'threads.list'], 'api --list', 'threads.list']
    ] // prettier-ignore
    for (const [args, command, words] of cases) {
      const e = await failure(args, { PW: 'pw' })
      expect({ args, code: e.code }).toEqual({ args, code: 2 })
      expect(e.stderr).toContain(`Unexpected "${words}" after "${command}"`)
      expect(e.stderr).toContain('Usage: rapport')
    }
  })

  it('refuses attachments over 25 MB by their size, before reading them', async () => {
    const big = join(base, 'big.bin')
    // Sparse: 3 GB on paper, nothing on disk. Read whole, it would fail past Node's 2 GB limit.
    writeFileSync(big, '')
    await run('truncate', ['-s', '3G', big])
    const e = await failure([
      'send',
      '--account',
      '1',
      '--to',
      'b@example.test',
      '--subject',
      'Hi',
      '--body-file',
      body,
      '--attach',
      big
    ])
    expect(e.stderr).toMatch(
      /^error ATTACHMENT_TOO_LARGE: The attachments total 3072\.0 MB; the limit is 25 MB/m
    )
  })

  it('says NOT_FOUND for a mailbox that does not exist, not an empty list', async () => {
    for (const args of [
      ['folders', 'list'],
      ['messages', 'list'],
      ['threads', 'list']
    ]) {
      const e = await failure([...args, '--account', '999', '--json'])
      expect(e.code).toBe(1)
      expect(e.stderr).toMatch(/^error NOT_FOUND/)
    }
  })

  it('answers api input that is not an object with INVALID_INPUT, not a crash', async () => {
    const e = await failure(['api', 'backfill.start', 'null'])
    expect(e.code).toBe(1)
    expect(JSON.parse(e.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('names a data directory it cannot open, without a stack trace', async () => {
    try {
      await run(process.execPath, [CLI, '--data-dir', body, 'account', 'list'], { env: process.env })
      throw new Error('expected to fail')
    } catch (error) {
      const e = error as { code: number; stderr: string }
      expect(e.code).toBe(1)
      expect(e.stderr).toMatch(/^error INTERNAL: Rapport could not open its data in .*body\.txt/)
      expect(e.stderr).not.toMatch(/\n\s+at /)
    }
  })

  // procfs says ENOENT to a new folder although its parent is there: Node's recursive mkdir then
  // makes the parent again and retries, forever. Killed after 15 s, the run fails with no code.
  it.runIf(existsSync('/proc/self'))('names a data directory in /proc it cannot make, at once', async () => {
    const dir = '/proc/rapport-test/data'
    const e = await run(process.execPath, [CLI, '--data-dir', dir, 'account', 'list'], {
      env: process.env,
      timeout: 15_000,
      killSignal: 'SIGKILL'
    }).then(
      () => {
        throw new Error('expected to fail')
      },
      (error: unknown) => error as { code: number | null; killed: boolean; stderr: string }
    )
    expect(e.killed).toBe(false)
    expect(e.code).toBe(1)
    expect(e.stderr).toBe(
      `error INTERNAL: Rapport could not open its data in ${dir} (ENOENT). Check that it is a directory you can write to, or choose another with --data-dir.\n`
    )
  })
})
