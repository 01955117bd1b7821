// Runs any of several contract commands from one place in the UI (a toolbar, a menu), keeping
// the pending state and the last error so that place can show it.
import { useCallback, useState } from 'react'
import type { ApiError, CommandInput, CommandName, Response } from '../../../src-preload/contract'
import { callCommand } from './call-command'

export type CommandRunner = {
  /** Resolves to whether the command succeeded; a failure is kept in `error`. */
  run: <K extends CommandName>(command: K, input: CommandInput<K>) => Promise<boolean>
  pending: boolean
  error: ApiError | null
  clearError: () => void
}

export function useCommandRunner(): CommandRunner {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const run = useCallback(async <K extends CommandName>(command: K, input: CommandInput<K>) => {
    setPending(true)
    setError(null)
    const response: Response<unknown> = await callCommand(command, input)
    setPending(false)
    if (!response.ok) setError(response.error)
    return response.ok
  }, [])
  const clearError = useCallback(() => setError(null), [])
  return { run, pending, error, clearError }
}
