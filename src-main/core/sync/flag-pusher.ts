// Flag changes (read, unread, flagged) pushed to the server: a STORE wherever each message is
// now, and where another program moved it meanwhile, found by Message-ID (flags-elsewhere.ts).
import type { Database, Statement } from 'better-sqlite3'
import { lockFolder } from '../mail-server/guarded-commands'
import { isSyntheticMessageId } from '../mail/message-id'
import type { MessageParser } from '../mail/parse-pool'
import { changeWhereMoved, flagStores, storeAndFindGone } from './flags-elsewhere'
import type { FolderRepository } from './folder-repository'
import { flagsNotKept, keptFlags } from './kept-flags'
import { CommandRefused, refused } from './push-refusal'
import { LOCATIONS_OF, onServerNow, StoredMessageIds, type Location } from './server-uids'
import type { FlagsPayload, SecondLook, TaskQueue } from './task-queue'
import type { MailSession } from './task-runner'
import { groupBy, toSequenceSet } from './uid-plan'

/** How many times a flag change looks for messages another program moved, at most. */
export const MAX_LOOKS = 5

export type FlagPusherDeps = {
  db: Database
  queue: TaskQueue
  folders: FolderRepository
  /** Reads the server's copies of a message without a Message-ID, to find it (onServerNow). */
  parser: MessageParser
}

export class FlagPusher {
  private readonly ids: StoredMessageIds
  private readonly locationsOf: Statement
  private readonly awaitingCopy: Statement

  constructor(private readonly deps: FlagPusherDeps) {
    this.ids = new StoredMessageIds(deps.db)
    this.locationsOf = deps.db.prepare(LOCATIONS_OF)
    this.awaitingCopy = deps.db.prepare(
      `SELECT DISTINCT m.message_id FROM messages m
       JOIN outbox o ON o.account_id = m.account_id AND o.message_id = m.message_id
       WHERE m.account_id = ? AND m.id IN (SELECT value FROM json_each(?)) AND o.state = 'accepted'`
    )
  }

