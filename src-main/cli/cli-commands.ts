import { readFileSync, statSync } from 'node:fs'
import {
  commandNames,
  type BackfillStatus,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type ImportLimit
} from '../../src-preload/contract'
import { readableFolderPath } from '../../src-preload/contract/folder-path'
import { withSignature } from '../../src-preload/contract/signature'
import type { Core } from '../core/core'
import { CoreError } from '../core/errors'
import type { OverlaySecretStore } from '../core/secrets/secret-store'
import {
  accountSettingsCommand,
  addOAuthAccount,
  changeServersCommand,
  detectCommand
} from './cli-account-setup'
import { signInAgainCommand } from './cli-account-signin'
import { parseApiInput } from './cli-api-input'
import { readAttachments } from './cli-attachments'
import { backfillCount, runBackfill, untilBackfillSettles } from './cli-backfill'
import { printJson, printRows, readableFolders, unwrap, UsageError } from './cli-output'
import { syncPass } from './cli-sync-pass'
import { oauthClientsCommand, setOAuthClientCommand } from './cli-oauth-clients'
import { int, limitFor, recipients, secretFromEnv, security, str, type CliValues } from './cli-values'

/** `rapport send`'s exit code when the message went out but not to every recipient, or without its Sent copy. */
const SENT_IN_PART = 3

export const USAGE = `Usage: rapport [--data-dir DIR] COMMAND [options]

  account add --email E --imap-host H --imap-port P --imap-security tls|starttls|none
              --smtp-host H --smtp-port P --smtp-security tls|starttls|none
              --user U --password-env VAR [--name NAME] [--import-limit N|all]
              [--skip-verify]   (save without checking the servers, e.g. while offline)
  account add --oauth google|microsoft --email E [--imap-host H ...] [--name NAME]
              [--import-limit N|all] [--skip-verify]   (sign in in the browser, so no --user or
              --password-env; client id from RAPPORT_GOOGLE_CLIENT_ID / RAPPORT_MICROSOFT_CLIENT_ID,
              or "oauth set-client" / the app's Settings)
  account signin --account ID [--json]   (sign a Google or Microsoft mailbox in again in the
              browser: one paused in "sign in again", or disconnected and kept as an archive,
              which comes back with its mail; then syncs it once. A password mailbox signs in
              again with "account servers --account ID --password-env VAR")
  account detect --email E [--json]   (suggested server settings for an address)
  account servers --account ID [--user U] [--imap-host H] [--imap-port P] [--imap-security S]
              [--smtp-host H] [--smtp-port P] [--smtp-security S] [--password-env VAR] [--json]
              (new servers or user name, checked first; what is not given stays; a new host
              needs --password-env)
  account set --account ID --import-limit N|all [--json]   (the newest N per folder: more is
              fetched by the next sync; less removes nothing already stored)
  oauth clients [--json]   (the OAuth client of each provider, and where it comes from)
  oauth set-client --provider google|microsoft --client-id ID [--secret-env VAR]
              (saved in the workspace; the secret goes to the keychain, read from VAR)
  account list [--json]
  sync [--account ID] [--limit N|all] [--password-env VAR]
  folders list [--account ID] [--json]
  messages list [--account ID] [--folder PATH] [--limit N] [--json]
  threads list [--account ID] [--limit N] [--json]
  send --account ID [--to A]... [--cc C]... [--bcc D]... --subject S --body-file F
       [--in-reply-to MESSAGE-ID [--quote]] [--attach FILE]... [--no-signature] [--password-env VAR]
       (at least one of --to, --cc, --bcc;
       each takes addresses as the To field does: 'bob@x.test', 'Budi <bob@x.test>',
       '"Budi, Sales" <bob@x.test>', several separated by commas; --subject '' sends none;
       Bcc only goes out with To: undisclosed-recipients:; at most 25 MB of attachments in total;
       the mailbox's signature goes after the text, below "-- ", unless --no-signature;
       exit 3: sent, but not to every recipient or without its copy in Sent)
  search "QUERY" [--kind messages|contacts|comments] [--limit N] [--json]
         (query language: words, "phrases", @domain, from: to: cc: subject: has:attachment
          in:FOLDER is:unread|read|flagged before:/after:YYYY-MM-DD contact: -negation;
          a query starting with - goes after --)
  backfill --folder ID [--password-env VAR] [--json]   (sync a folder's older mail, to the end)
  api --list
  api COMMAND [JSON] [--password-env VAR [--account ID]]   (backfill.start waits for the
       backfill, as "backfill" does)

Every command also takes --json (its result as one JSON document) and --help. An option a command
does not list here, or a word too many, is refused (exit 2), not ignored.

The data directory is --data-dir, else $RAPPORT_DATA_DIR, else ~/.rapport.
Passwords are read only from the environment variable named by --password-env, never from argv
(api refuses a password or client secret in its JSON).
Without a system keychain, passwords are not kept between runs: pass --password-env to sync and send.
`

