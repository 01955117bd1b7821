import { useSyncExternalStore } from 'react'
import { getConnectionState, subscribeConnection, type ConnectionState } from './rapport-client'

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribeConnection, getConnectionState)
}
