// A restore from Trash the server refuses, against a real Dovecot: the folder the mail came from
// was deleted there since Rapport last listed the folders. The mail stays listed in Trash as it
// was (when it was deleted, where from, its purge day), and Restore then takes it to INBOX.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { countByMessageId } from '../support/imap-probe'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient } from './fixtures/server-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

const DAY_MS = 24 * 60 * 60 * 1000

describe('a restore the server refuses', () => {
  it('leaves the mail listed in Trash as it was when its folder was deleted on the server unseen', async () => {
    const { user, corpus } = await seededUser('nadia', 1)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    const other = await otherClient(server(), user)
    try {
      await other.mailboxCreate('Tender 2026')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const messageId = corpus[0]!.messageId
      const pk = fixture.messagePk(messageId)
      const tender = await fixture.folder(accountId, 'Tender 2026')
      await fixture.call('messages.move', { messageIds: [pk], folderId: tender.id })
      await fixture.pushed(accountId)
      await fixture.call('messages.delete', { messageIds: [pk] })
      await fixture.pushed(accountId)
      const [before] = await fixture.call('trash.list', { accountId })
      expect(before).toMatchObject({
        messageId: pk,
        originFolder: 'Tender 2026',
        originFolders: ['Tender 2026']
      })

      // Deleted on the server by another program; no pass has listed the folders since.
      await other.mailboxDelete('Tender 2026')
      clock.advance(DAY_MS)
      // Straight to the actions: the command would push at once, before the hourly sweep below.
      expect(fixture.core.workspace.lifecycle.restore([pk]).count).toBe(1)
      expect(await fixture.call('trash.list', { accountId })).toEqual([])
      // The hourly sweep, while the restore waits for the server: it is not "out of Trash" yet.
      fixture.core.workspace.lifecycle.sweepTrash()
      await fixture.core.workspace.sync.pushTasks(accountId)

      const [failed] = await fixture.call('tasks.list', { accountId })
      expect(failed).toMatchObject({ kind: 'move', state: 'failed', messageIds: [pk], folder: 'Tender 2026' })
      expect(await countByMessageId(server(), user, 'Trash', messageId)).toBe(1)
      // Listed as before: deleted then, from there, purged 30 days after that; only Restore now
      // goes to INBOX, the folder being gone.
      expect(await fixture.call('trash.list', { accountId })).toEqual([{ ...before, originFolders: [] }])
      expect(before!.purgeAt).toBe(new Date(Date.parse(before!.trashedAt) + TRASH_RETENTION_MS).toISOString())
      fixture.core.workspace.lifecycle.sweepTrash()
      expect(await fixture.call('trash.list', { accountId })).toEqual([{ ...before, originFolders: [] }])

      expect(await fixture.call('trash.restore', { messageIds: [pk] })).toEqual({ restored: 1 })
      await fixture.core.workspace.sync.pushTasks(accountId)
      expect(await countByMessageId(server(), user, 'INBOX', messageId)).toBe(1)
      expect(await countByMessageId(server(), user, 'Trash', messageId)).toBe(0)
      expect(await fixture.call('trash.list', { accountId })).toEqual([])
      // Forgotten once the server took it, not at the next sweep.
      expect(fixture.core.workspace.db.prepare('SELECT message_pk FROM trash_entries').all()).toEqual([])
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})
