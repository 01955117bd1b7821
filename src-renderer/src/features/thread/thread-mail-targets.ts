// Which messages a conversation-wide mail action touches. Pure, so the rules are unit-tested.
import type { Folder, MessageDetail } from '../../../../src-preload/contract'

export type ThreadMailTargets = {
  /** Unread received mail: what "Mark read" clears. */
  unread: number[]
  /** The newest received message: what "Mark unread" sets, as Gmail and Thunderbird do. */
  newestIncoming: number | null
  /** Mail in INBOX: archiving a conversation files it, and leaves Sent copies where they are. */
  inInbox: number[]
  /**
   * Every message with a server copy outside Trash: deleting a conversation deletes it all. Mail
   * in a folder the server keeps read-only for this mailbox cannot leave it, so neither list has it.
   */
  notInTrash: number[]
}

export function threadMailTargets(
  messages: readonly MessageDetail[],
  folders: readonly Folder[]
): ThreadMailTargets {
  const useOf = new Map(folders.map((f) => [f.path, f.specialUse]))
  const stuck = new Set(folders.filter((f) => !f.canRemoveMail).map((f) => f.path))
  const removable = messages.filter((m) => m.folder !== null && !stuck.has(m.folder))
  const incoming = messages.filter((m) => m.direction === 'in')
  const newest = [...incoming].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id)[0]
  return {
    unread: incoming.filter((m) => m.unread).map((m) => m.id),
    newestIncoming: newest?.id ?? null,
    inInbox: removable.filter((m) => useOf.get(m.folder!) === '\\Inbox').map((m) => m.id),
    notInTrash: removable.filter((m) => useOf.get(m.folder!) !== '\\Trash').map((m) => m.id)
  }
}

/** The account's folder for a special use, when the server still lists it. */
export const specialFolder = (folders: readonly Folder[], use: string): Folder | undefined =>
  folders.find((f) => f.specialUse === use && f.onServer)

/** Where Archive puts mail: the Archive folder, else All Mail (Gmail, where archiving leaves INBOX). */
export const archiveFolderOf = (folders: readonly Folder[]): Folder | undefined =>
  specialFolder(folders, '\\Archive') ?? specialFolder(folders, '\\All')

/**
 * Whether Archive is offered for mail shown in `current`: anywhere but the archive itself. Where
 * All Mail stands for it (Gmail), only in INBOX, as archiving is leaving INBOX there: mail in a
 * label or in Sent Mail is in All Mail already, and moving it there would only take the label off.
 */
export const canArchiveFrom = (current: Folder | undefined, archive: Folder | undefined): boolean =>
  archive?.canAddMail === true &&
  current?.id !== archive.id &&
  (archive.specialUse !== '\\All' || current?.specialUse === '\\Inbox')

/**
 * Whether Undo can move mail back from `from` (where the action put it) to `to` (where it was):
 * the server's rights must let it leave the one and enter the other.
 */
export const canMoveBack = (from: Folder | undefined, to: Folder | undefined): boolean =>
  to !== undefined && to.canAddMail && from?.canRemoveMail !== false

/** Whether delete is offered: Trash takes mail (with no Trash at all, the core says so). */
export const canDeleteTo = (trash: Folder | undefined): boolean => trash?.canAddMail !== false

/** Whether Undo of a delete can restore from Trash: its rights must let the mail leave. */
export const canUndoDelete = (trash: Folder | undefined): boolean => trash?.canRemoveMail !== false

/**
 * What the chip on a message says about its folder's rights: nothing when the server keeps its
 * flags; "read-only" when mail can neither enter nor leave it either; otherwise only the flags are
 * not kept (say "lrite": mail can be moved in and out, but not marked read).
 */
export const folderAccess = (folder: Folder | undefined): 'readOnly' | 'flagsNotKept' | null => {
  if (!folder?.readOnly) return null
  return folder.canAddMail || folder.canRemoveMail ? 'flagsNotKept' : 'readOnly'
}
