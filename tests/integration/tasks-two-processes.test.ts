// Two Rapport processes on one data directory (`rapport sync` in a terminal beside the app, which
// the README supports): a queued change the app is pushing must not be run a second time by the
// other process, after the user's later change of the same message went up.
import { describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { closeFaultMailbox, useFaultServer } from './fixtures/fault-mailbox'
import { otherClient, serverFolder, storedFlags, uidOf } from './fixtures/server-mailbox'

const faults = useFaultServer()

describe('a second process on the data directory while the app pushes a flag change', () => {
  it("does not run the app's running change again: read then unread ends unread on the server", async () => {
    const box = await faults.mailbox('twoproc', 2)
    try {
      const app = box.fixture
      await app.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.pkOf(messageId)
      expect(storedFlags(box.db, pk)).not.toContain('\\Seen')
      // The app's STORE of "read" is on its way (a slow line): meanwhile the user marks it unread
      // again, and `rapport sync` runs in a terminal on the same data directory.
      const held = box.proxy.beforeCommand(/UID STORE/, 1, async () => {
        await app.call('messages.setFlags', { messageIds: [pk], seen: false })
        const cli = new Core({
          dataDir: app.dataDir,
          secrets: new MemorySecretStore(null),
          log: () => undefined
        })
        try {
          await cli.secrets.set(cli.workspace.accounts.get(box.accountId).secretRef, box.user.password)
          const synced = await cli.dispatch('sync.run', { accountId: box.accountId })
          expect(synced.ok).toBe(true)
        } finally {
          cli.close()
        }
      })
      await app.call('messages.setFlags', { messageIds: [pk], seen: true })
      await held
      await app.waitFor(
        'the app to push both changes',
        () => box.fixture.core.workspace.sync.pendingChanges(box.accountId).size === 0
      )
      await app.core.workspace.sync.pushTasks(box.accountId)
      // What the user did last: unread.
      const other = await otherClient(faults.server, box.user)
      try {
        const inbox = await serverFolder(other, 'INBOX')
        expect(inbox.get(uidOf(inbox, messageId))!.flags, 'flags on the server').not.toContain('\\Seen')
      } finally {
        await other.logout()
      }
      await app.call('sync.run', { accountId: box.accountId })
      expect(storedFlags(box.db, pk), 'flags shown after the next pass').not.toContain('\\Seen')
    } finally {
      await closeFaultMailbox(box)
    }
  })
})