  /**
   * Flags go to wherever the messages are now, so a flag change after a move follows the move.
   * A message moved after the change (read, then archived) is no longer anywhere locally until
   * its move goes up: the change goes to where the server still has it, the move's source.
   * Returns the messages found gone and changed nowhere (null: none), for `lookAgain`, but those
   * in `givenUp`: a look in this flush just gave up on them.
   */
  async push(
    { client, errors }: MailSession,
    accountId: number,
    payload: FlagsPayload,
    givenUp: Set<string>
  ): Promise<SecondLook | null> {
    const locations = this.placesOf(accountId, payload.messageIds)
    const notKeptIn: Array<{ id: number; path: string }> = []
    const strayed = new Set<number>()
    // Changed in at least one folder: another copy gone missing is looked for, but not again.
    const changed = new Set<number>()
    for (const [path, group] of groupBy(locations, (l) => l.path)) {
      const lock = await lockFolder(client, path)
      try {
        const current = await onServerNow(
          client,
          group.map((l) => ({ messagePk: l.message_pk, uid: l.uid, uidValidity: l.uid_validity })),
          this.ids,
          this.deps.parser
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
        const uids = current.map((l) => l.uid)
        const stores = flagStores(client, toSequenceSet(uids), { add, remove }, (what) =>
          refused(client, errors, `${what} in ${path}`)
        )
        const gone = new Set(await storeAndFindGone(client, path, uids, stores))
        for (const l of current) (gone.has(l.uid) ? strayed : changed).add(l.messagePk)
      } finally {
        lock.release()
      }
    }
    let trail: SecondLook | null = null
    if (strayed.size > 0) {
      // Moved by another client since the last pass: the change goes where it went.
      const searched = new Set(locations.map((l) => l.folder_id))
      const missing = new Set(
        await changeWhereMoved(
          client,
          this.deps.folders.synced(accountId).filter((f) => !searched.has(f.id)),
          this.ids.ofAll([...strayed]),
          payload
        )
      )
      trail = this.lostTrail(
        locations,
        (pk, messageId) => !changed.has(pk) && missing.has(messageId) && !givenUp.has(messageId)
      )
    }
    trail = this.withCopiesAwaited(accountId, payload.messageIds, locations, trail, givenUp)
    if (notKeptIn.length > 0)
      throw new CommandRefused(
        `${notKeptIn.map((f) => f.path).join(', ')} cannot keep this change: the server does not let this mailbox make it there.`,
        'NOPERM',
        'FLAGS_NOT_KEPT',
        notKeptIn.map((f) => f.id)
      )
    return trail
  }

  /**
   * Looks again for messages `push` found nowhere: by Message-ID in every synced folder, stored
   * places or not (a pass since may have dropped the place they left). In a folder a message
   * left, only a copy above the UID it had there is it, come back; one below is an older message
   * under the same Message-ID.
   * Returns what to look for once more: the messages found nowhere again that Rapport still has
   * somewhere on the server. A pass matches moved mail by Message-ID, so a message still moving
   * keeps a place, and one expunged, or gone to a folder Rapport does not sync, loses it. After
   * MAX_LOOKS, or once a message has no place, there is nothing left to change: `givenUp` lists it.
   */
  async lookAgain(
    { client }: MailSession,
    accountId: number,
    payload: FlagsPayload,
    trail: SecondLook
  ): Promise<{ again: SecondLook | null; givenUp: string[] }> {
    const floors = new Map(trail.left.map((l) => [`${l.folderId}:${l.uidValidity}:${l.messageId}`, l.uid]))
    const synced = this.deps.folders.synced(accountId)
    const missing = new Set(
      await changeWhereMoved(
        client,
        synced,
        trail.messageIds,
        payload,
        (folder, uidValidity, messageId, uid) =>
          uid > (floors.get(`${folder.id}:${uidValidity}:${messageId}`) ?? 0)
      )
    )
    // Where Rapport has it in a synced folder (a pass keeps those current): the place it left, no
    // pass since, also as the source of a move of Rapport's still waiting; or one a pass found.
    // Not an older message under its Message-ID below that place, which a pass may take for it.
    // The place it left counts only until a pass over every folder has ended well since the first
    // look (TaskQueue.notePassOverAll): that pass would have found where it went. A pass drops
    // a stored place it no longer finds, but a waiting move's source stays until the move goes
    // up, which waits behind this change: it would keep the change looking through all
    // MAX_LOOKS, and the move waiting.
    const passedSince = (trail.passes ?? 0) > 0
    const leftPlaces = new Set(trail.left.map((l) => `${l.folderId}:${l.uidValidity}:${l.uid}`))
    const syncedIds = new Set(synced.map((f) => f.id))
    const placed = ({ messagePk, messageId }: SecondLook['left'][number]) =>
      this.placesOf(accountId, [messagePk]).some(
        (l) =>
          syncedIds.has(l.folder_id) &&
          l.uid >= (floors.get(`${l.folder_id}:${l.uid_validity}:${messageId}`) ?? 0) &&
          !(passedSince && leftPlaces.has(`${l.folder_id}:${l.uid_validity}:${l.uid}`))
      )
    // This look and the ones before it, the first included.
    const looking = trail.looks + 2 < MAX_LOOKS
    const left = trail.left.filter((l) => missing.has(l.messageId) && looking && placed(l))
    const messageIds = [...new Set(left.map((l) => l.messageId))]
    const givenUp = [...missing].filter((id) => !messageIds.includes(id))
    const again = { messageIds, left, looks: trail.looks + 1, passes: trail.passes ?? 0 }
    return { again: left.length === 0 ? null : again, givenUp }
  }

  /**
   * Sent mail its SMTP server took whose copy for Sent is not saved yet (the mailbox was lost
   * after the server's answer; outbox state 'accepted') is nowhere on the server that Rapport
   * knows. Finishing the change there lost it for good once the copy came with \\Seen alone. It
   * is looked for again instead, by Message-ID in every synced folder, after the next pass, by
   * which the Outbox has saved the copy, or a pass found the one the server filed itself.
   */
  private withCopiesAwaited(
    accountId: number,
    messagePks: number[],
    locations: Location[],
    trail: SecondLook | null,
    givenUp: Set<string>
  ): SecondLook | null {
    const placed = new Set(locations.map((l) => l.message_pk))
    const unplaced = messagePks.filter((pk) => !placed.has(pk))
    if (unplaced.length === 0) return trail
    const awaited = (
      this.awaitingCopy.all(accountId, JSON.stringify(unplaced)) as Array<{ message_id: string }>
    )
      .map((r) => r.message_id)
      .filter((id) => !givenUp.has(id))
    if (awaited.length === 0) return trail
    const look = trail ?? { messageIds: [], left: [], looks: 0, passes: 0 }
    return { ...look, messageIds: [...new Set([...look.messageIds, ...awaited])] }
  }

  /** The trail of the located messages `lost` picks; null when it picks none. */
  private lostTrail(
    locations: Location[],
    lost: (messagePk: number, messageId: string) => boolean
  ): SecondLook | null {
    const left: SecondLook['left'] = []
    for (const l of locations) {
      const messageId = this.ids.of(l.message_pk)
      // A Message-ID Rapport made up (the message had none) is found by no search.
      if (messageId === null || isSyntheticMessageId(messageId) || !lost(l.message_pk, messageId)) continue
      left.push({
        messageId,
        messagePk: l.message_pk,
        folderId: l.folder_id,
        uidValidity: l.uid_validity,
        uid: l.uid
      })
    }
    return left.length === 0
      ? null
      : { messageIds: [...new Set(left.map((l) => l.messageId))], left, looks: 0, passes: 0 }
  }

  /**
   * Where the server has these messages as Rapport knows: their locations, and the sources of
   * their waiting moves (a moved message has no UID in the destination until its move goes up).
   */
  private placesOf(accountId: number, messageIds: number[]): Location[] {
    return [
      ...(this.locationsOf.all(JSON.stringify(messageIds)) as Location[]),
      ...this.movingFrom(accountId, messageIds)
    ]
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
}
