import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import type { MessageParser } from '../mail/parse-pool'
import { sessionOpen } from '../mail-server/guarded-commands'
import type { CommandErrors } from '../mail-server/imap-session'
import { backoffDelay, type BackoffPolicy } from './backoff'
import { FlagPusher } from './flag-pusher'
import { recordServerFolders } from './folder-listing'
import type { FolderRepository } from './folder-repository'
import { MovePusher } from './move-pusher'
import { CommandRefused, taskFailure } from './push-refusal'
import { RefusedFlags } from './refused-flags'
import type { SecondLook, TaskFailure, TaskQueue, TaskRecord, TaskTiming } from './task-queue'

export type MailSession = { client: ImapFlow; errors: CommandErrors }

/**
 * The response code of a refusal imapflow threw rather than answered `false` for (a SELECT of the
 * folder: NO [NOPERM] once this mailbox may no longer read it). A folder the server says is not
 * there when selected (imapflow checks with LIST) is as TRYCREATE, whatever the code.
 */
function thrownCode(error: unknown): string | null {
  const e = error as { mailboxMissing?: boolean; serverResponseCode?: unknown }
  if (e.mailboxMissing === true) return 'NONEXISTENT'
  return typeof e.serverResponseCode === 'string' ? e.serverResponseCode.toUpperCase() : null
}

/** Refusals no retry can fix: the folder is gone, or we may not write to it. */
const PERMANENT_CODES = new Set(['TRYCREATE', 'NONEXISTENT', 'NOPERM', 'CANNOT'])
const FOLDER_MISSING = new Set(['TRYCREATE', 'NONEXISTENT'])
export const MAX_ATTEMPTS = 5
const RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 10 * 60_000 }
/** When a flag change whose message was found nowhere is looked for again, unless a pass comes first. */
export const RECHECK_MS = 5_000

export type TaskRunnerDeps = {
  db: Database
  /** The import's parser (parse workers), for finding messages without a Message-ID. */
  parser: MessageParser
  queue: TaskQueue
  folders: FolderRepository
  onChange: (threadIds: number[]) => void
}

/** Pushes an account's queued tasks to the server, in order, over a connected session. */
export class TaskRunner {
  private readonly moves: MovePusher
  private readonly refusedFlags: RefusedFlags
  private readonly flags: FlagPusher

  constructor(private readonly deps: TaskRunnerDeps) {
    this.moves = new MovePusher(deps)
    this.refusedFlags = new RefusedFlags(deps)
    this.flags = new FlagPusher(deps)
  }

