// The `rapport` command: the same core and contract as the app, for scripting and headless use.
import { parseArgs } from 'node:util'
import { createNodeCore, resolveDataDir } from '../core/host/node-core'
import { chooseNodeSecretStore } from '../core/secrets/keyring-secret-store'
import { OverlaySecretStore } from '../core/secrets/secret-store'
import { UsageError } from './cli-output'
import { runCommand, USAGE } from './cli-commands'
import { startResourceReport } from './resource-report'

const reportResources = startResourceReport()

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
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
    'skip-verify': { type: 'boolean', default: false },
    limit: { type: 'string' },
    kind: { type: 'string' },
    folder: { type: 'string' },
    to: { type: 'string', multiple: true },
    cc: { type: 'string', multiple: true },
    subject: { type: 'string' },
    'body-file': { type: 'string' },
    'in-reply-to': { type: 'string' },
    attach: { type: 'string', multiple: true }
  }
})

if (values.help || positionals.length === 0) {
  process.stdout.write(USAGE)
  process.exit(values.help ? 0 : 2)
}

const secrets = new OverlaySecretStore(chooseNodeSecretStore())
const core = createNodeCore(resolveDataDir(values['data-dir']), secrets)
try {
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
  // The search index is compacted in the background after large imports: finish before closing.
  await core.workspace.compactor.settled()
  core.close()
  reportResources()
}
