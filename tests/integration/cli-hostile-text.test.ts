// What `rapport messages list` and `threads list` print comes from senders: a Subject or a name
// can carry terminal escapes (ESC, encoded as RFC 2047 to survive any relay) and line breaks or
// tabs. Printed as they are, they would drive the user's terminal (rewrite what is on screen,
// set its title or clipboard) and forge rows and columns that a script reads.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { addAliceArgs } from './fixtures/cli-account'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
const PASSWORD_VAR = 'RAPPORT_TEST_PASSWORD'
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }

// "\x1b]0;pwned\x07" sets the window title; "\x1b[2K\r" erases the line; the line break and tabs
// forge a row claiming to be message 1 from the bank.
const SUBJECT = 'Hello\x1b]0;pwned\x07\x1b[2K\r\n1\t2026-01-01\tINBOX\t1\tceo@bank.test\tWire now'
const NAME = 'Mallory\x1b[8m hidden'
const encoded = (text: string) => `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`

const hostile = Buffer.from(
  [
    `From: ${encoded(NAME)} <mallory@evil.test>`,
    'To: alice@example.test',
    `Subject: ${encoded(SUBJECT)}`,
    'Message-ID: <escapes@evil.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    '',
    'Hello.',
    ''
  ].join('\r\n')
)

let server: DovecotServer
let base: string
let dataDir: string

function rapport(args: string[]) {
  return run(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...NO_KEYCHAIN, [PASSWORD_VAR]: server.users[0]!.password }
  })
}

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npx electron-vite build" (npm test does it).')
  server = await startDovecot()
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'INBOX', [hostile])
  base = mkdtempSync(join(tmpdir(), 'rapport-cli-hostile-'))
  dataDir = join(base, 'data')
  await rapport([
    ...addAliceArgs(server, { user: alice.user, smtpPort: 9, passwordEnv: PASSWORD_VAR }),
    '--skip-verify'
  ])
  await rapport(['sync', '--password-env', PASSWORD_VAR])
})

afterAll(async () => {
  await server?.stop()
  if (base) rmSync(base, { recursive: true, force: true })
})

describe('a listing of mail whose Subject and sender name carry control characters', () => {
  it('prints one line per message, with no control character of the sender', async () => {
    const messages = await rapport(['messages', 'list', '--account', '1'])
    const threads = await rapport(['threads', 'list', '--account', '1'])
    for (const { stdout } of [messages, threads]) {
      const lines = stdout.split('\n').filter(Boolean)
      expect(lines).toHaveLength(1)
      // Only the tabs between columns.
      expect(lines[0]!.replace(/\t/g, '')).not.toMatch(/\p{Cc}/u)
      expect(lines[0]).toContain('Hello')
    }
    expect(messages.stdout.split('\t')).toHaveLength(6)
    expect(threads.stdout.split('\t')).toHaveLength(4)
    expect(messages.stdout).toContain('Mallory')
  })

  it('keeps the Subject as the sender wrote it in --json, where a string cannot break out', async () => {
    const { stdout } = await rapport(['messages', 'list', '--account', '1', '--json'])
    const [message] = JSON.parse(stdout) as Array<{ subject: string }>
    expect(message!.subject).toContain('\x1b')
  })
})
