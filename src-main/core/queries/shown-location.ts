/**
 * A location Rapport shows (join of message_locations l and folders f): one in the folder's
 * current UIDVALIDITY, or a move not pushed yet into a folder never synced (it has none yet).
 */
export const SHOWN_LOCATION = `(l.uid_validity = f.uid_validity OR (f.uid_validity IS NULL AND l.uid < 0))`
