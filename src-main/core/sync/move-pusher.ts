// Moves pushed to the server: UID MOVE in chunks (or imapflow's COPY, STORE and EXPUNGE without
// MOVE), where each message then is locally, and the way back when the server refuses for good.
import type { Database, Statement } from 'better-sqlite3'
import type { CopyResponseObject, ImapFlow } from 'imapflow'
import {
  lockFolder,
  searchUids,
  sessionLost,
  sessionOpen,
  skipRefused
} from '../mail-server/guarded-commands'
import { isSyntheticMessageId } from '../mail/message-id'
import type { MessageParser } from '../mail/parse-pool'
import { editFlags, MessageFlags } from '../store/message-flags'
import { copiedSources, destinationCopies } from './copied-earlier'
import type { FolderRecord, FolderRepository } from './folder-repository'
import { findInFolders, uidsByMessageId } from './message-id-search'
import { sparingOthersMarkedDeleted } from './others-marked-deleted'
import { CommandRefused, refused } from './push-refusal'
import { keptRefusal, notExpunged, removalRefused, RemovalRefused, type LandedCopy } from './removal-refused'
import { LOCATIONS_OF, onServerNow, StoredMessageIds, type Location } from './server-uids'
import type { MovePayload, MoveSource, PendingChanges } from './task-queue'
import type { MailSession } from './task-runner'
import { forgetLeftTrash } from './trash-retention'
import { chunk, groupBy, toSequenceSet } from './uid-plan'

/** UIDs per MOVE command; see push. */
const MOVE_CHUNK = 1000

export type MovePusherDeps = {
  db: Database
  /** Reads the server's copies of a message without a Message-ID, to find it (onServerNow). */
  parser: MessageParser
  folders: FolderRepository
  onChange: (threadIds: number[]) => void
}

export class MovePusher {
  /**
   * Per move task, the sources it has moved on the server so far, chunk by chunk, over all its
   * tries: if a later chunk is refused for good, these are not put back where they were (see
   * undo). Lost with a restart; the next full comparison of the source then drops them.
   */
  private readonly movedByTask = new Map<number, Set<string>>()
  private readonly flags: MessageFlags
  private readonly ids: StoredMessageIds
  private readonly locationsOf: Statement
  private readonly placeLocation: Statement
  private readonly restoreLocation: Statement
  private readonly provisionalFlags: Statement
  private readonly dropProvisional: Statement
  private readonly settleDeleted: Statement
  private readonly provisionalIn: Statement
  private readonly resetModseq: Statement
  private readonly dropMoved: Statement
  private readonly numberFolder: Statement
  private readonly forgetTrash: Statement

