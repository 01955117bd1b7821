// "Sync older mail" from the command line. In the app a backfill runs in the background while
// the window is open; a CLI process would exit at once and leave it waiting for the next start,
// so here the command follows it to the end (or its first failure), printing progress.
import type { BackfillStatus } from '../../src-preload/contract'
import { readableFolderPath } from '../../src-preload/contract/folder-path'
import type { Core } from '../core/core'
import { terminalText, unwrap } from './cli-output'

/** Resolves with the folder's backfill status once it is no longer running, or has failed. */
export function untilBackfillSettles(core: Core, folderId: number): Promise<BackfillStatus> {
  return new Promise((resolve) => {
    const stop = core.events.subscribe((name, payload) => {
      if (name !== 'sync.backfill') return
      const status = payload as BackfillStatus
      if (status.folderId !== folderId) return
      process.stderr.write(
        `${terminalText(readableFolderPath(status.folder))}: ${backfillCount(status)}${overallCount(status)}\n`
      )
      // A failed batch is retried later in the app; a command reports it and ends instead.
      if (status.state === 'running' && !status.error) return
      stop()
      resolve(status)
    })
  })
}

/**
 * "120 of 300 messages", or "120 messages" before a batch has counted the server's (total 0):
 * "120 of 120" would call the folder complete.
 */
export const backfillCount = (status: Pick<BackfillStatus, 'done' | 'total'>): string =>
  status.total > 0 ? `${status.done} of ${status.total} messages` : `${status.done} messages`

/**
 * The account's whole "sync older mail", when it covers other folders too (started in the app):
 * " (older mail in all folders: 120/900, folder 1 of 3)".
 */
export const overallCount = ({ overall }: Pick<BackfillStatus, 'overall'>): string =>
  // Until a batch has counted the server's mail, "0/0" would say nothing.
  overall && overall.folders > 1 && overall.total > 0
    ? ` (older mail in all folders: ${overall.done}/${overall.total}, folder ${overall.folderNumber} of ${overall.folders})`
    : ''

/** Starts (or resumes) the backfill and waits for it; the exit code says whether it completed. */
export async function runBackfill(core: Core, folderId: number): Promise<BackfillStatus> {
  const settled = untilBackfillSettles(core, folderId)
  const started = unwrap(await core.dispatch('backfill.start', { folderId })) as BackfillStatus
  return started.state === 'running' ? settled : started
}
