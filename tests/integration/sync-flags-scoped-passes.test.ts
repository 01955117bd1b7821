// FlagPusher.lookAgain stops counting the place a message was found gone from once a pass over
// every folder has synced since. A real-time INBOX pass (scope 'inbox') syncs INBOX only: it must
// not count, or a message another program is moving out of another folder loses its place, the
// change is given up, and the user's read mark never reaches the message where it lands. Found by
// a review, on Dovecot.
import { describe, expect, it } from 'vitest'
import { holdPushes } from './fixtures/hold-pushes'
import { moveOnServer, serverFolder, storedFlags, uidOf } from './fixtures/server-mailbox'
import { addSyncedFolders, closeMailbox, useSyncMailboxes } from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()

describe('a flag change looking for a message still moving out of Work, while INBOX passes run', () => {
  it('keeps looking until a pass has synced Work, and reaches the message where it lands', async () => {
    const box = await mailbox('scop', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await addSyncedFolders(box, { Work: [], Stash: [] })
      const { messageId } = box.corpus[0]!
      await moveOnServer(box.other, 'INBOX', messageId, 'Work')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const pk = box.messagePk(messageId)
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      // Another program moves it in two steps, the copy last: taken out of Work first.
      const uid = uidOf(await serverFolder(box.other, 'Work'), messageId)
      const lock = await box.other.getMailboxLock('Work')
      let raw: Buffer
      try {
        const fetched = await box.other.fetchOne(String(uid), { source: true }, { uid: true })
        if (!fetched || !fetched.source) throw new Error(`Work has no message at UID ${uid}`)
        raw = fetched.source
        await box.other.messageDelete(String(uid), { uid: true })
      } finally {
        lock.release()
      }
      // The push finds it nowhere (not a pass): looked for again later.
      await release()
      const kinds = async () =>
        (await box.fixture.call('tasks.list', { accountId: box.accountId })).map(
          (t) => `${t.kind} ${t.state}`
        )
      expect(await kinds()).toEqual(['flags pending'])
      // Two real-time INBOX passes (new mail in INBOX, say): neither syncs Work, where Rapport
      // still has the message.
      const { sync } = box.fixture.core.workspace
      await sync.runScope(box.accountId, 'inbox')
      await sync.runScope(box.accountId, 'inbox')
      const afterInboxPasses = await kinds()
      // The other program's copy lands in Stash; the next pass looks before it syncs.
      await box.other.append('Stash', raw)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const stash = await serverFolder(box.other, 'Stash')
      expect({
        afterInboxPasses,
        onServer: stash.get(uidOf(stash, messageId))!.flags,
        here: storedFlags(box.db, pk)
      }).toEqual({ afterInboxPasses: ['flags pending'], onServer: ['\\Seen'], here: ['\\Seen'] })
    } finally {
      await closeMailbox(box)
    }
  })
})
