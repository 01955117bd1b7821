import { availableParallelism } from 'node:os'

/**
 * V8 flags of the process the core runs in (the app's utility process; the sync benchmark starts
 * the CLI with them too). They apply to the parse workers as well: V8's flags are per process.
 *
 * - `--max-semi-space-size=8`: storing mail makes short-lived garbage quickly and V8 would grow
 *   the young generation to 3 × 16 MB for it; at 8 MB semi-spaces a 10k import peaked 15–20 MB
 *   lower at the same CPU time. Parse workers set their own young generation (parse-pool.ts).
 * - `--heap-growing-percent=50`: after a full GC, V8 lets the old generation grow by up to 4×
 *   before the next one. The core's live heap during an import is ~30 MB, yet it reached 80–90 MB
 *   of mostly garbage (a heap snapshot at the peak held 28.5 MB). Growing by 1.5× instead cut a
 *   10k import's peak RSS from ~270 to ~208 MB and a 100k import's from 288 to 223 MB, at the
 *   same time (2026-12-04; 20 % cost ~5 % more CPU, 100 % peaked at 233 MB).
 * - `--single-threaded-gc`, on two cores or fewer: V8 runs GC on four helper threads besides the
 *   one collecting. On two cores, already shared by the core, a parse worker and the IMAP server,
 *   they cost more than they saved: the helpers used 2.8 s of CPU in a 6 s 10k import; without
 *   them 1.2 s (compiler jobs), and the import took 5.2–5.7 s instead of 6.0–6.1 s. At 100k:
 *   54.0–55.5 s and 71–73 s of CPU instead of 58–61 s and 78–82 s. With cores to spare the
 *   helpers shorten the pauses a UI command waits behind, and that was not measured, so they
 *   stay.
 */
export function coreProcessExecArgv(cores = availableParallelism()): string[] {
  const flags = ['--max-semi-space-size=8', '--heap-growing-percent=50']
  return cores <= 2 ? [...flags, '--single-threaded-gc'] : flags
}
