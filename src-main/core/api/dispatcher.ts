import { z } from 'zod'
import { commands, type CommandName, type Response } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import type { Handlers } from './handlers'

const isCommand = (name: string): name is CommandName => Object.hasOwn(commands, name)

/**
 * The one entry point every host calls: validates the input against the contract, runs the
 * handler, and turns every outcome into a Response. Nothing throws past this point.
 */
export async function dispatch(
  handlers: Handlers,
  command: string,
  rawInput: unknown,
  log: (message: string) => void
): Promise<Response<unknown>> {
  if (!isCommand(command)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_COMMAND', message: `There is no command named "${command}".` }
    }
  }
  const parsed = commands[command].input.safeParse(rawInput ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: z.prettifyError(parsed.error),
        ...(issue && issue.path.length > 0 ? { field: issue.path.join('.') } : {})
      }
    }
  }
  try {
    const handler = handlers[command] as (input: unknown) => unknown
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    if (error instanceof CoreError) return { ok: false, error: error.toApiError() }
    // Unexpected: log the stack for us, give the user a message that is still actionable.
    log(
      `Command ${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `Something went wrong in Rapport (${error instanceof Error ? error.message : String(error)}). Please try again.`
      }
    }
  }
}
