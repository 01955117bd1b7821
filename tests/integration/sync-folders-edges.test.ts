// Folder edges against Dovecot: mail Rapport moves into a folder it does not sync (shown there,
// and put back there when a later move out of it fails for good), a renumbered folder's message
// with two Message-ID lines, a folder's sync turned off and on again, and a synced folder deleted.
import { describe, expect, it } from 'vitest'
import { expunge, serverFolder } from './fixtures/server-mailbox'
import {
  addSyncedFolders,
  closeMailbox,
  expectInStep,
  ownMail,
  renumber,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

describe('folder edges', () => {
  it('shows mail moved into a folder not synced as being in that folder', async () => {
    const box = await mailbox('unsyncmove', 2)
    try {
      await box.other.mailboxCreate('Clients')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const clients = await box.fixture.folder(box.accountId, 'Clients')
      expect(clients.syncEnabled).toBe(false)
      const pk = box.messagePk(box.corpus[0]!.messageId)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: clients.id })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect([...(await serverFolder(box.other, 'Clients')).values()].map((m) => m.messageId)).toEqual([
        box.corpus[0]!.messageId
      ])
      const [summary] = (await box.fixture.call('messages.list', { accountId: box.accountId })).filter(
        (m) => m.id === pk
      )
      expect(summary!.folder).toBe('Clients')
      const inClients = await box.fixture.call('messages.list', {
        accountId: box.accountId,
        folder: 'Clients'
      })
      expect(inClients.map((m) => m.id)).toEqual([pk])
    } finally {
      await closeMailbox(box)
    }
  })

  it('puts mail back in a folder not synced when its move into a folder deleted meanwhile fails for good', async () => {
    const box = await mailbox('unsyncundo', 2)
    try {
      await box.other.mailboxCreate('Clients')
      await box.other.mailboxCreate('Gone')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const clients = await box.fixture.folder(box.accountId, 'Clients')
      const gone = await box.fixture.folder(box.accountId, 'Gone')
      const pk = box.messagePk(box.corpus[0]!.messageId)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: clients.id })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const located = () =>
        box.db.prepare('SELECT folder_id, uid FROM message_locations WHERE message_pk = ?').all(pk)
      expect(located()).toEqual([{ folder_id: clients.id, uid: 1 }])
      // Moved on from Clients while another program deletes the destination.
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: gone.id })
      await box.other.mailboxDelete('Gone')
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ kind: 'move', state: 'failed' })
      // The server still has it in Clients: so must Rapport.
      expect([...(await serverFolder(box.other, 'Clients')).keys()]).toEqual([1])
      expect(located()).toEqual([{ folder_id: clients.id, uid: 1 }])
    } finally {
      await closeMailbox(box)
    }
  })

  it('finds a message with two Message-ID lines again when the server renumbers its folder', async () => {
    const box = await mailbox('twoidrenum', 0)
    try {
      // The oldest message carries two Message-ID lines (the parser keeps the last), the rest one.
      const mail = (i: number, ids: string[]) =>
        [
          'From: client@example.test',
          'To: twoidrenum@example.test',
          `Subject: message ${i}`,
          `Date: Mon, 1 Jan 2024 10:0${i}:00 +0000`,
          ...ids.map((id) => `Message-ID: ${id}`),
          '',
          `body ${i}`
        ].join('\r\n')
      await box.other.append('INBOX', mail(0, ['<first-0@client.test>', '<second-0@client.test>']))
      for (let i = 1; i < 6; i++) await box.other.append('INBOX', mail(i, [`<one-${i}@client.test>`]))
      await box.fixture.call('sync.run', { accountId: box.accountId, limit: 'all' })
      const pk = box.messagePk('<second-0@client.test>')
      const deleted = () =>
        (box.db.prepare('SELECT deleted_on_server AS d FROM messages WHERE id = ?').get(pk) as { d: number })
          .d
      expect(deleted()).toBe(0)
      await renumber(servers.server, box, 'INBOX', 4242)
      // A pass with the account's window of 5 newest: the re-match must find the older sixth.
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId, limit: 5 })
      const fetched = result!.fetched
      expect(deleted()).toBe(0)
      const inInbox = await box.fixture.call('messages.list', { accountId: box.accountId, folder: 'INBOX' })
      expect(fetched).toBe(0)
      expect(inInbox.map((m) => m.id)).toContain(pk)
    } finally {
      await closeMailbox(box)
    }
  })

  it('turning a folder’s sync off and on again keeps its mail, once, in step with the server', async () => {
    const box = await mailbox('offon', 1)
    try {
      const ids = await addSyncedFolders(box, { Clients: ['on-1', 'on-2', 'on-3'] })
      await box.fixture.call('folders.setSync', { folderId: ids.Clients!, enabled: false })
      await expunge(box.other, 'Clients', '1')
      await box.other.append('Clients', ownMail('offon', 'on-4'))
      const lock = await box.other.getMailboxLock('Clients')
      try {
        await box.other.messageFlagsAdd('2', ['\\Flagged'], { uid: true })
      } finally {
        lock.release()
      }
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.fixture.call('folders.setSync', { folderId: ids.Clients!, enabled: true })
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result!.fetched).toBe(1)
      await expectInStep(box, 'Clients')
      const count = box.db
        .prepare("SELECT count(*) AS n FROM messages WHERE message_id LIKE '<on-%'")
        .get() as { n: number }
      expect(count.n).toBe(4)
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps the mail of a synced folder deleted on the server, marked deleted on the server until the folder comes back with it', async () => {
    const box = await mailbox('delfolder', 1)
    try {
      await addSyncedFolders(box, { Clients: ['del-1', 'del-2'] })
      // del-1 is also in Archive: that copy is still on the server.
      await box.other.append('Archive', ownMail('delfolder', 'del-1'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const shown = async (id: string) => {
        const pk = box.messagePk(`<${id}@example.test>`)
        const threadId = box.db
          .prepare('SELECT thread_id FROM messages WHERE id = ?')
          .pluck()
          .get(pk) as number
        const { messages } = await box.fixture.call('threads.get', { threadId })
        return messages.find((m) => m.id === pk)!.deletedOnServer
      }
      expect([await shown('del-1'), await shown('del-2')]).toEqual([false, false])
      await box.other.mailboxDelete('Clients')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Deleting the folder deleted del-2 on the server: still here, and said so.
      expect([await shown('del-1'), await shown('del-2')]).toEqual([false, true])
      await box.other.mailboxCreate('Clients')
      await box.other.append('Clients', ownMail('delfolder', 'del-2'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect([await shown('del-1'), await shown('del-2')]).toEqual([false, false])
      await expectInStep(box, 'Clients', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })
})
