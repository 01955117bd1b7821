// The account-wide figure of "sync older mail": older mail fetched over all the folders of the
// current run, out of what they hold below what each held when it joined, and which folder this
// is ("All folders: 420 / 2,000, folder 1 of 6"), as the first import shows (import-tally.ts).
import type { ImapFlow } from 'imapflow'
import type { BackfillRepository, RunRow } from './backfill-repository'
import type { FolderRecord } from './folder-repository'
import { askStatuses, ImportTally, type Overall } from './import-tally'

/**
 * Worked out from the run's rows, not kept in memory: a pause, a resume and a restart go on with
 * the same figure. A folder counts only what it fetched since it joined; its server count is its
 * last batch's (or STATUS's, before its first batch), and once it is done, what it did not fetch
 * is no longer to come. Folders done come first: "folder k of n" is the next one after them.
 */
export function backfillOverall(run: RunRow[], held: (folderId: number) => number): Overall | undefined {
  if (run.length === 0) return undefined
  const ordered = [...run.filter((r) => r.state === 'done'), ...run.filter((r) => r.state !== 'done')]
  const tally = ImportTally.of(
    ordered.map((row) => {
      const fetched = Math.max(0, held(row.folderId) - row.base)
      return [row.folderId, { base: 0, fetched, total: Math.max(fetched, row.total - row.base) }]
    })
  )
  for (const row of ordered) if (row.state === 'done') tally.finished(row.folderId)
  const next = ordered.find((r) => r.state !== 'done') ?? run[run.length - 1]
  tally.starting(next?.folderId ?? 0)
  return tally.overall()
}

/**
 * Asks the server's count (STATUS) of the run's folders no batch has counted yet, within the
 * STATUS time budget, so the total covers every folder of the run from the start instead of
 * growing as each one's first batch comes. Returns the folders asked (fewer once time ran out):
 * asked once, as one the server will not tell about waits for its own first batch.
 */
export async function measureRun(
  client: ImapFlow,
  unmeasured: FolderRecord[],
  repo: Pick<BackfillRepository, 'recordServerCount'>,
  now: () => number = Date.now
): Promise<number[]> {
  if (unmeasured.length === 0) return []
  const statuses = await askStatuses(client, unmeasured, undefined, now)
  statuses.forEach((status, i) => {
    const messages = status?.messages
    const folder = unmeasured[i]
    if (folder && messages !== undefined && messages > 0) repo.recordServerCount(folder.id, messages)
  })
  return unmeasured.slice(0, statuses.length).map((f) => f.id)
}
