// A flag change looking for its message (FlagPusher.lookAgain) while a move of Rapport's of the
// same message waits behind it, on a real Dovecot. Found by a convergence soak (seed 101).
import { describe, expect, it } from 'vitest'
import { holdPushes } from './fixtures/hold-pushes'
import { expunge, serverFolder, uidOf } from './fixtures/server-mailbox'
import { closeMailbox, expectInStep, useSyncMailboxes } from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()

describe('a flag change found nowhere, with a move of the same message waiting behind it', () => {
  it('stops looking once a pass has synced since, so the move goes up (and fails) instead of waiting', async () => {
    const box = await mailbox('mona', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true, flagged: true })
      // Archived here: the move waits behind the change, its source INBOX as Rapport last saw it.
      await box.fixture.call('messages.archive', { messageIds: [pk] })
      const inbox = await serverFolder(box.other, 'INBOX')
      await expunge(box.other, 'INBOX', String(uidOf(inbox, messageId)))
      await release()
      const kinds = async () =>
        (await box.fixture.call('tasks.list', { accountId: box.accountId })).map(
          (t) => `${t.kind} ${t.state}`
        )
      expect(await kinds()).toEqual(['flags pending', 'move pending'])
      // The first pass looks again before it syncs: INBOX, where the move's source is, may not
      // have been synced since the message left it. Then it is.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await kinds()).toEqual(['flags pending', 'move pending'])
      // The next pass's look knows the source is stale: the change is dropped, and the move goes
      // up behind it and finds the message gone, which the user is told.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const tasks = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(tasks).toMatchObject([{ kind: 'move', state: 'failed', lastErrorCode: 'CHANGED_ELSEWHERE' }])
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })
})
