// A command the user triggers (add account, send, sync now), with its pending state and the
// last error kept where the action happened.
import { useCallback, useState } from 'react'
import type {
  ApiError,
  CommandInput,
  CommandName,
  CommandOutput,
  Response
} from '../../../src-preload/contract'
import { callCommand } from './call-command'

export type Mutation<K extends CommandName> = {
  run: (input: CommandInput<K>) => Promise<Response<CommandOutput<K>>>
  pending: boolean
  error: ApiError | null
  reset: () => void
}

export function useMutation<K extends CommandName>(command: K): Mutation<K> {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const run = useCallback(
    async (input: CommandInput<K>) => {
      setPending(true)
      setError(null)
      const response = await callCommand(command, input)
      setPending(false)
      if (!response.ok) setError(response.error)
      return response
    },
    [command]
  )
  const reset = useCallback(() => setError(null), [])
  return { run, pending, error, reset }
}