function required(values: CliValues, name: string): string {
  const value = str(values, name)
  if (!value) throw new UsageError(`Missing --${name}.`)
  return value
}

function limitOf(value: string | undefined, name: string): ImportLimit | undefined {
  if (value === undefined) return undefined
  return value === 'all' ? 'all' : int(value, name)
}

const passwordFromEnv = (values: CliValues) => secretFromEnv(values, 'password-env')

/** Supplies a --password-env password for this run to the accounts the command will use. */
export function providePassword(
  core: Core,
  secrets: OverlaySecretStore,
  values: CliValues,
  accountId?: number
): void {
  const password = passwordFromEnv(values)
  if (!password) return
  // An OAuth2 account's secret is its token record: a password put there would read as a
  // damaged sign-in and pause the account, in the app too.
  const withPasswords = core.workspace.accounts.list().filter((account) => account.auth !== 'oauth2')
  const chosen = withPasswords.filter((account) => accountId === undefined || account.id === accountId)
  // One password is one mailbox's: given to them all, it would go to every other server too.
  if (accountId === undefined && chosen.length > 1)
    throw new UsageError(
      `--password-env is the password of one mailbox, and there are ${chosen.length}: say which with --account ID (rapport account list shows them).`
    )
  for (const account of chosen) secrets.provide(account.secretRef, password)
}

/** A mailbox id the listing commands were given: one that exists, or NOT_FOUND (not an empty list). */
function existingAccount(core: Core, accountId: number | undefined): number | undefined {
  if (accountId !== undefined) core.workspace.accounts.get(accountId)
  return accountId
}

/**
 * A folder path `messages list` was given: one the mailbox (or any, without --account) has, or
 * NOT_FOUND. A path matches exactly, so "inbox" or a typo listed nothing, as if the folder were empty.
 */
async function existingFolder(core: Core, accountId: number | undefined, path: string | undefined) {
  if (path === undefined) return undefined
  const folders = await call(core, 'folders.list', { accountId })
  if (!folders.some((folder) => folder.path === path))
    throw new CoreError(
      'NOT_FOUND',
      `There is no folder "${path}"${accountId === undefined ? '' : ` in account ${accountId}`}: rapport folders list shows their paths, spelled as the server does.`
    )
  return path
}

/** The text of --body-file, or a usage error saying what is wrong with the path. */
function bodyText(path: string): string {
  let isFile = false
  try {
    isFile = statSync(path).isFile()
  } catch {
    throw new UsageError(`--body-file ${path}: there is no such file.`)
  }
  if (!isFile) throw new UsageError(`--body-file ${path}: that is not a file.`)
  return readFileSync(path, 'utf8')
}

async function call<K extends CommandName>(
  core: Core,
  command: K,
  input: CommandInput<K>
): Promise<CommandOutput<K>> {
  return unwrap(await core.dispatch(command, input)) as CommandOutput<K>
}

