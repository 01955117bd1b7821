// Trash retention at its edges, against a real Dovecot: a restore asked twice, a delete that has
// not reached the server when its 30 days run out, mail that becomes Trash-only long after its
// Trash copy was first seen, mail another program took out of Trash while Rapport was closed, and
// a clock that was ahead when the mail was deleted.
// Mail is never moved where the user did not ask, and purged mail does not come back.
import { rmSync } from 'node:fs'
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { coreCaller } from '../support/core-call'
import type { MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { expunge, moveOnServer, otherClient } from './fixtures/server-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

/** How many copies of the message the server holds in each of `folders`, by folder. */
async function copiesOn(
  user: MailUser,
  messageId: string,
  folders: string[]
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const folder of folders) counts[folder] = await countByMessageId(server(), user, folder, messageId)
  return counts
}

const pkOf = (fixture: CoreFixture, messageId: string) => fixture.messagePk(messageId)

/**
 * Another program leaves a copy of INBOX mail (all of it by default) in Trash (a duplicate delivery deleted
 * there); the INBOX copies stay.
 */
async function copyInboxToTrash(other: ImapFlow, uids = '1:*'): Promise<void> {
  const lock = await other.getMailboxLock('INBOX')
  try {
    await other.messageCopy(uids, 'Trash', { uid: true })
  } finally {
    lock.release()
  }
}

