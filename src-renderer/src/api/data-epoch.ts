// A counter that changes whenever everything shown may be stale at once: the workspace was
// switched (main <-> sample) or the connection to the core came back. Every query hook
// depends on it, so bumping it re-queries the whole UI without caching anything here.
import { useSyncExternalStore } from 'react'
import { getApi, getConnectionState, subscribeConnection } from './rapport-client'

let epoch = 0
const listeners = new Set<() => void>()

export function bumpDataEpoch(): void {
  epoch++
  for (const listener of listeners) listener()
}

/** The counter now, for caches outside React that must drop what an earlier epoch read. */
export function currentDataEpoch(): number {
  return epoch
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useDataEpoch(): number {
  return useSyncExternalStore(subscribe, () => epoch)
}

/** Wires the triggers once at startup; returns a function that removes them. */
export function installDataEpochTriggers(): () => void {
  let wasLost = false
  const offConnection = subscribeConnection(() => {
    const state = getConnectionState()
    if (state === 'lost' || state === 'reconnecting') wasLost = true
    if (state === 'open' && wasLost) {
      wasLost = false
      bumpDataEpoch()
    }
  })
  const offSwitch = getApi().on('workspace.switched', () => bumpDataEpoch())
  return () => {
    offConnection()
    offSwitch()
  }
}
