// One sync pass from the command line, with its progress on stderr: `rapport sync`, and the pass
// that follows `rapport account signin` (a CLI process runs no real time to start one).
import type { CommandOutput, ImportLimit, SyncProgress } from '../../src-preload/contract'
import type { Core } from '../core/core'
import { printJson, printUnstored, terminalText, unwrap } from './cli-output'

type SyncResults = CommandOutput<'sync.run'>

/**
 * Runs one pass (of one account, or all) with each folder's progress on stderr; then prints its
 * results, one line per account on stderr or, with `jsonOf` (--json), the one document it makes
 * of them on stdout; and the mail the pass could not store.
 */
export async function syncPass(
  core: Core,
  accountId: number | undefined,
  limit: ImportLimit | undefined,
  jsonOf?: (results: SyncResults) => unknown
): Promise<SyncResults> {
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name !== 'sync.progress') return
    const p = payload as SyncProgress
    if (p.phase !== 'fetching' && p.phase !== 'done') return
    // While an import is under way, the whole account's figure too: "INBOX: 120/500 (all
    // folders: 420/2000, folder 1 of 6)".
    const overall = p.overall
      ? ` (all folders: ${p.overall.done}/${p.overall.total}, folder ${p.overall.folderNumber} of ${p.overall.folders})`
      : ''
    process.stderr.write(`${terminalText(p.folder)}: ${p.done}/${p.total}${overall}\n`)
  })
  try {
    const results = unwrap(await core.dispatch('sync.run', { accountId, limit })) as SyncResults
    if (jsonOf) printJson(jsonOf(results))
    else for (const r of results) process.stderr.write(`account ${r.accountId}: ${r.fetched} new messages\n`)
    printUnstored(
      unwrap(await core.dispatch('sync.unstored', { accountId })) as CommandOutput<'sync.unstored'>
    )
    return results
  } finally {
    unsubscribe()
  }
}
