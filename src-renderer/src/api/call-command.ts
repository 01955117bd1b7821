// Calls a contract command by its name ("threads.list"), typed from the contract. Hooks use
// this so a query can be described by data (name + input) instead of a closure.
import type { CommandInput, CommandName, CommandOutput, Response } from '../../../src-preload/contract'
import { takeEarlyAnswer } from './first-screen'
import { getApi } from './rapport-client'

type AnyCommand = (input?: unknown) => Promise<Response<unknown>>

export function callCommand<K extends CommandName>(
  name: K,
  input: CommandInput<K>
): Promise<Response<CommandOutput<K>>> {
  // The boot entry may have asked this already, before the app's code was loaded.
  const early = takeEarlyAnswer(name, input)
  if (early) return early as Promise<Response<CommandOutput<K>>>
  const [domain, verb] = name.split('.') as [string, string]
  const group = (getApi() as unknown as Record<string, Record<string, AnyCommand>>)[domain]
  const command = group?.[verb]
  if (!command) {
    return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: name } })
  }
  // The Electron preload could reject if IPC breaks; the UI only ever deals with error values.
  return (command(input) as Promise<Response<CommandOutput<K>>>).catch((error: unknown) => ({
    ok: false as const,
    error: { code: 'INTERNAL' as const, message: String(error) }
  }))
}