describe('trash at its edges', () => {
  it('restores mail once: asked again (Undo, a second window), it stays where it went back to', async () => {
    const { user, corpus } = await seededUser('abel', 2)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const archive = await fixture.folder(accountId, 'Archive')
      const messageId = corpus[0]!.messageId
      const pk = pkOf(fixture, messageId)
      await fixture.call('messages.move', { messageIds: [pk], folderId: archive.id })
      await fixture.call('messages.delete', { messageIds: [pk] })
      expect(await fixture.call('trash.restore', { messageIds: [pk] })).toEqual({ restored: 1 })
      expect(await fixture.call('trash.restore', { messageIds: [pk] })).toEqual({ restored: 0 })
      await fixture.core.workspace.sync.pushTasks(accountId)
      expect(await fixture.call('tasks.list', { accountId })).toEqual([])
      expect(await copiesOn(user, messageId, ['Archive', 'INBOX', 'Trash'])).toEqual({
        Archive: 1,
        INBOX: 0,
        Trash: 0
      })
    } finally {
      fixture.close()
    }
  })

  // Undo of a delete not pushed yet finds one provisional location standing for every copy the
  // delete took: on the server, Trash also holds the other copy then.
  it.each([
    ['dora', 'after the delete reached the server', true],
    ['ezra', 'when Undo comes before the delete reached the server', false]
  ] as const)(
    'restores only the copies the user deleted (%s, %s): one another program left in Trash stays there',
    async (name, _when, pushedFirst) => {
      const { user, corpus } = await seededUser(name, 1)
      const fixture = new CoreFixture()
      const other = await otherClient(server(), user)
      try {
        await copyInboxToTrash(other)
        const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
        await fixture.call('sync.run', { accountId })
        const messageId = corpus[0]!.messageId
        const where = () => copiesOn(user, messageId, ['INBOX', 'Trash'])
        expect(await where()).toEqual({ INBOX: 1, Trash: 1 })
        const pk = pkOf(fixture, messageId)
        if (pushedFirst) {
          await fixture.call('messages.delete', { messageIds: [pk] })
          await fixture.core.workspace.sync.pushTasks(accountId)
          expect(await where()).toEqual({ INBOX: 0, Trash: 2 })
          expect(await fixture.call('trash.restore', { messageIds: [pk] })).toEqual({ restored: 1 })
        } else {
          // Straight to the actions: the commands would start pushing the delete at once.
          fixture.core.workspace.actions.delete([pk])
          expect(fixture.core.workspace.lifecycle.restore([pk]).count).toBe(1)
        }
        await fixture.core.workspace.sync.pushTasks(accountId)
        expect(await fixture.call('tasks.list', { accountId })).toEqual([])
        expect(await where()).toEqual({ INBOX: 1, Trash: 1 })
        await fixture.call('sync.run', { accountId })
        const inbox = await fixture.folder(accountId, 'INBOX')
        const trash = await fixture.folder(accountId, 'Trash')
        const copies = fixture.core.workspace.db
          .prepare('SELECT folder_id FROM message_locations WHERE message_pk = ? ORDER BY folder_id')
          .all(pk) as Array<{ folder_id: number }>
        expect(copies.map((c) => c.folder_id)).toEqual([inbox.id, trash.id].sort((a, b) => a - b))
      } finally {
        await other.logout().catch(() => other.close())
        fixture.close()
      }
    }
  )

  it('puts both copies back when Undo comes before a delete that took two copies from one folder was pushed', async () => {
    const { user, corpus } = await seededUser('gwen', 1)
    const fixture = new CoreFixture()
    const other = await otherClient(server(), user)
    try {
      // The message twice in INBOX (a duplicate delivery).
      const lock = await other.getMailboxLock('INBOX')
      try {
        await other.messageCopy('1:*', 'INBOX', { uid: true })
      } finally {
        lock.release()
      }
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const messageId = corpus[0]!.messageId
      expect(await copiesOn(user, messageId, ['INBOX', 'Trash'])).toEqual({ INBOX: 2, Trash: 0 })
      const pk = pkOf(fixture, messageId)
      fixture.core.workspace.actions.delete([pk])
      expect(fixture.core.workspace.lifecycle.restore([pk]).count).toBe(1)
      await fixture.core.workspace.sync.pushTasks(accountId)
      expect(await fixture.call('tasks.list', { accountId })).toEqual([])
      expect(await copiesOn(user, messageId, ['INBOX', 'Trash'])).toEqual({ INBOX: 2, Trash: 0 })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('purges a delete made offline only once it is on the server, and the purged mail does not come back', async () => {
    const { user, corpus } = await seededUser('bela', 2)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const messageId = corpus[0]!.messageId
      // Queued only, as while the server cannot be reached (offline, or waiting for sign-in).
      fixture.core.workspace.actions.delete([pkOf(fixture, messageId)])
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)

      await fixture.call('sync.run', { accountId })
      expect(await countByMessageId(server(), user, 'Trash', messageId)).toBe(1)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      await fixture.call('sync.run', { accountId })
      expect(
        fixture.core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').all(messageId)
      ).toEqual([])
      expect(await fixture.call('tasks.list', { accountId })).toEqual([])
    } finally {
      fixture.close()
    }
  })

  it('gives mail 30 days from when it is in Trash only, not from when its Trash copy was first seen', async () => {
    const { user, corpus } = await seededUser('cleo', 1)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    const other = await otherClient(server(), user)
    try {
      await copyInboxToTrash(other)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      fixture.core.workspace.lifecycle.sweepTrash()
      clock.advance(TRASH_RETENTION_MS * 2)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)

      // Months later another program deletes the INBOX copy: the Trash copy's 30 days start now.
      await expunge(other, 'INBOX', '1:*')
      await fixture.call('sync.run', { accountId })
      clock.advance(TRASH_RETENTION_MS - 60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      clock.advance(60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(
        fixture.core.workspace.db
          .prepare('SELECT id FROM messages WHERE message_id = ?')
          .all(corpus[0]!.messageId)
      ).toEqual([])
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('gives mail deleted while the clock ran ahead 30 days from when the clock is right again, not from the wrong date', async () => {
    const { user, corpus } = await seededUser('chronos', 1)
    const now = Date.now()
    // The clock is a year ahead when the user deletes the mail, and corrected after.
    const clock = new ManualClock(now + 365 * 24 * 60 * 60 * 1000)
    const fixture = new CoreFixture({ clock })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = pkOf(fixture, corpus[0]!.messageId)
      await fixture.call('messages.delete', { messageIds: [pk] })
      await fixture.pushed(accountId)
      clock.set(now)
      await fixture.call('sync.run', { accountId })
      // Listed as deleted now, purged 30 days from now: not a year and 30 days away.
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        {
          messageId: pk,
          trashedAt: new Date(now).toISOString(),
          purgeAt: new Date(now + TRASH_RETENTION_MS).toISOString()
        }
      ])
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      clock.advance(TRASH_RETENTION_MS - 60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([{ messageId: pk }])
      clock.advance(60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(await fixture.call('trash.list', { accountId })).toEqual([])
    } finally {
      fixture.close()
    }
  })

  it('purges nothing after a restart until a pass has seen where the mail is now: mail another program took out of Trash meanwhile keeps its place', async () => {
    const { user, corpus } = await seededUser('tamsin', 2)
    const [restored, left] = [corpus[0]!.messageId, corpus[1]!.messageId]
    const clock = new ManualClock(Date.now())
    const dataFixture = new CoreFixture()
    dataFixture.core.close()
    const options = {
      dataDir: dataFixture.dataDir,
      secrets: new MemorySecretStore(null),
      clock,
      log: () => {}
    }
    let core = new Core(options)
    const call = coreCaller(() => core)
    const pk = (messageId: string) =>
      (
        core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as
          { id: number } | undefined
      )?.id
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await call('accounts.add', accountOf(user))
      await call('sync.run', { accountId })
      const [restoredPk, leftPk] = [pk(restored), pk(left)]
      await call('messages.delete', { messageIds: [restoredPk!, leftPk!] })
      await core.workspace.sync.pushTasks(accountId)
      expect(await call('tasks.list', { accountId })).toEqual([])
      core.close()
      // While Rapport is closed, the user takes one back out of Trash on their phone; a month passes.
      await moveOnServer(other, 'Trash', restored, 'INBOX')
      clock.advance(TRASH_RETENTION_MS + 60_000)
      core = new Core(options)
      // What real time's start runs first (LifecycleServices.start), before any pass: Rapport's
      // locations are a month old, and one of them is no longer true.
      expect(core.workspace.lifecycle.sweepTrash()).toBe(0)
      await call('sync.run', { accountId })
      expect(pk(restored)).toBe(restoredPk)
      expect(await copiesOn(user, restored, ['INBOX', 'Trash'])).toEqual({ INBOX: 1, Trash: 0 })
      // Once the pass has seen it, the mail still in Trash goes as usual; the other stays.
      expect(core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect([pk(restored), pk(left)]).toEqual([restoredPk, undefined])
    } finally {
      await other.logout().catch(() => other.close())
      core.close()
      rmSync(options.dataDir, { recursive: true, force: true })
    }
  })

  it('lists Trash by when mail got there: a message also in another folder keeps its date and its place', async () => {
    const { user, corpus } = await seededUser('fern', 2)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    const other = await otherClient(server(), user)
    try {
      await copyInboxToTrash(other, '1')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      fixture.core.workspace.lifecycle.sweepTrash()
      const [alsoInInbox] = await fixture.call('trash.list', { accountId })
      clock.advance(60_000)
      const deleted = corpus
        .map((m) => pkOf(fixture, m.messageId))
        .find((pk) => pk !== alsoInInbox!.messageId)!
      fixture.core.workspace.actions.delete([deleted])
      clock.advance(60 * 60_000)
      fixture.core.workspace.lifecycle.sweepTrash()
      const list = await fixture.call('trash.list', { accountId })
      expect(list.map((t) => t.messageId)).toEqual([deleted, alsoInInbox!.messageId])
      expect(list[1]!.trashedAt).toBe(alsoInInbox!.trashedAt)
      // Never purged while in INBOX too, so no purge date is promised; the deleted one has its.
      expect(list[1]!.purgeAt).toBeNull()
      expect(list[0]!.purgeAt).toBe(
        new Date(Date.parse(list[0]!.trashedAt) + TRASH_RETENTION_MS).toISOString()
      )
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})
