import { normalizeFlags } from '../store/message-flags'
import type { ServerFlags } from '../store/location-store'

/** Stored UIDs the server no longer has: expunged (or moved away) since the last pass. */
export function expungedUids(localUids: Iterable<number>, serverUids: Iterable<number>): number[] {
  const server = new Set(serverUids)
  return [...localUids].filter((uid) => !server.has(uid)).sort((a, b) => a - b)
}

/** Without CONDSTORE: the fetched flags that differ from what is stored. */
export function changedFlags(local: ReadonlyMap<number, string[]>, server: ServerFlags[]): ServerFlags[] {
  return server.filter((s) => {
    const stored = local.get(s.uid)
    return stored !== undefined && normalizeFlags(stored).join(' ') !== normalizeFlags(s.flags).join(' ')
  })
}

/**
 * Whether flag changes can be asked for with CHANGEDSINCE: the server keeps mod-sequences for
 * the folder and we have a HIGHESTMODSEQ from a committed pass to start from.
 */
export function canUseCondstore(input: {
  serverHighestModseq: bigint | undefined
  noModseq: boolean
  storedHighestModseq: string | null
}): boolean {
  return input.serverHighestModseq !== undefined && !input.noModseq && input.storedHighestModseq !== null
}
