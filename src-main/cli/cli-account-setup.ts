// `rapport account detect`, `rapport account add --oauth`, `rapport account servers` and
// `rapport account set`: account set-up commands that go beyond a typed-in password, kept apart
// from cli-commands.ts.
import type {
  Account,
  DetectedSettings,
  OAuthProvider,
  Security,
  ServerSettings
} from '../../src-preload/contract'
import type { Core } from '../core/core'
import { printJson, unwrap, UsageError } from './cli-output'
import { int, secretFromEnv, security, str, type CliValues } from './cli-values'

function email(values: CliValues): string {
  const value = str(values, 'email')
  if (!value) throw new UsageError('Missing --email.')
  return value
}

const line = (s: ServerSettings) => `${s.host} ${s.port} ${s.security}`

/**
 * Prints the suggested settings for an address (table, autoconfig, SRV, MX or a guess). A domain
 * that says it has no IMAP server gets no imap/smtp lines, and stderr says what to do instead.
 */
export async function detectCommand(core: Core, values: CliValues, json: boolean): Promise<void> {
  const found = unwrap(await core.dispatch('accounts.detect', { email: email(values) })) as DetectedSettings
  if (json) return printJson(found)
  const servers = (['imap', 'smtp'] as const).flatMap((kind) => {
    const server = found[kind]
    return server ? [`${kind} ${line(server)}\n`] : []
  })
  process.stdout.write(
    `source ${found.source}\nuser ${found.user}\n${servers.join('')}` +
      (found.oauthProvider ? `oauth ${found.oauthProvider}\n` : '')
  )
  if (found.source === 'none') {
    process.stderr.write(
      'This domain says it has no IMAP server. Pass the servers your provider gave you to ' +
        '"account add" with --imap-host/--imap-port/--imap-security and --smtp-host/--smtp-port/--smtp-security.\n'
    )
  }
}

function server(values: CliValues, kind: 'imap' | 'smtp'): ServerSettings | undefined {
  const host = str(values, `${kind}-host`)
  if (!host) return undefined
  const port = Number(str(values, `${kind}-port`))
  const security = str(values, `${kind}-security`) as Security | undefined
  if (!Number.isInteger(port) || !security) {
    throw new UsageError(`--${kind}-host needs --${kind}-port and --${kind}-security as well.`)
  }
  return { host, port, security }
}

function importLimit(value: string | undefined): number | 'all' | undefined {
  if (value === undefined || value === 'all') return value
  if (!/^\d+$/.test(value))
    throw new UsageError(`--import-limit must be a whole number or all, not "${value}".`)
  return Number(value)
}

/**
 * Adds an account through the provider's sign-in page: the core prints the address to open
 * (stderr), waits on a loopback port for the browser to come back, and stores the tokens.
 */
export async function addOAuthAccount(core: Core, values: CliValues, json: boolean): Promise<void> {
  const provider = str(values, 'oauth')
  if (provider !== 'google' && provider !== 'microsoft') {
    throw new UsageError('--oauth must be google or microsoft.')
  }
  const started = unwrap(
    await core.dispatch('accounts.oauthStart', { email: email(values), provider: provider as OAuthProvider })
  ) as { flowId: string }
  process.stderr.write('Waiting for the sign-in to finish in the browser…\n')
  const account = unwrap(
    await core.dispatch('accounts.oauthFinish', {
      flowId: started.flowId,
      displayName: str(values, 'name'),
      imap: server(values, 'imap'),
      smtp: server(values, 'smtp'),
      importLimit: importLimit(str(values, 'import-limit')),
      skipVerify: values['skip-verify'] === true || undefined
    })
  ) as { id: number }
  if (json) printJson(account)
  else process.stdout.write(`${account.id}\n`)
}

/**
 * New servers or user name for an account (`accounts.updateServers`): each part not given stays
 * as it is. The core signs in with them before saving; a new host needs --password-env.
 */
export async function changeServersCommand(
  core: Core,
  values: CliValues,
  accountId: number | undefined,
  json: boolean
): Promise<void> {
  if (accountId === undefined) throw new UsageError('account servers needs --account ID.')
  const accounts = unwrap(await core.dispatch('accounts.list', {})) as Account[]
  const account = accounts.find((a) => a.id === accountId)
  if (!account) throw new UsageError(`There is no account ${accountId} (see "rapport account list").`)
  const merged = (kind: 'imap' | 'smtp'): ServerSettings => {
    const port = str(values, `${kind}-port`)
    const chosen = str(values, `${kind}-security`)
    return {
      host: str(values, `${kind}-host`) ?? account[kind].host,
      port: port === undefined ? account[kind].port : int(port, `${kind}-port`),
      security: chosen === undefined ? account[kind].security : security(chosen, `${kind}-security`)
    }
  }
  const password = secretFromEnv(values, 'password-env')
  const updated = unwrap(
    await core.dispatch('accounts.updateServers', {
      accountId,
      user: str(values, 'user') ?? account.user,
      ...(password ? { password } : {}),
      imap: merged('imap'),
      smtp: merged('smtp')
    })
  ) as Account
  if (json) return printJson(updated)
  process.stdout.write(`user ${updated.user}\nimap ${line(updated.imap)}\nsmtp ${line(updated.smtp)}\n`)
}

/**
 * `rapport account set`: the mailbox's settings that need no server check. Today the import
 * depth: a deeper one is fetched by the next `rapport sync`; a shallower one removes nothing.
 */
export async function accountSettingsCommand(
  core: Core,
  values: CliValues,
  accountId: number | undefined,
  json: boolean
): Promise<void> {
  if (accountId === undefined) throw new UsageError('account set needs --account ID.')
  const limit = importLimit(str(values, 'import-limit'))
  if (limit === undefined)
    throw new UsageError('account set needs a setting to change: --import-limit N|all.')
  const updated = unwrap(await core.dispatch('accounts.update', { accountId, importLimit: limit })) as Account
  if (json) return printJson(updated)
  process.stdout.write(`import-limit ${updated.importLimit}\n`)
}
