// A flag change a folder refused for good (it is read-only for this mailbox) is undone where the
// user sees it at once: the server's flags for those messages are read back while the session is
// still there, rather than on the next pass over that folder, minutes later for a polled folder.
import type { Database, Statement } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { lockFolder, sessionOpen } from '../mail-server/guarded-commands'
import { LocationStore } from '../store/location-store'
import { fetchChangedFlags } from './server-listing'
import { LOCATIONS_OF, type Location } from './server-uids'
import type { TaskQueue } from './task-queue'
import { groupBy, toSequenceSet } from './uid-plan'

export type RefusedFlagsDeps = { db: Database; queue: TaskQueue; onChange: (threadIds: number[]) => void }

export class RefusedFlags {
  private readonly locations: LocationStore
  private readonly locationsOf: Statement

  constructor(private readonly deps: RefusedFlagsDeps) {
    this.locations = new LocationStore(deps.db)
    this.locationsOf = deps.db.prepare(LOCATIONS_OF)
  }

  /**
   * The server's flags of these messages in these folders, written locally (with any change still
   * waiting on top, as a pass does). A refusal here changes nothing: the next pass compares every
   * flag of those folders anyway. A lost connection is thrown.
   */
  async showServerFlags(
    client: ImapFlow,
    accountId: number,
    messageIds: number[],
    folderIds: number[]
  ): Promise<void> {
    const locations = (this.locationsOf.all(JSON.stringify(messageIds)) as Location[]).filter((l) =>
      folderIds.includes(l.folder_id)
    )
    try {
      for (const group of groupBy(locations, (l) => l.folder_id).values())
        await this.reread(client, accountId, group)
    } catch (error) {
      if (!sessionOpen(client)) throw error
    }
  }

  private async reread(client: ImapFlow, accountId: number, group: Location[]): Promise<void> {
    const lock = await lockFolder(client, group[0]!.path)
    try {
      const uidValidity = Number(lock.mailbox.uidValidity)
      const here = group.filter((l) => l.uid_validity === uidValidity)
      if (here.length === 0) return
      const flags = await fetchChangedFlags(client, toSequenceSet(here.map((l) => l.uid)))
      const pending = this.deps.queue.pendingChanges(accountId)
      const change = this.deps.db.transaction(() =>
        this.locations.applyServerFlags(group[0]!.folder_id, uidValidity, flags, pending)
      )()
      if (change.threadIds.size > 0) this.deps.onChange([...change.threadIds])
    } finally {
      lock.release()
    }
  }
}
