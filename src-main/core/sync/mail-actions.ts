import type { Database, Statement } from 'better-sqlite3'
import type { AccountState } from '../accounts/account-repository'
import { assertNotArchived } from '../accounts/account-service'
import { CoreError } from '../errors'
import { MessageFlags, editFlags } from '../store/message-flags'
import { ThreadAggregates } from '../threading/thread-aggregates'
import type { FolderRecord, FolderRepository } from './folder-repository'
import { flagsNotKeptByFolder, type KnownKept } from './kept-flags'
import type { MoveSource, TaskQueue } from './task-queue'
import { combined, noChange, type ActionResult } from './action-result'
import { assignCopies, withoutHeld, type LocationRow } from './copy-assignment'
import { MovedCopies, type MovedCopy } from './moved-copies'

/** Told about every local move, inside its transaction: Trash keeps when and where from. */
export type MoveObserver = {
  noteMoved(moves: Array<{ messagePk: number; fromFolderId: number }>, dest: FolderRecord): void
}

const SETTABLE_FLAGS = [
  ['seen', '\\Seen'],
  ['flagged', '\\Flagged'],
  ['answered', '\\Answered']
] as const

const MISSING_FOLDER = {
  '\\Trash': 'This mailbox has no Trash folder on the server; sync its folders first, or create one.',
  '\\Archive':
    'This mailbox has no Archive folder on the server; use "Move to" to file the mail in another folder.'
}

/** The folders an action's mail may leave; `stuck` holds those it found it may not. */
type Exits = { mayLeave(folderId: number): boolean; stuck: Set<number> }

type MessageRow = { id: number; account_id: number; thread_id: number | null }

/** Copies a moveCopies sends from one folder to another; n null: what a provisional one has left. */
type CountedCopies = Array<MovedCopy & { n: number | null }>

/**
 * User actions on mail, local first: the database changes at once (the UI re-queries on the
 * `changed` event) and a task per account carries the change to the server later.
 */
export class MailActions {
  private readonly message: Statement
  private readonly locations: Statement
  private readonly removeLocation: Statement
  private readonly insertProvisional: Statement
  private readonly unreadInThread: Statement
  private readonly keptFlagsOf: Statement
  private readonly flags: MessageFlags
  private readonly aggregates: ThreadAggregates
  private readonly account: Statement
  private readonly movedCopies = new MovedCopies()

