// Runs any of several contract commands from one place in the UI (a toolbar, a menu), keeping
// the pending state and the last error so that place can show it.
import { useCallback, useState } from 'react'
import type {
  ApiError,
  CommandInput,
  CommandName,
  CommandOutput,
  Response
} from '../../../src-preload/contract'
import { callCommand } from './call-command'

export type CommandRunner = {
  /** Resolves to whether the command succeeded; a failure is kept in `error`. */
  run: <K extends CommandName>(command: K, input: CommandInput<K>) => Promise<boolean>
  /** The same, for a caller that needs the command's answer. */
  call: <K extends CommandName>(command: K, input: CommandInput<K>) => Promise<Response<CommandOutput<K>>>
  pending: boolean
  error: ApiError | null
  clearError: () => void
}

export function useCommandRunner(): CommandRunner {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const call = useCallback(async <K extends CommandName>(command: K, input: CommandInput<K>) => {
    setPending(true)
    setError(null)
    const response = await callCommand(command, input)
    setPending(false)
    if (!response.ok) setError(response.error)
    return response
  }, [])
  const run = useCallback(
    async <K extends CommandName>(command: K, input: CommandInput<K>) => (await call(command, input)).ok,
    [call]
  )
  const clearError = useCallback(() => setError(null), [])
  return { run, call, pending, error, clearError }
}
