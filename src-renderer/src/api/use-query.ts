// The data layer of the renderer: a command's result held in component state, re-queried when a
// `changed` event names one of the tables it reads, or when the data epoch moves. Server data
// is never cached elsewhere (no zustand), so there is nothing to invalidate.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, CommandInput, CommandName, CommandOutput } from '../../../src-preload/contract'
import type { Response } from '../../../src-preload/contract'
import { callCommand } from './call-command'
import { onTablesChanged } from './changed-tables'
import { useDataEpoch } from './data-epoch'
import { isEarlyValueFresh, takeEarlyValue, type EarlyValue } from './first-screen'

export type QueryResult<T> = {
  data: T | undefined
  error: ApiError | null
  /** True while the first result for the current input is awaited (not on background refreshes). */
  loading: boolean
  reload: () => void
}

type State<T> = { key: string | null; data: T | undefined; error: ApiError | null; settled: boolean }

/**
 * @param input null skips the query (e.g. nothing selected).
 * @param tables the tables the result is read from; a `changed` event naming any re-runs it.
 */
export function useQuery<K extends CommandName>(
  command: K,
  input: CommandInput<K> | null,
  tables: readonly string[]
): QueryResult<CommandOutput<K>> {
  const inputKey = input === null ? null : JSON.stringify(input)
  const tablesKey = tables.join(',')
  const epoch = useDataEpoch()
  const [nonce, setNonce] = useState(0)
  // The first screen's answers may be here before this hook (first-screen.ts): then the first
  // render already shows them, saving a render and a commit of the whole window.
  const seed = useRef<EarlyValue | undefined>(undefined)
  const [state, setState] = useState<State<CommandOutput<K>>>(() => {
    seed.current = inputKey === null ? undefined : takeEarlyValue(command, JSON.parse(inputKey))
    const response = seed.current?.response as Response<CommandOutput<K>> | undefined
    if (!response) return { key: null, data: undefined, error: null, settled: false }
    return response.ok
      ? { key: inputKey, data: response.value, error: null, settled: true }
      : { key: inputKey, data: undefined, error: response.error, settled: true }
  })

  useEffect(() => {
    if (inputKey === null) return
    const parsedInput = JSON.parse(inputKey) as CommandInput<K>
    const early = seed.current
    seed.current = undefined
    let disposed = false
    let inFlight = false
    let dirty = false
    // One request at a time per query; changes arriving meanwhile cause exactly one more run.
    const run = (): void => {
      if (inFlight) {
        dirty = true
        return
      }
      inFlight = true
      void callCommand(command, parsedInput).then((response) => {
        inFlight = false
        if (disposed) return
        setState((previous) => {
          const sameKey = previous.key === inputKey
          return response.ok
            ? { key: inputKey, data: response.value, error: null, settled: true }
            : {
                key: inputKey,
                data: sameKey ? previous.data : undefined,
                error: response.error,
                settled: true
              }
        })
        if (dirty) {
          dirty = false
          run()
        }
      })
    }
    // Subscribed before the freshness check, so no change can fall between the two.
    const off = onTablesChanged(tablesKey.split(',').filter(Boolean), run)
    if (!(early && isEarlyValueFresh(early))) run()
    return () => {
      disposed = true
      off()
    }
  }, [command, inputKey, tablesKey, epoch, nonce])

  const reload = useCallback(() => setNonce((n) => n + 1), [])
  const current = state.key === inputKey
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: inputKey !== null && !(current && state.settled),
    reload
  }
}
