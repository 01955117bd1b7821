// Whether a message's server copies are gone or only marked \Deleted, told at read time from its
// locations, so a folder that comes back or a flag taken off clears it without a write. The thread
// view says it per message; the lists say it per row (conversation list, search results).
import type { ServerDeletion } from '../../../src-preload/contract'
import { SHOWN_LOCATION } from './shown-location'

/** The columns serverDeletionColumns adds; `deleted_on_server` is the caller's to select. */
export type ServerDeletionRow = {
  deleted_on_server: number | null
  only_in_gone_folders: number
  marked_deleted: number
}

/**
 * Two columns about the message `alias` (a table alias of messages): `only_in_gone_folders` and
 * `marked_deleted`. Both look up message_locations by message_pk (its index), so a page of rows
 * costs a few index probes each, whatever the size of the mailbox.
 */
export function serverDeletionColumns(alias: string): string {
  // Every copy is in a folder the server no longer lists: deleting a folder deletes its mail
  // there, and the folder's rows keep their locations (so a folder that comes back, or is renamed
  // onto the name of a deleted one, is followed with its mail).
  const onlyInGoneFolders = `(EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = ${alias}.id)
    AND NOT EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
      WHERE l.message_pk = ${alias}.id AND f.on_server = 1)) AS only_in_gone_folders`
  // Every copy on the server is marked \Deleted and not yet erased: another program deleted it
  // without expunging (Outlook, Apple Mail and Thunderbird in "mark as deleted" mode). It is
  // still mail there, and may be undeleted, so Rapport keeps it as it is and says so.
  const serverCopy = `FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = ${alias}.id AND f.on_server = 1 AND l.uid > 0 AND ${SHOWN_LOCATION}`
  const markedDeleted = `(EXISTS (SELECT 1 ${serverCopy})
    AND NOT EXISTS (SELECT 1 ${serverCopy}
      AND NOT EXISTS (SELECT 1 FROM json_each(l.flags_json) WHERE value = '\\Deleted'))) AS marked_deleted`
  return `${onlyInGoneFolders}, ${markedDeleted}`
}

/** Gone from the server wins: a message both gone and marked (left over) is gone. */
export function serverDeletion(row: ServerDeletionRow): ServerDeletion | null {
  if (row.deleted_on_server === 1 || row.only_in_gone_folders === 1) return 'deleted'
  return row.marked_deleted === 1 ? 'marked' : null
}

/** As a message says it (MessageSummary): at most one of the two is true. */
export function serverDeletionFlags(row: ServerDeletionRow): {
  deletedOnServer: boolean
  markedDeletedOnServer: boolean
} {
  const state = serverDeletion(row)
  return { deletedOnServer: state === 'deleted', markedDeletedOnServer: state === 'marked' }
}
