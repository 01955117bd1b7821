// A typed `core.dispatch` for tests: resolves to the command's output, and fails the test with
// the error code and message when the core answers with an error.
import type { CommandInput, CommandName, CommandOutput } from '../../src-preload/contract'
import type { Core } from '../../src-main/core/core'

export type CoreCall = <K extends CommandName>(
  command: K,
  input: CommandInput<K>
) => Promise<CommandOutput<K>>

export function coreCaller(core: Core | (() => Core)): CoreCall {
  return async (command, input) => {
    const target = typeof core === 'function' ? core() : core
    const response = await target.dispatch(command, input)
    if (!response.ok) throw new Error(`${command} failed: ${response.error.code} ${response.error.message}`)
    return response.value as CommandOutput<typeof command>
  }
}
