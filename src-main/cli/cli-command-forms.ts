// Which options and words each command of the command line takes: one table, checked before
// anything is opened, so an option a command does not use is refused rather than ignored.
import { UsageError } from './cli-output'
import type { CliValues } from './cli-values'

/** A command as it may be written: the options it takes and the words after its name. */
interface CommandForm {
  /** Its options, besides --data-dir and --help, which every command takes. */
  options: readonly string[]
  /** The words it takes after its name, as the usage writes them ('' for none; '...' for any number). */
  words?: string
  /** Options that mean something only beside another one, which they need. */
  needs?: Readonly<Record<string, string>>
}

const SERVERS = [
  'imap-host',
  'imap-port',
  'imap-security',
  'smtp-host',
  'smtp-port',
  'smtp-security'
] as const

/**
 * Every command and the options it takes, as USAGE documents them. Anything else on its command
 * line is refused, not ignored: a script given `search x --account 2` or `threads list --folder
 * Sent` would take everything for the filtered result it asked for. A form named with an option
 * ('account add --oauth') is the command written with that option.
 */
export const COMMAND_FORMS: Readonly<Record<string, CommandForm>> = {
  'account add': {
    options: ['email', 'user', 'password-env', ...SERVERS, 'name', 'import-limit', 'skip-verify', 'json']
  },
  'account add --oauth': {
    options: ['oauth', 'email', ...SERVERS, 'name', 'import-limit', 'skip-verify', 'json'],
    // The provider's servers stay unless a host is given.
    needs: {
      'imap-port': 'imap-host',
      'imap-security': 'imap-host',
      'smtp-port': 'smtp-host',
      'smtp-security': 'smtp-host'
    }
  },
  'account signin': { options: ['account', 'json'] },
  'account detect': { options: ['email', 'json'] },
  'account servers': { options: ['account', 'user', ...SERVERS, 'password-env', 'json'] },
  'account set': { options: ['account', 'import-limit', 'json'] },
  'account list': { options: ['json'] },
  'oauth clients': { options: ['json'] },
  'oauth set-client': { options: ['provider', 'client-id', 'secret-env', 'json'] },
  sync: { options: ['account', 'limit', 'password-env', 'json'] },
  'folders list': { options: ['account', 'json'] },
  'messages list': { options: ['account', 'folder', 'limit', 'json'] },
  'threads list': { options: ['account', 'limit', 'json'] },
  send: {
    options: [
      'account',
      'to',
      'cc',
      'bcc',
      'subject',
      'body-file',
      'in-reply-to',
      'quote',
      'attach',
      'no-signature',
      'password-env',
      'json'
    ]
  },
  search: { options: ['kind', 'limit', 'json'], words: '...' },
  backfill: { options: ['folder', 'password-env', 'json'] },
  'api --list': { options: ['list', 'json'] },
  // --password-env (with --account when there are several mailboxes) for a command that signs in;
  // the JSON input, not --account, says which mailbox the command works on.
  api: {
    options: ['account', 'password-env', 'json'],
    words: 'COMMAND [JSON]',
    needs: { account: 'password-env' }
  }
}

const GLOBAL_OPTIONS = ['data-dir', 'help']

/**
 * Refuses, as a usage error, a command line with an option its command does not take or words
 * after it that it does not read, before anything is opened; and an unknown command.
 */
export function checkCommandLine(args: string[], values: CliValues): void {
  const [group = '', verb] = args
  const two = `${group} ${verb}`
  const name = verb !== undefined && two in COMMAND_FORMS ? two : group
  if (!(name in COMMAND_FORMS)) throw new UsageError(`Unknown command: ${args.join(' ')}`)
  const given = Object.keys(values).filter((option) => values[option] !== undefined)
  const variant = given.find((option) => `${name} --${option}` in COMMAND_FORMS)
  const formName = variant ? `${name} --${variant}` : name
  const form = COMMAND_FORMS[formName]!
  const allowed = [...form.options, ...GLOBAL_OPTIONS]
  const stray = given.find((option) => !allowed.includes(option))
  if (stray !== undefined)
    throw new UsageError(
      `${formName} does not take --${stray} (its options: ${form.options.map((o) => `--${o}`).join(', ')}).`
    )
  const alone = given.find(
    (option) => form.needs?.[option] !== undefined && !given.includes(form.needs[option]!)
  )
  if (alone !== undefined)
    throw new UsageError(`${formName} takes --${alone} only with --${form.needs![alone]}.`)
  const words = args.slice(name.split(' ').length)
  const max = form.words === '...' ? Infinity : (form.words ?? '').split(' ').filter(Boolean).length
  if (words.length > max) {
    const taken = [formName, ...words.slice(0, max)].join(' ')
    throw new UsageError(
      `Unexpected "${words.slice(max).join(' ')}" after "${taken}": ` +
        (form.words ? `${formName} takes ${form.words}.` : `${formName} takes no more words.`)
    )
  }
}
