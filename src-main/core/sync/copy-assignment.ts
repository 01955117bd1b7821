// Which copy of a message goes to which folder when a restore puts it back in several folders.

/** A message's copy in a folder, as message_locations holds it. */
export type LocationRow = {
  id: number
  folder_id: number
  uid_validity: number
  uid: number
  flags_json: string
}

/** The folders still to fill: `folderIds` less one entry for each copy already in one of them. */
export function withoutHeld(folderIds: number[], here: LocationRow[]): number[] {
  const open = [...folderIds]
  for (const l of here) {
    const at = open.indexOf(l.folder_id)
    if (at >= 0) open.splice(at, 1)
  }
  return open
}

/**
 * Which copy goes to which folder: the n-th copy to the n-th folder, extra copies to the first.
 * A move not pushed yet leaves one provisional location (negative UID) standing for every copy
 * it took; it is split when the tasks run, each other folder taking one copy from there.
 */
export function assignCopies(
  away: LocationRow[],
  folderIds: number[]
): Array<{ folderId: number; location: LocationRow; take?: number }> {
  if (away.length === 1 && away[0]!.uid < 0)
    return folderIds.map((folderId, i) => ({ folderId, location: away[0]!, ...(i === 0 ? {} : { take: 1 }) }))
  return away.map((location, i) => ({ folderId: folderIds[i] ?? folderIds[0]!, location }))
}
