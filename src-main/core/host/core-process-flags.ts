/**
 * V8 flags of the process the core runs in (the app's utility process; the sync benchmark starts
 * the CLI with them too). Storing mail makes short-lived garbage quickly and V8 would grow the
 * young generation to 3 × 16 MB for it; at 8 MB semi-spaces a 10k import peaked 15–20 MB lower
 * at the same CPU time. Parse workers set their own young generation (parse-pool.ts).
 */
export const CORE_PROCESS_EXEC_ARGV = ['--max-semi-space-size=8']
