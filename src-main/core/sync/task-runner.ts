import type { Database, Statement } from 'better-sqlite3'
import type { CopyResponseObject, ImapFlow } from 'imapflow'
import type { TaskErrorCode } from '../../../src-preload/contract'
import { lockFolder, searchUids, sessionOpen } from '../mail-server/guarded-commands'
import { copiedEarlier } from './copied-earlier'
import type { CommandErrors } from '../mail-server/imap-session'
import { ConnectionLost } from '../mail-server/server-errors'
import { MessageFlags } from '../store/message-flags'
import { backoffDelay, type BackoffPolicy } from './backoff'
import { recordServerFolders } from './folder-listing'
import type { FolderRecord, FolderRepository } from './folder-repository'
import type { FlagsPayload, MovePayload, MoveSource, TaskFailure, TaskQueue, TaskRecord } from './task-queue'
import { chunk, toSequenceSet } from './uid-plan'

export type MailSession = { client: ImapFlow; errors: CommandErrors }

/** Refusals no retry can fix: the folder is gone, or we may not write to it. */
const PERMANENT_CODES = new Set(['TRYCREATE', 'NONEXISTENT', 'NOPERM', 'CANNOT'])
const FOLDER_MISSING = new Set(['TRYCREATE', 'NONEXISTENT'])
export const MAX_ATTEMPTS = 5
/** UIDs per MOVE command; see pushMove. */
const MOVE_CHUNK = 1000
const RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 10 * 60_000 }

/** The server (or the folder list) said no: `code` is the IMAP response code, `reason` what the UI shows. */
class CommandRefused extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly reason: TaskErrorCode
  ) {
    super(message)
  }
}

export type TaskRunnerDeps = {
  db: Database
  queue: TaskQueue
  folders: FolderRepository
  onChange: (threadIds: number[]) => void
}

type Location = { message_pk: number; uid: number; uid_validity: number; folder_id: number; path: string }

/** Pushes an account's queued tasks to the server, in order, over a connected session. */
export class TaskRunner {
  /**
   * Per move task, the sources it has moved on the server so far, chunk by chunk, over all its
   * tries: if a later chunk is refused for good, these are not put back where they were (see
   * failForGood). Lost with a restart; the next full comparison of the source then drops them.
   */
  private readonly movedByTask = new Map<number, Set<string>>()
  private readonly flags: MessageFlags
  private readonly locationsOf: Statement
  private readonly placeLocation: Statement
  private readonly provisionalFlags: Statement
  private readonly dropProvisional: Statement
  private readonly settleDeleted: Statement
  private readonly provisionalIn: Statement
  private readonly messageIdOf: Statement
  private readonly resetModseq: Statement
  private readonly dropMoved: Statement

