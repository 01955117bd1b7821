/** What a local action changed; `taskIds` are the tasks that take it to the server. */
export type ActionResult = { count: number; accountIds: number[]; threadIds: number[]; taskIds: number[] }

export const noChange = (): ActionResult => ({ count: 0, accountIds: [], threadIds: [], taskIds: [] })

/** Several actions taken as one (one per account or per destination). */
export function combined(results: ActionResult[]): ActionResult {
  return {
    count: results.reduce((sum, r) => sum + r.count, 0),
    accountIds: results.flatMap((r) => r.accountIds),
    threadIds: results.flatMap((r) => r.threadIds),
    taskIds: results.flatMap((r) => r.taskIds)
  }
}
