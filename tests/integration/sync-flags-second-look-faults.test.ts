// Flag changes of mail another program moves, against a real Dovecot behind a fault proxy. A
// message found nowhere at the first look whose second look is cut off or refused: the second look
// is kept with the task (migration 0040), so the retry is a second look too, and finds the message
// though the pass has dropped the place it left. And a message moved between the two STOREs of
// one change (set a flag, clear another), which the first STORE's answer made look changed.
import { describe, expect, it } from 'vitest'
import { holdPushes } from './fixtures/hold-pushes'
import { moveOnServer, otherClient, serverFolder, uidOf } from './fixtures/server-mailbox'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

/** A synced mailbox behind the proxy, a Projects folder Rapport does not sync, another client. */
async function synced(name: string) {
  const box = await faults.mailbox(name, 2)
  const other = await otherClient(faults.server, box.user)
  await box.fixture.call('sync.run', { accountId: box.accountId })
  await other.mailboxCreate('Projects')
  const { messageId } = box.corpus[0]!
  return { box, other, sync: box.fixture.core.workspace.sync, messageId, pk: box.pkOf(messageId) }
}

describe('flag changes of mail another program moves, under faults', () => {
  it('is a second look again after the reconnect, and makes the change where the message went', async () => {
    const { box, other, sync, messageId, pk } = await synced('lena')
    try {
      const release = holdPushes(box.fixture, box.accountId, { pushing: false })
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      await moveOnServer(other, 'INBOX', messageId, 'Projects')
      await release()
      // The first look, by an INBOX pass whose sync then drops the place the message left.
      await sync.runScope(box.accountId, 'inbox')
      expect(
        box.db.prepare('SELECT count(*) AS n FROM message_locations WHERE message_pk = ?').get(pk)
      ).toEqual({
        n: 0
      })
      const secondLook = () =>
        box.db.prepare('SELECT second_look_json FROM tasks').all() as Array<{
          second_look_json: string | null
        }>
      expect(JSON.parse(secondLook()[0]!.second_look_json!)).toMatchObject({ messageIds: [messageId] })
      await moveOnServer(other, 'Projects', messageId, 'Archive')
      // The next pass looks again, and its connection is cut as the first search's answer comes.
      const cut = box.proxy.cutReplyTo(/ UID SEARCH /)
      await expect(sync.runScope(box.accountId, 'inbox')).rejects.toThrow()
      await settlesWithin('the cut after SEARCH', cut)
      expect(secondLook()).toHaveLength(1)
      expect(secondLook()[0]!.second_look_json).not.toBeNull()
      await sync.runScope(box.accountId, 'inbox')
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const archive = await serverFolder(other, 'Archive')
      expect(archive.get(uidOf(archive, messageId))!.flags).toEqual(['\\Seen'])
    } finally {
      await other.logout()
      await close(box)
    }
  })

  it('a look the server refuses waits for its backoff, also in a pass; a second look after it does not', async () => {
    const { box, other, sync, messageId, pk } = await synced('lina')
    try {
      const task = () =>
        box.db
          .prepare(
            'SELECT attempts, last_error IS NOT NULL AS failed, second_look_json IS NOT NULL AS looks FROM tasks'
          )
          .all()
      // Backoff over, without waiting for it.
      const backoffOver = () => box.db.prepare('UPDATE tasks SET run_after = 0').run()
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      await moveOnServer(other, 'INBOX', messageId, 'Projects')
      // The first look's search by Message-ID is refused: a try, retried after a backoff.
      let refusal = box.proxy.refuse(/ UID SEARCH .*HEADER/i, 'NO [UNAVAILABLE] Busy')
      await release()
      refusal.stop()
      expect(task()).toEqual([{ attempts: 1, failed: 1, looks: 0 }])
      backoffOver()
      // Found nowhere this time: not a failure, so the next pass looks again at once.
      await sync.pushTasks(box.accountId)
      expect(task()).toEqual([{ attempts: 1, failed: 0, looks: 1 }])
      await moveOnServer(other, 'Projects', messageId, 'Archive')
      refusal = box.proxy.refuse(/ UID SEARCH .*HEADER/i, 'NO [UNAVAILABLE] Busy')
      await sync.runScope(box.accountId, 'inbox')
      await refusal.refused(1)
      refusal.stop()
      expect(task()).toEqual([{ attempts: 2, failed: 1, looks: 1 }])
      // Refused, the second look waits for its backoff, even for a pass.
      await sync.runScope(box.accountId, 'inbox')
      expect(task()).toEqual([{ attempts: 2, failed: 1, looks: 1 }])
      backoffOver()
      await sync.runScope(box.accountId, 'inbox')
      expect(task()).toEqual([])
      const archive = await serverFolder(other, 'Archive')
      expect(archive.get(uidOf(archive, messageId))!.flags).toEqual(['\\Seen'])
    } finally {
      await other.logout()
      await close(box)
    }
  })
  it.each([
    ['from where Rapport had it', 1, 'lola'],
    ['from where the change found it moved', 2, 'lucy']
  ] as const)(
    'a message moved away between setting one flag and clearing another (%s) gets the whole change where it went',
    async (_where, nth, name) => {
      const { box, other, messageId, pk } = await synced(name)
      try {
        const inbox = await serverFolder(other, 'INBOX')
        const lock = await other.getMailboxLock('INBOX')
        try {
          await other.messageFlagsAdd(String(uidOf(inbox, messageId)), ['\\Seen'], { uid: true })
        } finally {
          lock.release()
        }
        await box.fixture.call('sync.run', { accountId: box.accountId })
        const release = holdPushes(box.fixture, box.accountId)
        await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: false, flagged: true })
        // The second case: moved to Archive first, where the change finds it by Message-ID.
        if (nth === 2) await moveOnServer(other, 'INBOX', messageId, 'Archive')
        const from = nth === 2 ? 'Archive' : 'INBOX'
        // \Flagged is set; then, before \Seen is cleared, another program moves the message on.
        const moved = box.proxy.beforeCommand(/ UID STORE .*-FLAGS/i, nth, () =>
          moveOnServer(other, from, messageId, 'Trash')
        )
        await release()
        await settlesWithin('the move between the STOREs', moved)
        await box.fixture.call('sync.run', { accountId: box.accountId })
        expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
        const trash = await serverFolder(other, 'Trash')
        expect(trash.get(uidOf(trash, messageId))!.flags).toEqual(['\\Flagged'])
      } finally {
        await other.logout()
        await close(box)
      }
    }
  )
})
