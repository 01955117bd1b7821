// `rapport backfill` while the app left another folder's "sync older mail" paused: each progress
// line says how far the account's whole backfill is ("older mail in all folders: 20/70, folder 1
// of 2"), as `rapport sync` does for a first import.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore, OverlaySecretStore } from '../../src-main/core/secrets/secret-store'
import { outPath } from '../support/build-output'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { addAliceArgs, runCli } from './fixtures/cli-account'

const PASSWORD_VAR = 'RAPPORT_TEST_PASSWORD'

let server: DovecotServer
let dataDir: string

const rapport = (args: string[]) => runCli(dataDir, args, { [PASSWORD_VAR]: server.users[0]!.password })

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  server = await startDovecot()
  const alice = server.users[0]!
  await server.doveadm(['mailbox', 'create', '-u', alice.user, 'Clients'])
  for (const [path, count] of [
    ['INBOX', 60],
    ['Clients', 30]
  ] as const) {
    const corpus = await generateCorpus({ seed: count, count, selfAddress: 'alice@example.test' })
    await appendMessages(
      server,
      alice.user,
      alice.password,
      path,
      corpus.map((m) => m.raw)
    )
  }
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-backfill-overall-'))
  await rapport([
    ...addAliceArgs(server, { user: 'alice', smtpPort: 1, passwordEnv: PASSWORD_VAR }),
    '--import-limit',
    '10',
    '--skip-verify'
  ])
})

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await server?.stop()
})

/** The app, on the same data directory: starts Clients' older mail and pauses it at once. */
async function pausedInTheApp(clientsId: number): Promise<void> {
  const secrets = new OverlaySecretStore(new MemorySecretStore(null))
  const app = new Core({ dataDir, secrets, log: () => undefined })
  try {
    const [account] = app.workspace.accounts.list()
    secrets.provide(account!.secretRef, server.users[0]!.password)
    const { backfill } = app.workspace.lifecycle
    backfill.start(clientsId)
    backfill.pause(clientsId)
    await backfill.settled()
  } finally {
    app.close()
  }
}

it('prints the overall figure over the folders of the run, ending at its total', async () => {
  await rapport(['sync', '--password-env', PASSWORD_VAR])
  const folders = JSON.parse((await rapport(['folders', 'list', '--json'])).stdout) as Array<{
    id: number
    path: string
  }>
  const inbox = folders.find((f) => f.path === 'INBOX')!
  const clients = folders.find((f) => f.path === 'Clients')!
  await rapport([
    'api',
    'folders.setSync',
    JSON.stringify({ folderId: clients.id, enabled: true }),
    '--password-env',
    PASSWORD_VAR
  ])
  await rapport(['sync', '--password-env', PASSWORD_VAR])
  await pausedInTheApp(clients.id)

  const { stdout, stderr } = await rapport([
    'backfill',
    '--folder',
    String(inbox.id),
    '--password-env',
    PASSWORD_VAR
  ])
  expect(stdout.trim()).toBe('INBOX: 60 of 60 messages, done')
  const figures = [...stderr.matchAll(/older mail in all folders: (\d+)\/(\d+), folder (\d) of 2\)$/gm)].map(
    (m) => m.slice(1).map(Number)
  )
  // At the start only paused Clients' 20 are counted (the app asked its count); INBOX's one batch
  // (50 below its newest 10, fewer than a batch holds) counts and fetches its part. Then INBOX is
  // done and Clients, paused, is the folder the figure goes on with.
  expect(figures).toEqual([
    [0, 20, 1],
    [50, 70, 2]
  ])
}, 120_000)
