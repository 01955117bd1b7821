import type { Database, Statement } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { lockFolder, sessionOpen } from '../mail-server/guarded-commands'
import type { CommandErrors } from '../mail-server/imap-session'
import { backoffDelay, type BackoffPolicy } from './backoff'
import { recordServerFolders } from './folder-listing'
import type { FolderRepository } from './folder-repository'
import { changeWhereMoved, storeAndFindGone } from './flags-elsewhere'
import { flagsNotKept, keptFlags } from './kept-flags'
import { MovePusher } from './move-pusher'
import { CommandRefused, refused, taskFailure } from './push-refusal'
import { RefusedFlags } from './refused-flags'
import { LOCATIONS_OF, onServerNow, StoredMessageIds, type Location } from './server-uids'
import type { FlagsPayload, TaskFailure, TaskQueue, TaskRecord } from './task-queue'
import { groupBy, toSequenceSet } from './uid-plan'

export type MailSession = { client: ImapFlow; errors: CommandErrors }

/** Refusals no retry can fix: the folder is gone, or we may not write to it. */
const PERMANENT_CODES = new Set(['TRYCREATE', 'NONEXISTENT', 'NOPERM', 'CANNOT'])
const FOLDER_MISSING = new Set(['TRYCREATE', 'NONEXISTENT'])
export const MAX_ATTEMPTS = 5
const RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 10 * 60_000 }
/** When a flag change whose message was found nowhere is looked for again, unless a pass comes first. */
export const RECHECK_MS = 5_000

export type TaskRunnerDeps = {
  db: Database
  queue: TaskQueue
  folders: FolderRepository
  onChange: (threadIds: number[]) => void
}

/** Pushes an account's queued tasks to the server, in order, over a connected session. */
export class TaskRunner {
  private readonly moves: MovePusher
  private readonly refusedFlags: RefusedFlags
  private readonly ids: StoredMessageIds
  private readonly locationsOf: Statement
  /** Flag changes whose messages were found nowhere once: their next run looks everywhere. */
  private readonly recheck = new Set<number>()

  constructor(private readonly deps: TaskRunnerDeps) {
    this.moves = new MovePusher(deps)
    this.refusedFlags = new RefusedFlags(deps)
    this.ids = new StoredMessageIds(deps.db)
    this.locationsOf = deps.db.prepare(LOCATIONS_OF)
  }

