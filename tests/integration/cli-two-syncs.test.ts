// Two `rapport sync` runs on one data directory, as a cron job beside a sync typed by hand (or
// the app): each waits for the other's batch, and neither fails for it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { outPath } from '../support/build-output'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { addAliceArgs, runCli } from './fixtures/cli-account'

const PASSWORD_VAR = 'RAPPORT_TEST_PASSWORD'
// Enough batches that the two passes commit between each other's reads and writes many times.
const MAILBOX_SIZE = 1500

let server: DovecotServer
let dataDir: string

const rapport = (args: string[]) => runCli(dataDir, args, { [PASSWORD_VAR]: server.users[0]!.password })

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  server = await startDovecot()
  const alice = server.users[0]!
  const corpus = await generateCorpus({ seed: 58, count: MAILBOX_SIZE, selfAddress: 'alice@example.test' })
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'INBOX',
    corpus.map((m) => m.raw)
  )
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-two-syncs-'))
  await rapport([
    ...addAliceArgs(server, { user: 'alice', smtpPort: 1, passwordEnv: PASSWORD_VAR }),
    '--import-limit',
    'all',
    '--skip-verify'
  ])
})

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await server?.stop()
})

it('two syncs at once both finish, and store the mail once', async () => {
  const sync = () =>
    rapport(['sync', '--password-env', PASSWORD_VAR]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
    )
  const results = await Promise.all([sync(), sync()])
  // Before, the pass that met the other's commit between a read and a write of one of its
  // transactions failed at once: "another Rapport process … is writing to the same data directory".
  expect(results.map((r) => (r.code === 0 ? 0 : r.stderr.trim().split('\n').at(-1)))).toEqual([0, 0])
  const messages = JSON.parse(
    (await rapport(['messages', 'list', '--json', '--limit', '100000'])).stdout
  ) as Array<{
    messageId: string
  }>
  expect(new Set(messages.map((m) => m.messageId)).size).toBe(MAILBOX_SIZE)
  expect(messages).toHaveLength(MAILBOX_SIZE)
}, 120_000)