  constructor(
    private readonly db: Database,
    private readonly folders: FolderRepository,
    private readonly queue: TaskQueue,
    private readonly observer: MoveObserver | null = null
  ) {
    this.account = db.prepare('SELECT email, state FROM accounts WHERE id = ?')
    this.message = db.prepare('SELECT id, account_id, thread_id FROM messages WHERE id = ?')
    this.locations = db.prepare(
      'SELECT id, folder_id, uid_validity, uid, flags_json FROM message_locations WHERE message_pk = ?'
    )
    this.removeLocation = db.prepare('DELETE FROM message_locations WHERE id = ?')
    // Negative UIDs never collide with the server's; the real UID replaces it once pushed.
    this.insertProvisional =
      db.prepare(`INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid, flags_json)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
    this.keptFlagsOf = db.prepare(`SELECT f.kept_flags_json, f.my_rights FROM message_locations l
      JOIN folders f ON f.id = l.folder_id WHERE l.message_pk = ?`)
    this.unreadInThread = db.prepare(
      "SELECT id FROM messages WHERE thread_id = ? AND is_seen = 0 AND direction = 'in'"
    )
    this.flags = new MessageFlags(db)
    this.aggregates = new ThreadAggregates(db)
  }

  setFlags(input: {
    messageIds: number[]
    seen?: boolean
    flagged?: boolean
    answered?: boolean
  }): ActionResult {
    const add: string[] = []
    const remove: string[] = []
    for (const [key, flag] of SETTABLE_FLAGS) {
      const value = input[key]
      if (value !== undefined) (value ? add : remove).push(flag)
    }
    if (add.length + remove.length === 0) return noChange()
    return this.db.transaction(() => {
      const messages = this.existing(input.messageIds)
      let count = 0
      for (const m of messages) if (this.flags.applyLocal(m.id, add, remove)) count++
      const taskIds = [...byAccountOf(messages)].map(([accountId, list]) =>
        this.queue.enqueue(accountId, {
          kind: 'flags',
          payload: { messageIds: list.map((m) => m.id), add, remove }
        })
      )
      return this.finish(messages, count, taskIds)
    })()
  }

  /**
   * Opening a thread marks it read. A message only in folders known to refuse \Seen (a shared
   * folder this mailbox may only read) is left as the server has it: marking it would fail the
   * same way each time the thread is opened. "Mark read" on the message still tries.
   */
  markThreadRead(threadId: number): ActionResult {
    const ids = (this.unreadInThread.all(threadId) as Array<{ id: number }>)
      .map((r) => r.id)
      .filter((id) => this.keptSomewhere(id, '\\Seen'))
    if (ids.length === 0) return noChange()
    return this.setFlags({ messageIds: ids, seen: true })
  }

  /** A reply went out: \Answered on the message it answers, where a folder of it keeps that. */
  markAnswered(messagePk: number): ActionResult {
    if (!this.keptSomewhere(messagePk, '\\Answered')) return noChange()
    return this.setFlags({ messageIds: [messagePk], answered: true })
  }

  /** Whether the server keeps `flag` in some folder holding the message (or it has none left). */
  private keptSomewhere(messagePk: number, flag: string): boolean {
    const kept = this.keptFlagsOf.all(messagePk) as KnownKept[]
    if (kept.length === 0) return true
    return kept.some((f) => flagsNotKeptByFolder(f, [flag]).length === 0)
  }

  /**
   * Moves the messages' copies in other folders to `folderId`, or with `fromFolderId` only those
   * in that folder. A copy in a folder the server keeps read-only for this mailbox stays where it
   * is; when that leaves nothing to move, the action is refused and nothing changes. `putBack`
   * (Undo of a move from the UI) brings back from `fromFolderId` as many copies of each as the
   * last move took from `folderId` (one when that is not known): moving all of them would take
   * along a copy that was there before the move, and leave a duplicate here.
   */
  move(
    messageIds: number[],
    folderId: number,
    options: { fromFolderId?: number; putBack?: boolean } = {}
  ): ActionResult {
    if (options.putBack) return this.putBack(messageIds, folderId, options.fromFolderId!)
    const exits = this.exits()
    const result = this.moveFrom(messageIds, this.destination(folderId), exits, options.fromFolderId)
    if (result.count === 0 && exits.stuck.size > 0) throw this.readOnlyError(exits.stuck)
    return result
  }

  /**
   * "Move it anyway": a move that failed for good (another program moved the mail first), made
   * again from where the mail is now. Its failure goes with it, but for mail in no synced folder
   * any more, which cannot be moved: the failure stays as the move of that mail alone, and when
   * that is all of it the user is told why.
   */
  moveAgain(taskId: number): ActionResult {
    return this.db.transaction(() => {
      const failed = this.queue.failedMove(taskId)
      if (!failed)
        throw new CoreError('NOT_FOUND', 'This change is no longer listed as failed; nothing to do.')
      // Mail in no folder Rapport syncs (deleted, or gone from the store) cannot be moved: its
      // notice stays, as the move of it alone, while the rest is moved.
      const located = (id: number) =>
        this.message.get(id) !== undefined && (this.locations.all(id) as LocationRow[]).length > 0
      const movable = failed.messageIds.filter(located)
      const left = failed.messageIds.filter((id) => !located(id))
      if (movable.length === 0)
        throw new CoreError(
          'NOT_FOUND',
          'This mail is in no folder Rapport syncs any more (deleted, or moved to a folder not synced), so there is nothing to move.'
        )
      // Mail there since (moved by the user, or the other program) moves nothing, and is done.
      const result = this.move(movable, failed.folderId)
      if (left.length > 0) this.queue.narrowFailedMove(taskId, left)
      else this.queue.dismiss([taskId])
      return result
    })()
  }

  /**
   * Undo of a move: each message's copies back from `fromFolderId` to `folderId`, as many as went
   * (two copies INBOX held both come back), grouped by that number for moveCopies.
   */
  private putBack(messageIds: number[], folderId: number, fromFolderId: number): ActionResult {
    const byCount = new Map<number, number[]>()
    for (const pk of new Set(messageIds)) {
      const count = this.movedCopies.takenFrom(pk, fromFolderId, folderId)
      byCount.set(count, [...(byCount.get(count) ?? []), pk])
    }
    return this.db.transaction(() =>
      combined(
        [...byCount].map(([count, ids]) =>
          this.moveCopies(ids, Array<number>(count).fill(folderId), fromFolderId)
        )
      )
    )()
  }

  private moveFrom(messageIds: number[], dest: FolderRecord, exits: Exits, onlyFrom?: number): ActionResult {
    return this.db.transaction(() => {
      const messages = this.existing(messageIds, dest.accountId)
      const sources: MoveSource[] = []
      for (const m of messages) {
        const here = this.locations.all(m.id) as LocationRow[]
        const away = here.filter(
          (l) =>
            l.folder_id !== dest.id &&
            (onlyFrom === undefined || l.folder_id === onlyFrom) &&
            exits.mayLeave(l.folder_id)
        )
        if (away.length === 0) continue
        // A location still provisional stands for every copy the move not pushed yet took there.
        this.movedCopies.note(
          m.id,
          away.flatMap((l) =>
            Array<MovedCopy>(l.uid < 0 ? this.movedCopies.standingFor(m.id, l.folder_id) : 1).fill({
              from: l.folder_id,
              to: dest.id
            })
          )
        )
        for (const l of away) {
          this.removeLocation.run(l.id)
          const flags = JSON.parse(l.flags_json) as string[]
          sources.push({
            messagePk: m.id,
            folderId: l.folder_id,
            uidValidity: l.uid_validity,
            uid: l.uid,
            flags
          })
        }
        const flags = editFlags(
          away.flatMap((l) => JSON.parse(l.flags_json) as string[]),
          [],
          []
        )
        this.insertProvisional.run(m.id, dest.id, dest.uidValidity ?? 0, -m.id, JSON.stringify(flags))
      }
      const moved = new Set(sources.map((s) => s.messagePk))
      this.observer?.noteMoved(
        sources.map((s) => ({ messagePk: s.messagePk, fromFolderId: s.folderId })),
        dest
      )
      const affected = messages.filter((m) => moved.has(m.id))
      if (affected.length === 0) return noChange()
      const taskId = this.queue.enqueue(dest.accountId, {
        kind: 'move',
        payload: { messageIds: [...moved], folderId: dest.id, sources }
      })
      return this.finish(affected, affected.length, [taskId])
    })()
  }

  /**
   * Each message's copies into several folders, one copy each, in order (copies beyond that go
   * to the first): the restore of a message deleted from two folders. One move task per folder.
   * With `onlyFrom` (a restore from Trash), only copies in that folder move, one per folder given:
   * a copy that was there before (another program put it in Trash) stays, rather than coming back
   * as a duplicate.
   */
  moveCopies(messageIds: number[], folderIds: number[], onlyFrom?: number): ActionResult {
    const dests = folderIds.map((id) => this.destination(id))
    const exits = this.exits()
    const result = this.db.transaction(() => {
      const messages = this.existing(messageIds, dests[0]!.accountId)
      const byDest = new Map<number, MoveSource[]>(dests.map((d) => [d.id, []]))
      const moved: MessageRow[] = []
      for (const m of messages) {
        const here = this.locations.all(m.id) as LocationRow[]
        const movable = here
          .filter((l) => (onlyFrom === undefined ? !byDest.has(l.folder_id) : l.folder_id === onlyFrom))
          .filter((l) => exits.mayLeave(l.folder_id))
          .sort((a, b) => a.uid - b.uid)
        // A folder that has a copy already gets no other.
        const open = withoutHeld(folderIds, here)
        const away = onlyFrom === undefined ? movable : movable.slice(0, open.length)
        if (away.length === 0 || open.length === 0) continue
        moved.push(m)
        for (const l of away) this.removeLocation.run(l.id)
        // How many copies go where (null: whatever a provisional location has left), remembered
        // for the next move of the message: see noteCopies.
        const counted: CountedCopies = []
        for (const assigned of assignCopies(away, open)) {
          const { folderId, location } = assigned
          // A restore of a delete not pushed yet: the provisional location stands for every copy
          // the delete moved, but on the server Trash may hold another program's copy as well,
          // which would go too. Each folder takes one copy back.
          const take = onlyFrom !== undefined && location.uid < 0 ? (assigned.take ?? 1) : assigned.take
          counted.push({ from: location.folder_id, to: folderId, n: take ?? (location.uid < 0 ? null : 1) })
          const flags = JSON.parse(location.flags_json) as string[]
          const sources = byDest.get(folderId)!
          // Two copies back to one folder from the same provisional location are one source
          // taking two: each would otherwise take the same first copy on the server.
          const same = sources.find((s) => s.messagePk === m.id && s.uid < 0 && s.uid === location.uid)
          if (same) {
            same.take = same.take === undefined || take === undefined ? undefined : same.take + take
            if (same.take === undefined) delete same.take
            continue
          }
          sources.push({
            messagePk: m.id,
            folderId: location.folder_id,
            uidValidity: location.uid_validity,
            uid: location.uid,
            flags,
            ...(take === undefined ? {} : { take })
          })
          const dest = dests.find((d) => d.id === folderId)!
          this.insertProvisional.run(m.id, folderId, dest.uidValidity ?? 0, -m.id, JSON.stringify(flags))
        }
        this.noteCopies(m.id, counted)
      }
      if (moved.length === 0) return noChange()
      // The first folder's task goes last: a copy split from a move not pushed yet ("take")
      // leaves it whatever the others did not take.
      const taskIds: number[] = []
      for (const dest of [...new Map(dests.map((d) => [d.id, d])).values()].reverse()) {
        const sources = byDest.get(dest.id)!
        if (sources.length === 0) continue
        this.observer?.noteMoved(
          sources.map((s) => ({ messagePk: s.messagePk, fromFolderId: s.folderId })),
          dest
        )
        taskIds.push(
          this.queue.enqueue(dest.accountId, {
            kind: 'move',
            payload: { messageIds: [...new Set(sources.map((s) => s.messagePk))], folderId: dest.id, sources }
          })
        )
      }
      return this.finish(moved, moved.length, taskIds)
    })()
    if (result.count === 0 && exits.stuck.size > 0) throw this.readOnlyError(exits.stuck)
    return result
  }

  /**
   * Remembers what a putBack or a restore moved, as a move's copies are: the provisional location
   * it leaves in a folder stands for every copy it put there, and a move of the message before its
   * task runs takes all of them on the server, so that move's Undo must bring all of them back.
   */
  private noteCopies(messagePk: number, counted: CountedCopies): void {
    const copies = counted.flatMap(({ from, to, n }) => {
      // The rest of a provisional location: the copies it stands for less those others took.
      const others = counted.reduce((sum, c) => sum + (c.from === from && c.n !== null ? c.n : 0), 0)
      const count = n ?? Math.max(1, this.movedCopies.standingFor(messagePk, from) - others)
      return Array<MovedCopy>(count).fill({ from, to })
    })
    this.movedCopies.note(messagePk, copies)
  }

  /** Delete is a move to the account's Trash: restorable, and nothing is expunged. */
  delete(messageIds: number[]): ActionResult {
    return this.moveToSpecial(messageIds, '\\Trash')
  }

  /** With `fromFolderId`, only the copies in that folder: archiving from INBOX leaves Sent as is. */
  archive(messageIds: number[], fromFolderId?: number): ActionResult {
    return this.moveToSpecial(messageIds, '\\Archive', fromFolderId)
  }

  /** Moves each account's messages to that account's folder for this special use. */
  private moveToSpecial(messageIds: number[], use: '\\Trash' | '\\Archive', onlyFrom?: number): ActionResult {
    const messages = this.existing(messageIds)
    const byAccount = byAccountOf(messages)
    // Every account's folder is checked before any mail moves, and all of it moves in one
    // transaction: a refusal for one account leaves the others' mail where it was too.
    const moves = [...byAccount].map(([accountId, list]) => {
      const dest = this.specialDestination(accountId, use)
      if (!dest?.onServer) throw new CoreError('NOT_FOUND', MISSING_FOLDER[use], 'messageIds')
      return { ids: list.map((m) => m.id), dest: this.destination(dest.id) }
    })
    const exits = this.exits()
    const result = this.db.transaction(() =>
      combined(moves.map(({ ids, dest }) => this.moveFrom(ids, dest, exits, onlyFrom)))
    )()
    if (result.count === 0 && exits.stuck.size > 0) throw this.readOnlyError(exits.stuck)
    return result
  }

  /**
   * The account's folder for this use. Gmail has no Archive folder: archiving there is taking the
   * INBOX label off, the mail staying in All Mail (\All), which a move into All Mail does.
   */
  private specialDestination(accountId: number, use: '\\Trash' | '\\Archive'): FolderRecord | null {
    const found = this.folders.bySpecialUse(accountId, use)
    if (found?.onServer || use !== '\\Archive') return found
    const all = this.folders.bySpecialUse(accountId, '\\All')
    return all?.onServer ? all : found
  }

  /** Which folders mail may leave, by their rights (folder-rights.ts), for one action. */
  private exits(): Exits {
    const known = new Map<number, boolean>()
    const stuck = new Set<number>()
    return {
      stuck,
      mayLeave: (folderId) => {
        if (!known.has(folderId)) known.set(folderId, this.folders.find(folderId)?.canRemoveMail ?? true)
        const may = known.get(folderId)!
        if (!may) stuck.add(folderId)
        return may
      }
    }
  }

  private readOnlyError(folderIds: Set<number>): CoreError {
    const paths = [...folderIds].map((id) => this.folders.find(id)?.path ?? String(id)).join(', ')
    return new CoreError(
      'FOLDER_READ_ONLY',
      `${paths}: the server keeps this mail read-only for this mailbox, so it cannot be moved or deleted.`,
      'messageIds'
    )
  }

  /** A folder mail can be moved into: it exists, and the server still has it. */
  private destination(folderId: number): FolderRecord {
    const dest = this.folders.find(folderId)
    if (!dest) throw new CoreError('NOT_FOUND', `There is no folder with id ${folderId}.`, 'folderId')
    if (!dest.onServer)
      throw new CoreError(
        'INVALID_INPUT',
        `The folder ${dest.path} is no longer on the server; choose another one (its mail here stays readable).`,
        'folderId'
      )
    if (!dest.canAddMail)
      throw new CoreError(
        'FOLDER_READ_ONLY',
        `The server does not let this mailbox add mail to ${dest.path}; choose another folder.`,
        'folderId'
      )
    return dest
  }

  /** The messages, all of them existing, not archived, and of `accountId` when given. */
  private existing(ids: number[], accountId?: number): MessageRow[] {
    const rows = [...new Set(ids)].map((id) => {
      const row = this.message.get(id) as MessageRow | undefined
      if (!row) throw new CoreError('NOT_FOUND', `There is no message with id ${id}.`, 'messageIds')
      return row
    })
    if (accountId !== undefined && rows.some((m) => m.account_id !== accountId))
      throw new CoreError(
        'INVALID_INPUT',
        'Messages can only be moved to a folder of their own account.',
        'folderId'
      )
    for (const accountId of new Set(rows.map((r) => r.account_id)))
      assertNotArchived(this.account.get(accountId) as { email: string; state: AccountState })
    return rows
  }

  /** Refreshes the threads the messages belong to, once their tasks are queued. */
  private finish(messages: MessageRow[], count: number, taskIds: number[]): ActionResult {
    const threadIds = [...new Set(messages.map((m) => m.thread_id).filter((t): t is number => t !== null))]
    this.aggregates.refresh(threadIds)
    return { count, accountIds: [...byAccountOf(messages).keys()], threadIds, taskIds }
  }
}

function byAccountOf(messages: MessageRow[]): Map<number, MessageRow[]> {
  const out = new Map<number, MessageRow[]>()
  for (const m of messages) out.set(m.account_id, [...(out.get(m.account_id) ?? []), m])
  return out
}