  /**
   * Runs the due tasks. Returns when the next task is due (null: queue empty). A lost
   * connection is rethrown with the task left pending; a refusal is retried with backoff and
   * fails for good after MAX_ATTEMPTS or at once when no retry can help.
   */
  async flush(session: MailSession, accountId: number, now = Date.now): Promise<number | null> {
    const relisted = new Set<number>()
    for (;;) {
      const task = this.deps.queue.head(accountId)
      if (!task) return null
      if (task.runAfter > now()) return task.runAfter
      this.deps.queue.markRunning(task.id)
      session.errors.take()
      try {
        const { overtaken, foundNowhere } = await this.execute(session, task)
        if (foundNowhere) {
          // Another program may be moving it still: found gone from one folder, then looked for
          // in the others one by one while it went into one already searched. The change waits
          // for the next run (the next pass, which also syncs where it went, or RECHECK_MS from
          // now) and is dropped only if the message is still nowhere then: expunged.
          this.recheck.add(task.id)
          this.deps.queue.putBack(task.id)
          return now() + RECHECK_MS
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
        const code = error instanceof CommandRefused ? error.code : null
        if (task.kind === 'move' && code !== null && FOLDER_MISSING.has(code) && !relisted.has(task.id)) {
          // Another client may have renamed the folder since the last listing (a pass pushes
          // before it lists): list, which follows a rename, and try once more at once.
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
   * and whether a flag change found some of its messages nowhere, the first time it looked.
   */
  private async execute(
    session: MailSession,
    task: TaskRecord
  ): Promise<{ overtaken: number[]; foundNowhere: boolean }> {
    if (task.kind === 'move')
      return {
        overtaken: await this.moves.push(session, task.id, task.payload, task.attempts > 0),
        foundNowhere: false
      }
    const everywhere = this.recheck.delete(task.id)
    const missing = await this.pushFlags(session, task.accountId, task.payload, everywhere)
    return { overtaken: [], foundNowhere: !everywhere && missing.length > 0 }
  }

  /**
   * Flags go to wherever the messages are now, so a flag change after a move follows the move.
   * A message moved after the change (read, then archived) is no longer anywhere locally until
   * its move goes up: the change goes to where the server still has it, the move's source.
   * Returns the Message-IDs of messages gone from where they were and found nowhere else.
   * @param everywhere looking again: every synced folder is searched, also those it was gone from
   *   (it may have come back under a new UID)
   */
  private async pushFlags(
    { client, errors }: MailSession,
    accountId: number,
    payload: FlagsPayload,
    everywhere: boolean
  ): Promise<string[]> {
    const locations = [
      ...(this.locationsOf.all(JSON.stringify(payload.messageIds)) as Location[]),
      ...this.movingFrom(accountId, payload.messageIds)
    ]
    const notKeptIn: Array<{ id: number; path: string }> = []
    const strayed = new Set<number>()
    for (const [path, group] of groupBy(locations, (l) => l.path)) {
      const lock = await lockFolder(client, path)
      try {
        const current = await onServerNow(
          client,
          group.map((l) => ({ messagePk: l.message_pk, uid: l.uid, uidValidity: l.uid_validity })),
          this.ids
        )
        // Remembered, so mark-read-on-open skips what this folder is known not to keep.
        this.deps.folders.setKeptFlags(group[0]!.folder_id, keptFlags(lock.mailbox))
        // Not in the folder any more: renumbered since, and its Message-ID not found there (another
        // client moved it, then the folder was renumbered). The change goes where it went, below.
        const here = new Set(current.map((l) => l.messagePk))
        for (const l of group) if (!here.has(l.message_pk)) strayed.add(l.message_pk)
        if (current.length === 0) continue
        // What the folder cannot keep is left out here and the task fails for good below; the
        // rest still goes up (a folder may keep \Seen but not \Flagged).
        const notKept = flagsNotKept(lock.mailbox, [...payload.add, ...payload.remove])
        if (notKept.length > 0) notKeptIn.push({ id: group[0]!.folder_id, path })
        const add = payload.add.filter((flag) => !notKept.includes(flag))
        const remove = payload.remove.filter((flag) => !notKept.includes(flag))
        const set = toSequenceSet(current.map((l) => l.uid))
        const gone = new Set(
          await storeAndFindGone(
            client,
            path,
            current.map((l) => l.uid),
            async () => {
              if (add.length > 0 && !(await client.messageFlagsAdd(set, add, { uid: true })))
                throw refused(client, errors, `Could not set ${add.join(' ')} in ${path}`)
              if (remove.length > 0 && !(await client.messageFlagsRemove(set, remove, { uid: true })))
                throw refused(client, errors, `Could not clear ${remove.join(' ')} in ${path}`)
            }
          )
        )
        for (const l of current) if (gone.has(l.uid)) strayed.add(l.messagePk)
      } finally {
        lock.release()
      }
    }
    let missing: string[] = []
    if (strayed.size > 0) {
      // Moved by another client since the last pass: the change goes where it went.
      const searched = new Set(everywhere ? [] : locations.map((l) => l.folder_id))
      missing = await changeWhereMoved(
        client,
        this.deps.folders.synced(accountId).filter((f) => !searched.has(f.id)),
        this.ids.ofAll([...strayed]),
        payload
      )
    }
    if (notKeptIn.length > 0)
      throw new CommandRefused(
        `${notKeptIn.map((f) => f.path).join(', ')} cannot keep this change: the server does not let this mailbox make it there.`,
        'NOPERM',
        'FLAGS_NOT_KEPT',
        notKeptIn.map((f) => f.id)
      )
    return missing
  }

  /** The server locations of these messages' waiting moves, in folders still on the server. */
  private movingFrom(accountId: number, messageIds: number[]): Location[] {
    return this.deps.queue.pendingMoveSources(accountId, messageIds).flatMap((s) => {
      const folder = this.deps.folders.find(s.folderId)
      if (!folder?.onServer) return []
      return [
        {
          message_pk: s.messagePk,
          uid: s.uid,
          uid_validity: s.uidValidity,
          folder_id: folder.id,
          path: folder.path
        }
      ]
    })
  }

  /**
   * Keeps the failure visible and puts the local state back where the server still is.
   * @param folderIds where a flag change was refused, when known (else every folder may differ)
   */
  private failForGood(task: TaskRecord, failure: TaskFailure, folderIds?: number[]): void {
    this.deps.db.transaction(() => {
      this.deps.queue.fail(task.id, failure)
      if (task.kind === 'move') this.moves.undo(task.id, task.payload)
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
