import type { ImportLimit } from '../../../src-preload/contract'

export type UidPlan = {
  /** Mail that arrived since the last pass, oldest first. Always fetched in full. */
  newer: number[]
  /** Older mail still inside the import window, newest first. */
  older: number[]
}

/**
 * Decides which UIDs a pass fetches. The import window is "the newest N of the folder": new
 * mail is always fetched, then older mail below what we already have until the folder holds N.
 * Because progress is recorded per committed batch, an interrupted import resumes here.
 */
export function planUids(input: {
  serverUids: number[]
  uidNext: number | null
  lowestSyncedUid: number | null
  localCount: number
  /** UIDs of mail Rapport purged from Trash (trash_purged): never fetched again. */
  purged: ReadonlySet<number>
  limit: ImportLimit
  /**
   * Which of these UIDs the folder holds already: placed by a move of Rapport's (COPYUID), or
   * matched again after a renumbering. They are not fetched, and, counted in localCount already,
   * not counted again against the window.
   */
  stored?: (uids: number[]) => ReadonlySet<number>
}): UidPlan {
  const all = [...input.serverUids].sort((a, b) => a - b)
  const uids = all.filter((uid) => !input.purged.has(uid))
  const above = input.uidNext === null ? [] : uids.filter((uid) => uid >= input.uidNext!)
  const stored = input.stored?.(above)
  const newer = stored ? above.filter((uid) => !stored.has(uid)) : above
  const want = input.limit === 'all' ? Number.POSITIVE_INFINITY : input.limit
  // Purged mail still on the server keeps its place in the window: left out of the count, each
  // purge would pull the next older Trash mail in, to be kept another 30 days. (A delta listing
  // holds only new mail, so none is counted then; it plans no older mail either.)
  const purgedHere = all.length - uids.length
  const budget = Math.max(0, want - input.localCount - purgedHere - newer.length)
  const below = input.lowestSyncedUid ?? Number.POSITIVE_INFINITY
  const older = uids
    .filter((uid) => uid < below && (input.uidNext === null || uid < input.uidNext))
    .reverse()
    .slice(0, budget)
  return { newer, older }
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** "1:3,7,9:10": compact UID sets keep FETCH commands short. */
export function toSequenceSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b)
  const parts: string[] = []
  let start = sorted[0]
  let prev = start
  for (const uid of sorted.slice(1).concat(Number.NaN)) {
    if (uid === prev! + 1) {
      prev = uid
      continue
    }
    if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`)
    start = uid
    prev = uid
  }
  return parts.join(',')
}

/** Items grouped by a key, in the order each key first appears. */
export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item])
  return out
}

/** Consecutive groups of at most `count` items and `bytes` in all (an item larger alone still forms a group). */
export function splitBy<T>(
  items: T[],
  sizeOf: (item: T) => number,
  limits: { count: number; bytes: number }
): T[][] {
  const groups: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    if (current.length > 0 && (current.length >= limits.count || bytes + size > limits.bytes)) {
      groups.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) groups.push(current)
  return groups
}