  /**
   * Runs the due tasks. Returns when the next task is due (null: queue empty). A lost
   * connection is rethrown with the task left pending; a refusal is retried with backoff and
   * fails for good after MAX_ATTEMPTS or at once when no retry can help.
   * @param pass whether a sync pass runs it: a pass looks again at once for messages found
   *   nowhere (it comes when the server has changed), a plain push (the user's next click may
   *   be milliseconds away) only once RECHECK_MS is up
   */
  async flush(
    session: MailSession,
    accountId: number,
    { pass = false, now = Date.now }: { pass?: boolean; now?: () => number } = {}
  ): Promise<number | null> {
    const relisted = new Set<number>()
    // Flag changes waiting for their next look, and later tasks on their messages, which must
    // not overtake them: left for a later flush, while the others go on.
    const waiting = new Set<number>()
    const held = new Set<number>()
    let nextLook = Infinity
    const hold = (task: TaskRecord, until = Infinity) => {
      waiting.add(task.id)
      for (const pk of task.payload.messageIds) held.add(pk)
      nextLook = Math.min(nextLook, until)
    }
    const due = (next: number | null) => {
      const at = Math.min(next ?? Infinity, nextLook)
      return at === Infinity ? null : at
    }
    // Messages a look in this flush gave up on: a later change of them is not looked for twice.
    const givenUp = new Set<string>()
    for (;;) {
      const task = this.deps.queue.head(accountId, [...waiting])
      if (!task) return due(null)
      // A pass looks again at once, but not ahead of a retry's backoff.
      if (task.runAfter > now() && !(pass && task.secondLook && !task.retrying)) {
        if (!task.secondLook) return due(task.runAfter)
        hold(task, task.runAfter)
        continue
      }
      if (task.payload.messageIds.some((pk) => held.has(pk))) {
        hold(task)
        continue
      }
      // Another process on this data directory is pushing it now (the app beside `rapport sync`):
      // it and the tasks after it are left to that process, and looked at again later.
      if (!this.deps.queue.claim(task.id)) return due(now() + RECHECK_MS)
      session.errors.take()
      try {
        const { overtaken, lost } = await this.execute(session, task, givenUp)
        if (lost) {
          // Another program may be moving it still: found gone from one folder, then looked for
          // in the others one by one while it went into one already searched. It is looked for
          // again by the next pass, or RECHECK_MS from now (FlagPusher.lookAgain says how long).
          const lookAt = now() + RECHECK_MS
          this.deps.queue.lookAgainLater(task.id, lost, lookAt)
          hold(task, lookAt)
          continue
        }
        if (task.kind === 'move' && overtaken.length > 0) {
          // Not a refusal: nothing to undo, the server's state is the other program's. But the
          // user's move of these did not happen, and they are told so instead of finding the mail
          // elsewhere; the task stays as the move of them alone.
          this.deps.queue.failMoveOf(task, overtaken, {
            text: `${overtaken.length} of ${task.payload.messageIds.length} messages were moved or deleted by another program before this move reached the server.`,
            code: 'CHANGED_ELSEWHERE'
          })
          this.deps.onChange([])
        } else this.deps.queue.done(task.id)
        if (task.kind === 'move') this.moves.done(task.id)
      } catch (error) {
        const failure = taskFailure(error)
        const attempts = task.attempts + 1
        if (!sessionOpen(session.client)) {
          this.deps.queue.retryLater(task.id, failure, now())
          throw error
        }
        const code = error instanceof CommandRefused ? error.code : thrownCode(error)
        if (code !== null && FOLDER_MISSING.has(code) && !relisted.has(task.id)) {
          // Another client may have renamed the folder since the last listing (a pass pushes
          // before it lists): list, which follows a rename, and try once more at once. Also the
          // folder a move or flag change takes mail from: else it failed each retry until a poll
          // listed, and for good after MAX_ATTEMPTS (the move undone, the flag change lost).
          relisted.add(task.id)
          this.deps.queue.retryLater(task.id, failure, now())
          await recordServerFolders(session.client, this.deps.folders, accountId)
          continue
        }
        const permanent = code !== null && PERMANENT_CODES.has(code)
        const folderIds = error instanceof CommandRefused ? error.folderIds : undefined
        if (permanent || attempts >= MAX_ATTEMPTS) {
          this.failForGood(task, failure, folderIds)
          if (task.kind === 'flags' && folderIds)
            await this.refusedFlags.showServerFlags(
              session.client,
              accountId,
              task.payload.messageIds,
              folderIds
            )
        } else this.deps.queue.retryLater(task.id, failure, now() + backoffDelay(attempts - 1, RETRY))
      }
    }
  }

  /**
   * Pushes the task; returns the messages another program moved or deleted first (moves only),
   * and those a flag change found nowhere and is to look for again.
   * @param givenUp Message-IDs a look in this flush gave up on; added to
   */
  private async execute(
    session: MailSession,
    task: TaskRecord & TaskTiming,
    givenUp: Set<string>
  ): Promise<{ overtaken: number[]; lost: SecondLook | null }> {
    if (task.kind === 'move')
      return {
        overtaken: await this.moves.push(session, task.id, task.payload, task.attempts > 0),
        lost: null
      }
    if (!task.secondLook)
      return {
        overtaken: [],
        lost: await this.flags.push(session, task.accountId, task.payload, givenUp)
      }
    // A later look: only for the messages the first did not find (the others have the change).
    const looked = await this.flags.lookAgain(session, task.accountId, task.payload, task.secondLook)
    for (const id of looked.givenUp) givenUp.add(id)
    return { overtaken: [], lost: looked.again }
  }

  /**
   * Keeps the failure visible and puts the local state back where the server still is.
   * @param folderIds where a flag change was refused, when known (else every folder may differ)
   */
  private failForGood(task: TaskRecord, failure: TaskFailure, folderIds?: number[]): void {
    this.deps.db.transaction(() => {
      this.deps.queue.fail(task.id, failure)
      if (task.kind === 'move')
        this.moves.undo(task.id, task.payload, this.deps.queue.pendingChanges(task.accountId))
      else
        // The local flags are ahead of the server for good: compare every flag on the next pass.
        this.deps.db
          .prepare(
            'UPDATE folders SET highest_modseq = NULL WHERE account_id = ? AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))'
          )
          .run(task.accountId, folderIds ? 1 : null, JSON.stringify(folderIds ?? []))
    })()
    this.deps.onChange([])
  }
}
