// The JSON input of `rapport api COMMAND JSON`. It is an argument, so it lands in the shell's
// history and in every process listing: a secret in it is refused (the CLI takes secrets only
// from the environment), and input that is not JSON is not repeated back, as it may hold one.
import { UsageError } from './cli-output'

/** The input fields that hold a secret, and the command that takes each from the environment. */
const SECRET_FIELDS: Record<string, string> = {
  password:
    'rapport account add --password-env VAR, or rapport account servers --account ID --password-env VAR to sign in again',
  clientSecret: 'rapport oauth set-client --provider P --client-id ID --secret-env VAR'
}

export function parseApiInput(command: string, text: string | undefined): unknown {
  if (text === undefined) return {}
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    // Only where the mistake is: V8's own message may quote the text around it.
    const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message)
    throw new UsageError(`The input for ${command} is not valid JSON${where ? ` (${where[0]})` : ''}.`)
  }
  if (input === null || typeof input !== 'object') return input
  for (const [field, instead] of Object.entries(SECRET_FIELDS)) {
    if (typeof (input as Record<string, unknown>)[field] === 'string')
      throw new UsageError(
        `${command}: a ${field} is never taken from the command line, where the shell's history and process listings keep it. Put it in an environment variable and use ${instead}.`
      )
  }
  return input
}