  constructor(private readonly deps: MovePusherDeps) {
    const { db } = deps
    this.flags = new MessageFlags(db)
    this.ids = new StoredMessageIds(db)
    this.locationsOf = db.prepare(LOCATIONS_OF)
    this.placeLocation =
      db.prepare(`INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid, flags_json)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
    // Only under the numbering the folder has now: a UID of one the server has since replaced
    // (a UIDVALIDITY change) names nothing there, and no pass would ever clear it.
    this.restoreLocation =
      db.prepare(`INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid, flags_json)
      SELECT @messagePk, id, uid_validity, @uid, @flags FROM folders WHERE id = @folderId AND uid_validity = @uidValidity
      ON CONFLICT DO NOTHING`)
    this.provisionalFlags = db.prepare(
      'SELECT flags_json FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid < 0'
    )
    this.dropProvisional = db.prepare(
      'DELETE FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid < 0'
    )
    this.provisionalIn = db.prepare(`SELECT l.message_pk, m.message_id, l.flags_json
      FROM message_locations l JOIN messages m ON m.id = l.message_pk
      WHERE l.folder_id = ? AND l.uid < 0 AND l.message_pk IN (SELECT value FROM json_each(?))`)
    this.resetModseq = db.prepare('UPDATE folders SET highest_modseq = NULL WHERE id = ?')
    this.dropMoved = db.prepare(
      'DELETE FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid = ? AND uid > 0'
    )
    // A folder never synced has no numbering of its own yet: the one its first server location
    // shows is it (as forgetServerNumbering takes it), or that mail would be in no folder Rapport
    // shows, and could not be put back there by the undo of a later move.
    this.numberFolder = db.prepare(
      'UPDATE folders SET uid_validity = ? WHERE id = ? AND uid_validity IS NULL'
    )
    // After a move, "deleted on the server" is whether any location is left: a message a
    // renumbering had marked is found again at the UID the move gave it.
    this.settleDeleted = db.prepare(`UPDATE messages SET deleted_on_server =
      NOT EXISTS (SELECT 1 FROM message_locations WHERE message_pk = messages.id) WHERE id = ?`)
    this.forgetTrash = forgetLeftTrash(db)
  }

  /**
   * Moves the task's messages on the server; `retry` when an earlier try may have done part of it.
   * Returns the messages it could not move because they were gone from where the move expected
   * them (another program moved or deleted them first): none of their copies reached the
   * destination.
   */
  async push(session: MailSession, taskId: number, payload: MovePayload, retry: boolean): Promise<number[]> {
    const { client } = session
    const dest = this.deps.folders.find(payload.folderId)
    if (!dest)
      throw new CommandRefused('The destination folder no longer exists.', 'NONEXISTENT', 'FOLDER_GONE')
    const copies =
      retry && !client.capabilities.has('MOVE')
        ? await destinationCopies(client, dest.path, payload.messageIds, this.ids)
        : null
    for (const [folderId, sources] of groupBy(this.resolveSources(payload.sources), (s) => s.folderId)) {
      const source = this.deps.folders.find(folderId)
      // A folder deleted on the server has nothing left to move: what was only there stays
      // provisional and is settled below like any message gone before its move.
      if (!source?.onServer) continue
      let refusal: RemovalRefused | null = null
      const lock = await lockFolder(client, source.path)
      try {
        const current = await onServerNow(client, sources, this.ids, this.deps.parser)
        if (current.length > 0 && !client.capabilities.has('MOVE')) refusal = removalRefused(lock.mailbox)
        if (refusal && copies) {
          // What an earlier try copied before this was known (a task from an older Rapport) goes
          // again: left there, the next pass would show the mail in both folders.
          const copied = await copiedSources(client, current, this.ids, copies)
          for (const s of current)
            if (copied.has(s.uid)) refusal.landed.push({ messagePk: s.messagePk, uid: copied.get(s.uid) })
        }
        // In pieces: one MOVE of tens of thousands of UIDs can keep a server (Gmail, Exchange)
        // silent past the stall timeout, and then it would be retried, whole, on every pass.
        if (!refusal)
          for (const part of chunk(current, MOVE_CHUNK)) {
            const copied = copies ? await copiedSources(client, part, this.ids, copies) : new Map()
            await this.moveOnServer(session, taskId, source, dest, part, copied)
          }
      } catch (error) {
        if (!(error instanceof RemovalRefused)) throw error
        refusal = error
      } finally {
        lock.release()
      }
      if (refusal) {
        await this.takeBackCopies(session, dest, refusal.landed)
        throw refusal
      }
    }
    const searched = await this.placeByMessageId(client, dest, payload.messageIds)
    // Whatever is still provisional was gone from the server before we could move it: another
    // program moved or expunged it first (overtaken), unless this task moved it after all.
    const moved = new Set([...(this.movedByTask.get(taskId) ?? [])].map((key) => Number(key.split(':')[0])))
    const overtaken = (
      this.provisionalIn.all(dest.id, JSON.stringify(payload.messageIds)) as Array<{
        message_pk: number
        message_id: string
        flags_json: string
      }>
    )
      // A real Message-ID not found in the destination was not moved there, whatever the server
      // answered (without UIDPLUS every UID counts as moved). A made-up one cannot be searched:
      // moved by this task, or after a try whose answer was lost, it is not said to be overtaken.
      // So is any in a destination this mailbox may add to but not read (a drop box).
      .filter(
        (m) => (searched && !isSyntheticMessageId(m.message_id)) || (!moved.has(m.message_pk) && !retry)
      )
    // Shown where the other program put it, not as deleted until some later pass finds it there.
    if (overtaken.length > 0) await this.placeElsewhere(client, dest, overtaken)
    this.deps.db.transaction(() => {
      for (const pk of payload.messageIds) {
        this.dropProvisional.run(pk, dest.id)
        this.settleDeleted.run(pk)
        // A restore from Trash is done now; refused, its entry would have stayed (TrashRetention).
        this.forgetTrash.run(pk)
        this.flags.merge(pk)
      }
    })()
    this.deps.onChange([])
    return overtaken.map((m) => m.message_pk)
  }

  /**
   * Removes the copies a move refused for good left in the destination (copied by an earlier try,
   * or by this one before its EXPUNGE erased nothing), there and locally. Each is alike to a
   * message that stays in its source, so nothing is lost. Not removed (the destination refused),
   * they stay: a copy too many, and the move's own refusal is what the user is told.
   */
  private async takeBackCopies({ client, errors }: MailSession, dest: FolderRecord, copies: LandedCopy[]) {
    if (copies.length === 0) return
    const lock = await lockFolder(client, dest.path)
    try {
      // Without COPYUID, the copy just made is the newest of its Message-ID there. A made-up one
      // cannot be searched: that copy stays.
      const unknown = copies.filter((c) => c.uid === undefined)
      const found = unknown.length
        ? await uidsByMessageId(
            client,
            this.ids.ofAll(unknown.map((c) => c.messagePk)).filter((id) => !isSyntheticMessageId(id)),
            `search ${dest.path}`
          )
        : new Map<string, number[]>()
      const placed = copies.flatMap((c) => {
        const uid = c.uid ?? Math.max(...(found.get(this.ids.of(c.messagePk) ?? '') ?? []))
        return Number.isFinite(uid) ? [{ messagePk: c.messagePk, uid }] : []
      })
      if (placed.length === 0) return
      const uids = placed.map((c) => c.uid)
      const removed = await sparingOthersMarkedDeleted(
        client,
        uids,
        () => client.messageDelete(toSequenceSet(uids), { uid: true }),
        errors
      ).catch((error: unknown) => {
        if (error instanceof CommandRefused) return false
        throw error
      })
      if (!removed) {
        if (!sessionOpen(client)) throw sessionLost(client)
        return
      }
      this.deps.db.transaction(() => {
        for (const c of placed) this.dropMoved.run(c.messagePk, dest.id, c.uid)
      })()
    } finally {
      lock.release()
    }
  }

  /**
   * One UID MOVE of part of a folder's sources, and where each message now is locally. Sources
   * an earlier try copied to the destination already (`copied`, by UID; see copied-earlier.ts)
   * are only removed here.
   */
  private async moveOnServer(
    { client, errors }: MailSession,
    taskId: number,
    source: FolderRecord,
    dest: FolderRecord,
    part: MoveSource[],
    copied: ReadonlyMap<number, number>
  ): Promise<void> {
    const again = part.filter((s) => copied.has(s.uid))
    const fresh = part.filter((s) => !copied.has(s.uid))
    if (again.length > 0) {
      const uids = again.map((s) => s.uid)
      const removed = await sparingOthersMarkedDeleted(
        client,
        uids,
        () => client.messageDelete(toSequenceSet(uids), { uid: true }),
        errors
      )
      if (!removed) throw refused(client, errors, `Could not remove moved mail from ${source.path}`)
      const kept = await notExpunged(client, uids, `check ${source.path}`)
      this.recordMoved(
        taskId,
        source,
        dest,
        again.filter((s) => !kept.has(s.uid)),
        null,
        false
      )
      const refusal = keptRefusal(source.path, again, kept, (uid) => copied.get(uid))
      if (refusal) throw refusal
    }
    if (fresh.length === 0) return
    const uidPlus = client.capabilities.has('UIDPLUS')
    const move = async (sources: MoveSource[]) => {
      const uids = sources.map((s) => s.uid)
      const moveThem = () => client.messageMove(toSequenceSet(uids), dest.path, { uid: true })
      // Without MOVE, imapflow's move ends in an EXPUNGE (see others-marked-deleted.ts).
      const result = client.capabilities.has('MOVE')
        ? await moveThem()
        : await sparingOthersMarkedDeleted(client, uids, moveThem, errors)
      if (!result) throw refused(client, errors, `Could not move mail from ${source.path} to ${dest.path}`)
      return result
    }
    const result = await move(fresh)
    // Copied, yet still here after the EXPUNGE: the folder keeps its mail (see removal-refused.ts).
    const kept = client.capabilities.has('MOVE')
      ? new Set<number>()
      : await notExpunged(
          client,
          fresh.filter((s) => !uidPlus || result.uidMap?.has(s.uid)).map((s) => s.uid),
          `check ${source.path}`
        )
    // Dovecot answers a MOVE whose UIDs include one another session expunged meanwhile (not yet
    // told to this one) with OK, and moves none of them. A UID the COPYUID leaves out that is
    // still in the folder was not moved: it goes again, now that the expunge has been told.
    const unmoved = uidPlus ? fresh.filter((s) => !result.uidMap?.has(s.uid)) : []
    const still = unmoved.length
      ? new Set(
          await searchUids(client, { uid: toSequenceSet(unmoved.map((s) => s.uid)) }, `check ${source.path}`)
        )
      : new Set<number>()
    const retried = unmoved.filter((s) => still.has(s.uid))
    this.recordMoved(
      taskId,
      source,
      dest,
      fresh.filter((s) => !still.has(s.uid) && !kept.has(s.uid)),
      result,
      uidPlus
    )
    const refusal = keptRefusal(source.path, fresh, kept, (uid) => result.uidMap?.get(uid))
    if (refusal) throw refusal
    if (retried.length > 0) this.recordMoved(taskId, source, dest, retried, await move(retried), uidPlus)
  }

  /** Where moved messages now are locally: gone from the source, placed by COPYUID when given. */
  private recordMoved(
    taskId: number,
    source: FolderRecord,
    dest: FolderRecord,
    part: MoveSource[],
    result: CopyResponseObject | null,
    uidPlus: boolean
  ): void {
    const moved = this.movedByTask.get(taskId) ?? new Set<string>()
    this.movedByTask.set(taskId, moved)
    // A server with UIDPLUS gives each moved UID its new one (COPYUID; none at all when every UID
    // was gone): a UID it leaves out was gone already, moved or expunged by another program.
    // Without UIDPLUS, or for a removal of copies made earlier, every UID counts as moved.
    const movedHere = (uid: number) => !result || !uidPlus || (result.uidMap?.has(uid) ?? false)
    this.deps.db.transaction(() => {
      for (const s of part) {
        if (movedHere(s.uid)) moved.add(sourceKey(s.messagePk, source.id))
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
        this.numberFolder.run(Number(result.uidValidity), dest.id)
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
   * Message-ID instead of calling them deleted until the next pass finds them there. Returns
   * false when the destination refused to open: this mailbox may add mail to it, not read it (a
   * drop box), and the move, done, was failed as refused and put back where it no longer is.
   */
  private async placeByMessageId(
    client: ImapFlow,
    dest: { id: number; path: string },
    messagePks: number[]
  ): Promise<boolean> {
    const missing = this.provisionalIn.all(dest.id, JSON.stringify(messagePks)) as Array<{
      message_pk: number
      message_id: string
      flags_json: string
    }>
    if (missing.length === 0) return true
    const lock = await lockFolder(client, dest.path, { readOnly: true }).catch(skipRefused)
    if (!lock) return false
    try {
      const uidValidity = Number(lock.mailbox.uidValidity)
      // Lost, the search would leave the message looking deleted once the move completes.
      const uids = await uidsByMessageId(
        client,
        missing.map((m) => m.message_id),
        `search ${dest.path}`
      )
      for (const m of missing) {
        const found = uids.get(m.message_id) ?? []
        if (found.length === 0) continue
        this.deps.db.transaction(() => {
          this.dropProvisional.run(m.message_pk, dest.id)
          this.numberFolder.run(uidValidity, dest.id)
          this.placeLocation.run(m.message_pk, dest.id, uidValidity, Math.max(...found), m.flags_json)
        })()
      }
    } finally {
      lock.release()
    }
    return true
  }

  /** Overtaken messages, looked up by Message-ID in the account's other synced folders. */
  private async placeElsewhere(
    client: ImapFlow,
    dest: FolderRecord,
    missing: Array<{ message_pk: number; message_id: string; flags_json: string }>
  ): Promise<void> {
    const folders = this.deps.folders
      .synced(dest.accountId)
      .filter((f) => f.id !== dest.id && f.uidValidity !== null)
    await findInFolders(
      client,
      folders,
      missing.map((m) => m.message_id),
      true,
      (folder, uidValidity, found) => {
        // Renumbered since the last pass: its UIDs are the next pass's to match.
        if (uidValidity !== folder.uidValidity) return
        for (const m of missing)
          for (const uid of found.get(m.message_id) ?? [])
            this.placeLocation.run(m.message_pk, folder.id, uidValidity, uid, m.flags_json)
      }
    )
  }

  /** A source that was itself still provisional (moved twice quickly) is wherever the first move put it. */
  private resolveSources(sources: MoveSource[]): MoveSource[] {
    return sources.flatMap((s) => {
      if (s.uid > 0) return [s]
      // Every copy the first move put there: a message it took from two folders (a note to
      // self, in INBOX and Sent) is there twice, and both must come along.
      const rows = this.locationsOf.all(JSON.stringify([s.messagePk])) as Location[]
      const copies = rows.filter((r) => r.folder_id === s.folderId)
      // The first move went up but its answer (COPYUID) was lost: where it put the message is
      // known only to the server. A UIDVALIDITY no folder has makes onServerNow look for it there
      // by Message-ID, instead of the move finding nothing to move.
      if (copies.length === 0) return [{ ...s, uidValidity: -1 }]
      return copies
        .slice(0, s.take ?? copies.length)
        .map((r) => ({ ...s, uid: r.uid, uidValidity: r.uid_validity }))
    })
  }

  /** The task went up: what it moved is no longer needed for a way back. */
  done(taskId: number): void {
    this.movedByTask.delete(taskId)
  }

  /**
   * A move refused for good: puts the sources back where the server still has them. Runs inside
   * the caller's transaction, after the task is marked failed.
   */
  undo(taskId: number, payload: MovePayload, pending: PendingChanges): void {
    const moved = this.movedByTask.get(taskId) ?? new Set<string>()
    this.movedByTask.delete(taskId)
    for (const s of payload.sources) {
      this.dropProvisional.run(s.messagePk, payload.folderId)
      // A chunk that went up before the refusal moved these for real: they stay moved.
      // Renumbered meanwhile, the source is matched again by the full comparison below.
      // With the flag changes made since and still on their way up on top (their tasks follow
      // this one, and reach the copy put back here), as a pass shows them.
      const edits = pending.get(s.messagePk) ?? []
      const flags = edits.reduce<string[]>((f, e) => editFlags(f, e.add, e.remove), s.flags)
      if (s.uid > 0 && !moved.has(sourceKey(s.messagePk, s.folderId)))
        this.restoreLocation.run({ ...s, flags: JSON.stringify(flags) })
      this.flags.merge(s.messagePk)
      // While the move waited, passes over the source skipped these messages (they were not
      // there locally) and moved HIGHESTMODSEQ past their flag changes and expunges: the
      // next pass compares the whole folder.
      this.resetModseq.run(s.folderId)
    }
  }
}

const sourceKey = (messagePk: number, folderId: number) => `${messagePk}:${folderId}`