  constructor(private readonly deps: TaskRunnerDeps) {
    const { db } = deps
    this.flags = new MessageFlags(db)
    this.locationsOf = db.prepare(`SELECT l.message_pk, l.uid, l.uid_validity, f.id AS folder_id, f.path
      FROM message_locations l JOIN folders f ON f.id = l.folder_id
      WHERE l.message_pk IN (SELECT value FROM json_each(?)) AND l.uid > 0 AND f.on_server = 1
      ORDER BY f.id, l.uid`)
    this.placeLocation =
      db.prepare(`INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid, flags_json)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
    this.provisionalFlags = db.prepare(
      'SELECT flags_json FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid < 0'
    )
    this.dropProvisional = db.prepare(
      'DELETE FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid < 0'
    )
    this.provisionalIn = db.prepare(`SELECT l.message_pk, m.message_id, l.flags_json
      FROM message_locations l JOIN messages m ON m.id = l.message_pk
      WHERE l.folder_id = ? AND l.uid < 0 AND l.message_pk IN (SELECT value FROM json_each(?))`)
    this.messageIdOf = db.prepare('SELECT message_id FROM messages WHERE id = ?')
    this.resetModseq = db.prepare('UPDATE folders SET highest_modseq = NULL WHERE id = ?')
    this.dropMoved = db.prepare(
      'DELETE FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid = ? AND uid > 0'
    )
    // After a move, "deleted on the server" is whether any location is left: a message a
    // renumbering had marked is found again at the UID the move gave it.
    this.settleDeleted = db.prepare(`UPDATE messages SET deleted_on_server =
      NOT EXISTS (SELECT 1 FROM message_locations WHERE message_pk = messages.id) WHERE id = ?`)
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
        await this.execute(session, task)
        this.deps.queue.done(task.id)
        this.movedByTask.delete(task.id)
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
        if (permanent || attempts >= MAX_ATTEMPTS) this.failForGood(task, failure)
        else this.deps.queue.retryLater(task.id, failure, now() + backoffDelay(attempts - 1, RETRY))
      }
    }
  }

  private execute(session: MailSession, task: TaskRecord): Promise<void> {
    return task.kind === 'flags'
      ? this.pushFlags(session, task.accountId, task.payload)
      : this.pushMove(session, task.id, task.payload, task.attempts > 0)
  }

  /**
   * Flags go to wherever the messages are now, so a flag change after a move follows the move.
   * A message moved after the change (read, then archived) is no longer anywhere locally until
   * its move goes up: the change goes to where the server still has it, the move's source.
   */
  private async pushFlags(
    { client, errors }: MailSession,
    accountId: number,
    payload: FlagsPayload
  ): Promise<void> {
    const locations = [
      ...(this.locationsOf.all(JSON.stringify(payload.messageIds)) as Location[]),
      ...this.movingFrom(accountId, payload.messageIds)
    ]
    for (const [path, group] of groupBy(locations, (l) => l.path)) {
      const lock = await lockFolder(client, path)
      try {
        const current = await this.onServerNow(
          client,
          group.map((l) => ({ messagePk: l.message_pk, uid: l.uid, uidValidity: l.uid_validity }))
        )
        if (current.length === 0) continue
        const set = toSequenceSet(current.map((l) => l.uid))
        if (payload.add.length > 0 && !(await client.messageFlagsAdd(set, payload.add, { uid: true })))
          throw refused(client, errors, `Could not set ${payload.add.join(' ')} in ${path}`)
        if (
          payload.remove.length > 0 &&
          !(await client.messageFlagsRemove(set, payload.remove, { uid: true }))
        )
          throw refused(client, errors, `Could not clear ${payload.remove.join(' ')} in ${path}`)
      } finally {
        lock.release()
      }
    }
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

  private async pushMove(
    session: MailSession,
    taskId: number,
    payload: MovePayload,
    retry: boolean
  ): Promise<void> {
    const { client } = session
    const dest = this.deps.folders.find(payload.folderId)
    if (!dest)
      throw new CommandRefused('The destination folder no longer exists.', 'NONEXISTENT', 'FOLDER_GONE')
    const copied =
      retry && !client.capabilities.has('MOVE')
        ? await copiedEarlier(client, dest.path, this.withMessageIds(payload.messageIds))
        : new Set<number>()
    for (const [folderId, sources] of groupBy(this.resolveSources(payload.sources), (s) => s.folderId)) {
      const source = this.deps.folders.find(folderId)
      // A folder deleted on the server has nothing left to move: what was only there stays
      // provisional and is settled below like any message gone before its move.
      if (!source?.onServer) continue
      const lock = await lockFolder(client, source.path)
      try {
        const current = await this.onServerNow(client, sources)
        // In pieces: one MOVE of tens of thousands of UIDs can keep a server (Gmail, Exchange)
        // silent past the stall timeout, and then it would be retried, whole, on every pass.
        for (const part of chunk(current, MOVE_CHUNK))
          await this.moveOnServer(session, taskId, source, dest, part, copied)
      } finally {
        lock.release()
      }
    }
    await this.placeByMessageId(client, dest, payload.messageIds)
    // Whatever is still provisional was gone from the server before we could move it.
    this.deps.db.transaction(() => {
      for (const pk of payload.messageIds) {
        this.dropProvisional.run(pk, dest.id)
        this.settleDeleted.run(pk)
        this.flags.merge(pk)
      }
    })()
    this.deps.onChange([])
  }

  /**
   * One UID MOVE of part of a folder's sources, and where each message now is locally. Messages
   * an earlier try copied to the destination already (see copiedEarlier) are only removed here.
   */
  private async moveOnServer(
    { client, errors }: MailSession,
    taskId: number,
    source: FolderRecord,
    dest: FolderRecord,
    part: MoveSource[],
    copied: ReadonlySet<number>
  ): Promise<void> {
    const again = part.filter((s) => copied.has(s.messagePk))
    const fresh = part.filter((s) => !copied.has(s.messagePk))
    if (again.length > 0) {
      const removed = await client.messageDelete(toSequenceSet(again.map((s) => s.uid)), { uid: true })
      if (!removed) throw refused(client, errors, `Could not remove moved mail from ${source.path}`)
      this.recordMoved(taskId, source, dest, again, null)
    }
    if (fresh.length === 0) return
    const result = await client.messageMove(toSequenceSet(fresh.map((s) => s.uid)), dest.path, {
      uid: true
    })
    if (!result) throw refused(client, errors, `Could not move mail from ${source.path} to ${dest.path}`)
    this.recordMoved(taskId, source, dest, fresh, result)
  }

  /** Where moved messages now are locally: gone from the source, placed by COPYUID when given. */
  private recordMoved(
    taskId: number,
    source: FolderRecord,
    dest: FolderRecord,
    part: MoveSource[],
    result: CopyResponseObject | null
  ): void {
    const moved = this.movedByTask.get(taskId) ?? new Set<string>()
    this.movedByTask.set(taskId, moved)
    this.deps.db.transaction(() => {
      for (const s of part) {
        moved.add(sourceKey(s.messagePk, source.id))
        // Gone from there on the server. Usually the local move already took it away, but a
        // move queued before this one (to this very folder) put it back when it completed.
        this.dropMoved.run(s.messagePk, source.id, s.uid)
        const uid = result?.uidMap?.get(s.uid)
        // Without a new UID the provisional location stays for placeByMessageId below.
        if (!uid || result?.uidValidity === undefined) continue
        // The provisional location holds the flags as they are now, including changes made
        // after the move (their own task follows this one); s.flags is only the move's moment.
        const provisional = this.provisionalFlags.get(s.messagePk, dest.id) as
          { flags_json: string } | undefined
        this.dropProvisional.run(s.messagePk, dest.id)
        this.placeLocation.run(
          s.messagePk,
          dest.id,
          Number(result.uidValidity),
          uid,
          provisional?.flags_json ?? JSON.stringify(s.flags)
        )
      }
    })()
  }

  /**
   * Moved messages the server gave no new UID for (no COPYUID, or their source UIDs were gone):
   * a retry after a lost reply finds them already moved, so look them up in the destination by
   * Message-ID instead of calling them deleted until the next pass finds them there.
   */
  private async placeByMessageId(
    client: ImapFlow,
    dest: { id: number; path: string },
    messagePks: number[]
  ): Promise<void> {
    const missing = this.provisionalIn.all(dest.id, JSON.stringify(messagePks)) as Array<{
      message_pk: number
      message_id: string
      flags_json: string
    }>
    if (missing.length === 0) return
    const lock = await lockFolder(client, dest.path, { readOnly: true })
    try {
      const uidValidity = Number(client.mailbox && client.mailbox.uidValidity)
      for (const m of missing) {
        // Lost, the search would leave the message looking deleted once the move completes.
        const found = await searchUids(
          client,
          { header: { 'message-id': m.message_id } },
          `search ${dest.path}`
        )
        if (found.length === 0) continue
        this.deps.db.transaction(() => {
          this.dropProvisional.run(m.message_pk, dest.id)
          this.placeLocation.run(m.message_pk, dest.id, uidValidity, Math.max(...found), m.flags_json)
        })()
      }
    } finally {
      lock.release()
    }
  }

  /**
   * Where these messages are in the selected folder now. A folder the server renumbered since
   * they were stored (a new UIDVALIDITY, which the next pass will find) has them under new UIDs:
   * they are looked up by Message-ID, so the user's change is not dropped. A message without a
   * Message-ID header (Rapport made one up) cannot be found that way; the pass re-imports it.
   */
  private async onServerNow<T extends { messagePk: number; uid: number; uidValidity: number }>(
    client: ImapFlow,
    items: T[]
  ): Promise<T[]> {
    const uidValidity = Number(client.mailbox && client.mailbox.uidValidity)
    const current = items.filter((i) => i.uidValidity === uidValidity)
    for (const item of items.filter((i) => i.uidValidity !== uidValidity)) {
      const row = this.messageIdOf.get(item.messagePk) as { message_id: string } | undefined
      if (!row) continue
      // Not "gone": taken for gone, the message would be marked deleted once the move completes.
      const query = { header: { 'message-id': row.message_id } }
      const found = await searchUids(client, query, 'search for the messages to change')
      for (const uid of found) current.push({ ...item, uid, uidValidity })
    }
    return current
  }

  /** The Message-IDs of these messages, for looking them up on the server. */
  private withMessageIds(messagePks: number[]): Array<{ messagePk: number; messageId: string }> {
    return messagePks.flatMap((messagePk) => {
      const row = this.messageIdOf.get(messagePk) as { message_id: string } | undefined
      return row ? [{ messagePk, messageId: row.message_id }] : []
    })
  }

  /** A source that was itself still provisional (moved twice quickly) is wherever the first move put it. */
  private resolveSources(sources: MoveSource[]): MoveSource[] {
    return sources.flatMap((s) => {
      if (s.uid > 0) return [s]
      // Every copy the first move put there: a message it took from two folders (a note to
      // self, in INBOX and Sent) is there twice, and both must come along.
      const rows = this.locationsOf.all(JSON.stringify([s.messagePk])) as Location[]
      const copies = rows.filter((r) => r.folder_id === s.folderId)
      return copies
        .slice(0, s.take ?? copies.length)
        .map((r) => ({ ...s, uid: r.uid, uidValidity: r.uid_validity }))
    })
  }

  /** Keeps the failure visible and puts the local state back where the server still is. */
  private failForGood(task: TaskRecord, failure: TaskFailure): void {
    const moved = this.movedByTask.get(task.id) ?? new Set<string>()
    this.movedByTask.delete(task.id)
    this.deps.db.transaction(() => {
      this.deps.queue.fail(task.id, failure)
      if (task.kind === 'move') {
        for (const s of task.payload.sources) {
          this.dropProvisional.run(s.messagePk, task.payload.folderId)
          // A chunk that went up before the refusal moved these for real: they stay moved.
          if (s.uid > 0 && !moved.has(sourceKey(s.messagePk, s.folderId)))
            this.placeLocation.run(s.messagePk, s.folderId, s.uidValidity, s.uid, JSON.stringify(s.flags))
          this.flags.merge(s.messagePk)
          // While the move waited, passes over the source skipped these messages (they were not
          // there locally) and moved HIGHESTMODSEQ past their flag changes and expunges: the
          // next pass compares the whole folder.
          this.resetModseq.run(s.folderId)
        }
      } else {
        // The local flags are ahead of the server for good: compare every flag on the next pass.
        this.deps.db
          .prepare('UPDATE folders SET highest_modseq = NULL WHERE account_id = ?')
          .run(task.accountId)
      }
    })()
    this.deps.onChange([])
  }
}

const sourceKey = (messagePk: number, folderId: number) => `${messagePk}:${folderId}`

/**
 * The server's refusal, in its own words where it gave any (Rapport's English `fallback`
 * otherwise); or, when the command failed because the connection ended, that (imapflow says
 * `false` for both).
 */
function refused(client: ImapFlow, errors: CommandErrors, fallback: string): Error {
  if (!sessionOpen(client)) return new ConnectionLost('NoConnection')
  const last = errors.take()
  return last?.text
    ? new CommandRefused(last.text, last.code, 'SERVER_SAID')
    : new CommandRefused(fallback, last?.code ?? null, 'NO_REASON')
}

/**
 * What is kept of a failed push. The UI already says which change failed, in the user's
 * language, so only the server's words (a refusal, or an imapflow error carrying the server's
 * response) are kept verbatim; anything else is unexpected and kept as it is.
 */
function taskFailure(error: unknown): TaskFailure {
  if (error instanceof CommandRefused) return { text: error.message, code: error.reason }
  const responseText = (error as { responseText?: unknown } | null)?.responseText
  if (typeof responseText === 'string' && responseText) return { text: responseText, code: 'SERVER_SAID' }
  return { text: error instanceof Error ? error.message : String(error), code: null }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item])
  return out
}
