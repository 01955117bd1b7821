// The `rapport` command: the same core and contract as the app, for scripting and headless use.
import { parseArgs } from 'node:util'
import type { Core } from '../core/core'
import { CoreError } from '../core/errors'
import { createNodeCore, resolveDataDir } from '../core/host/node-core'
import { chooseNodeSecretStore } from '../core/secrets/keyring-secret-store'
import { OverlaySecretStore } from '../core/secrets/secret-store'
import { UsageError } from './cli-output'
import { checkCommandLine } from './cli-command-forms'
import { runCommand, USAGE } from './cli-commands'
import { startResourceReport } from './resource-report'

const reportResources = startResourceReport()

// A reader that stopped early (`rapport search x | head -1`) closes the pipe: what the command
// still has to say goes nowhere, quietly, and it ends as it would have (closing its data cleanly)
// instead of dying on an unhandled EPIPE with Node's stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })

// Every option of every command; which command takes which is COMMAND_FORMS, in cli-command-forms.ts.
// No defaults: an option not written stays undefined, so a flag given where it does not apply shows.
const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  account: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  oauth: { type: 'string' },
  provider: { type: 'string' },
  'client-id': { type: 'string' },
  'secret-env': { type: 'string' },
  'imap-host': { type: 'string' },
  'imap-port': { type: 'string' },
  'imap-security': { type: 'string' },
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  'smtp-security': { type: 'string' },
  'import-limit': { type: 'string' },
  'skip-verify': { type: 'boolean' },
  limit: { type: 'string' },
  kind: { type: 'string' },
  folder: { type: 'string' },
  to: { type: 'string', multiple: true },
  cc: { type: 'string', multiple: true },
  bcc: { type: 'string', multiple: true },
  subject: { type: 'string' },
  'body-file': { type: 'string' },
  'in-reply-to': { type: 'string' },
  quote: { type: 'boolean' },
  attach: { type: 'string', multiple: true },
  'no-signature': { type: 'boolean' }
} as const

/** The command line, or a usage error saying what is wrong with it (not Node's stack trace). */
function parseCommandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS })
  } catch (error) {
    const e = error as Error & { code?: string }
    if (!e.code?.startsWith('ERR_PARSE_ARGS')) throw error
    process.stderr.write(`${e.message}\n\n${USAGE}`)
    process.exit(2)
  }
}

const { values, positionals } = parseCommandLine()

if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
if (positionals.length === 0) {
  process.stderr.write(USAGE)
  process.exit(2)
}

const secrets = new OverlaySecretStore(chooseNodeSecretStore())
let core: Core | null = null
try {
  // An option or word the command does not take is refused before the data is opened.
  checkCommandLine(positionals, values)
  const dataDir = resolveDataDir(values['data-dir'])
  core = openCore(dataDir)
  await runCommand(core, secrets, positionals, values)
} catch (error) {
  const e = error as Error & { code?: string }
  if (error instanceof UsageError) {
    process.stderr.write(`${e.message}\n\n${USAGE}`)
    process.exitCode = 2
  } else {
    process.stderr.write(`error ${e.code ?? 'INTERNAL'}: ${e.message}\n`)
    process.exitCode = 1
  }
} finally {
  // The search index is rebuilt (after an upgrade) and compacted (after large imports) in the
  // background: finish before closing. The rebuild would resume at the next run, but a
  // command-line user may have no other.
  const index = core?.workspace.searchIndex.status()
  if (index?.rebuilding)
    process.stderr.write(
      `Updating the search index for this version of Rapport (${index.done} of ${index.total} messages done)…\n`
    )
  await core?.workspace.searchIndex.settled()
  await core?.workspace.compactor.settled()
  core?.close()
  reportResources()
}

/** The core on `dataDir`, or an error that names the directory instead of a stack trace. */
function openCore(dataDir: string): Core {
  try {
    // A search index page that fails is not tried again in a while: the command exits first.
    return createNodeCore(dataDir, secrets, { sync: { searchIndexRetryDelaysMs: [] } })
  } catch (error) {
    const e = error as Error & { code?: string }
    // Another Rapport process (the app, a sync) held its write for longer than the wait.
    if (e.code?.startsWith('SQLITE_BUSY') || e.code?.startsWith('SQLITE_LOCKED'))
      throw new CoreError(
        'INTERNAL',
        `Rapport could not open its data in ${dataDir}: another Rapport process (the app, or a rapport command) is writing to it. Wait for it to finish, then try again.`
      )
    throw new CoreError(
      'INTERNAL',
      `Rapport could not open its data in ${dataDir} (${e.code ?? e.message}). Check that it is a directory you can write to, or choose another with --data-dir.`
    )
  }
}