export async function runCommand(
  core: Core,
  secrets: OverlaySecretStore,
  args: string[],
  values: CliValues
): Promise<void> {
  const [group, verb, ...rest] = args
  const json = values.json === true
  const accountId = str(values, 'account') ? int(str(values, 'account')!, 'account') : undefined
  switch (`${group} ${verb ?? ''}`.trim()) {
    case 'account detect':
      return detectCommand(core, values, json)
    case 'account servers':
      return changeServersCommand(core, values, accountId, json)
    case 'account set':
      return accountSettingsCommand(core, values, accountId, json)
    case 'account signin':
      return signInAgainCommand(core, accountId, json)
    case 'account add': {
      if (str(values, 'oauth')) return addOAuthAccount(core, values, json)
      const password = passwordFromEnv(values)
      if (!password)
        throw new UsageError('account add needs --password-env VAR (the password is never taken from argv).')
      const email = required(values, 'email')
      const account = await call(core, 'accounts.add', {
        email,
        displayName: str(values, 'name'),
        user: str(values, 'user') ?? email,
        password,
        imap: {
          host: required(values, 'imap-host'),
          port: int(required(values, 'imap-port'), 'imap-port'),
          security: security(required(values, 'imap-security'), 'imap-security')
        },
        smtp: {
          host: required(values, 'smtp-host'),
          port: int(required(values, 'smtp-port'), 'smtp-port'),
          security: security(required(values, 'smtp-security'), 'smtp-security')
        },
        importLimit: limitOf(str(values, 'import-limit'), 'import-limit'),
        skipVerify: values['skip-verify'] === true
      })
      if (core.secrets.warning) process.stderr.write(`Note: ${core.secrets.warning}\n`)
      if (json) printJson(account)
      else process.stdout.write(`${account.id}\n`)
      return
    }
    case 'oauth clients':
      return oauthClientsCommand(core, json)
    case 'oauth set-client':
      return setOAuthClientCommand(core, values, json)
    case 'account list': {
      const accounts = await call(core, 'accounts.list', {})
      if (json) printJson(accounts)
      else printRows(accounts, ['id', 'email', 'displayName'])
      return
    }
    case 'sync': {
      providePassword(core, secrets, values, accountId)
      const limit = str(values, 'limit') === 'all' ? 'all' : limitFor(values, 'sync.run')
      await syncPass(core, accountId, limit, json ? (results) => results : undefined)
      return
    }
    case 'folders list': {
      const folders = await call(core, 'folders.list', { accountId: existingAccount(core, accountId) })
      if (json) printJson(folders)
      else printRows(readableFolders(folders, 'path'), ['id', 'path', 'specialUse', 'messageCount'])
      return
    }
    case 'messages list': {
      const messages = await call(core, 'messages.list', {
        accountId: existingAccount(core, accountId),
        folder: await existingFolder(core, accountId, str(values, 'folder')),
        limit: limitFor(values, 'messages.list') ?? 50
      })
      if (json) printJson(messages)
      else printRows(readableFolders(messages, 'folder'), ['id', 'date', 'folder', 'uid', 'from', 'subject'])
      return
    }
    case 'threads list': {
      const threads = await call(core, 'threads.list', {
        accountId: existingAccount(core, accountId),
        limit: limitFor(values, 'threads.list') ?? 50
      })
      if (json) printJson(threads)
      else printRows(threads, ['id', 'lastMessageAt', 'messageCount', 'subject'])
      return
    }
    default:
      break
  }
  if (group === 'send') {
    const id = int(required(values, 'account'), 'account')
    providePassword(core, secrets, values, id)
    const to = recipients(values, 'to') ?? []
    const cc = recipients(values, 'cc')
    const bcc = recipients(values, 'bcc')
    // Given empty (--subject ''), a message without a subject, as the composer can send; left out, a slip.
    const subject = str(values, 'subject')
    if (subject === undefined) throw new UsageError('Missing --subject.')
    // Bcc alone will do (a newsletter to oneself): it goes out with To: undisclosed-recipients:;
    if (to.length + (cc?.length ?? 0) + (bcc?.length ?? 0) === 0)
      throw new UsageError('send needs at least one recipient: --to, --cc or --bcc.')
    const body = bodyText(required(values, 'body-file'))
    const attachments = readAttachments(values.attach as string[] | undefined)
    // Queued without a password, the message would wait in the Outbox after this command failed,
    // and go out along with the copy a retry of the command sends.
    const account = core.workspace.accounts.get(id)
    // As New message puts it in: the mailbox's signature after the text, below "-- ".
    const text = values['no-signature'] ? body : withSignature(body, account.signature ?? '')
    if (account.auth !== 'oauth2' && (await secrets.get(account.secretRef)) === null)
      throw new UsageError(
        `The password for ${account.email} is not in this computer's keychain: pass it with --password-env VAR. Nothing was sent or queued.`
      )
    const result = await call(core, 'messages.send', {
      accountId: id,
      to,
      cc,
      // Blind copies: in the envelope, not in the header sent (the copy in Sent names them).
      bcc,
      subject,
      text,
      inReplyTo: str(values, 'in-reply-to'),
      // Below the text, the message answered, as the reply box quotes it.
      ...(values.quote === true ? { quote: true } : {}),
      attachments
    })
    if (json) printJson(result)
    else process.stdout.write(`${result.messageId}\n`)
    // Sent, but not to everyone: said on stderr, so a script reading the Message-ID still can.
    if (result.sentCopyError)
      process.stderr.write(
        `Sent, but the server did not keep a copy in the Sent folder: ${result.sentCopyError} (rapport api outbox.list shows it, outbox.retry saves the copy again)\n`
      )
    if (result.sentCopyPending)
      process.stderr.write(
        'Sent. The connection to the mailbox was lost before the copy for the Sent folder was saved; the next sync saves it there.\n'
      )
    for (const refused of result.notSentTo)
      process.stderr.write(
        `Not sent to ${refused.to.join(', ')} (${refused.state === 'retrying' ? 'retried later from the outbox' : 'failed: rapport api outbox.list shows it, outbox.retry sends it again'}): ${refused.reason}\n`
      )
    // Sent, but not all of it done: a script tells this from a clean send by the exit code.
    if (result.sentCopyError || result.notSentTo.length > 0) process.exitCode = SENT_IN_PART
    return
  }
  if (group === 'search') {
    await search(core, [verb, ...rest].filter((part) => part !== undefined).join(' '), values)
    return
  }
  if (group === 'backfill') {
    const folderId = int(required(values, 'folder'), 'folder')
    providePassword(core, secrets, values, core.workspace.folders.find(folderId)?.accountId)
    const status = await runBackfill(core, folderId)
    if (json) printJson(status)
    else
      process.stdout.write(
        `${readableFolderPath(status.folder)}: ${backfillCount(status)}, ${status.state}\n`
      )
    if (status.error) {
      process.stderr.write(`error ${status.error.code}: ${status.error.message}\n`)
      process.exitCode = 1
    }
    return
  }
  if (group === 'api') {
    if (values.list === true || !verb) {
      if (json) printJson(commandNames)
      else process.stdout.write(`${commandNames.join('\n')}\n`)
      return
    }
    const input = parseApiInput(verb, rest[0])
    providePassword(core, secrets, values, accountId)
    const folderId = (input as { folderId?: unknown } | null)?.folderId
    const settled =
      verb === 'backfill.start' && typeof folderId === 'number' ? untilBackfillSettles(core, folderId) : null
    let response = await core.dispatch(verb, input)
    // A background job cannot outlive this process: follow it to the end.
    if (settled && response.ok && (response.value as BackfillStatus).state === 'running')
      response = { ok: true, value: await settled }
    printJson(response)
    if (!response.ok) process.exitCode = 1
    return
  }
  throw new UsageError(`Unknown command: ${args.join(' ')}`)
}

async function search(core: Core, query: string, values: CliValues): Promise<void> {
  if (query.trim() === '')
    throw new UsageError('search needs a query, e.g. rapport search "from:budi invoice".')
  const kind = str(values, 'kind') ?? 'messages'
  if (kind !== 'messages' && kind !== 'contacts' && kind !== 'comments')
    throw new UsageError('--kind must be messages, contacts or comments.')
  const limit = limitFor(values, `search.${kind}`)
  const result =
    kind === 'contacts'
      ? await call(core, 'search.contacts', { query, limit })
      : kind === 'comments'
        ? await call(core, 'search.comments', { query, limit })
        : await call(core, 'search.messages', { query, limit })
  if (values.json === true) return printJson(result)
  if (result.tooShort) {
    process.stderr.write(`Type at least ${result.minLength} characters to search.\n`)
    return
  }
  if ('contacts' in result) printRows(result.contacts, ['id', 'displayName', 'emails', 'phones'])
  else if ('comments' in result) printRows(result.comments, ['id', 'at', 'authorName', 'threadId', 'subject'])
  else printRows(readableFolders(result.hits, 'folder'), ['id', 'date', 'folder', 'from', 'subject'])
}
