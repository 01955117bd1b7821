// Special uses on a plain server (no SPECIAL-USE: every role comes from a folder's name). A role
// stays with its folder when another program makes a folder with a likelier name; when it does
// move to a folder Rapport already listed, that folder is synced like one first listed with it.
import { describe, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { generateCorpus } from '../support/corpus'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { localFolder, otherClient } from './fixtures/server-mailbox'
import { ownMail, useSyncServers } from './fixtures/sync-mailbox'

const servers = useSyncServers({ plain: true })

/**
 * A fresh user on the plain server with `count` messages in INBOX and `folders` made by another
 * mail program before Rapport's account is added (so the first listing already sees them).
 */
async function plainMailbox(name: string, count: number, folders: string[] = []) {
  const { server, relay } = servers
  const user = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const corpus = await generateCorpus({ seed: name.length * 17, count, selfAddress: `${name}@example.test` })
  await appendMessages(
    server,
    user.user,
    user.password,
    'INBOX',
    corpus.map((m) => m.raw)
  )
  const other = await otherClient(server, user)
  for (const path of folders) await other.mailboxCreate(path)
  const fixture = new CoreFixture()
  const accountId = (
    await fixture.call('accounts.add', { ...accountInput(server, relay.port, user), importLimit: 'all' })
  ).id
  const db = fixture.core.workspace.db
  const pk = (messageId: string) =>
    (db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as { id: number }).id
  const sync = () => fixture.call('sync.run', { accountId })
  const folder = async (path: string) =>
    (await fixture.call('folders.list', { accountId })).find((f) => f.path === path && f.onServer)
  const close = async () => {
    await other.logout().catch(() => other.close())
    fixture.close()
  }
  return { user, corpus, other, fixture, accountId, db, pk, sync, folder, close }
}

describe('a special use that moves to a folder Rapport already listed', () => {
  it('syncs the Trash left when the Trash it used is deleted elsewhere, and deletes show up there', async () => {
    // Two Trash candidates by name: imapflow picks "Deleted Items", "Trash" is listed unsynced.
    const box = await plainMailbox('trashtakeover', 2, ['Deleted Items', 'Trash'])
    try {
      await box.other.append('Trash', ownMail(box.user.user, 'old-trash'))
      await box.sync()
      expect(await box.folder('Deleted Items')).toMatchObject({ specialUse: '\\Trash', syncEnabled: true })
      expect(await box.folder('Trash')).toMatchObject({ specialUse: null, syncEnabled: false })
      // The user tidies up in another program: "Trash" is the only Trash left.
      await box.other.mailboxDelete('Deleted Items')
      await box.sync()
      expect(await box.folder('Trash')).toMatchObject({ specialUse: '\\Trash', syncEnabled: true })
      const deleted = box.corpus[0]!.messageId
      await box.fixture.call('messages.delete', { messageIds: [box.pk(deleted)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.sync()
      const trash = [...localFolder(box.db, box.accountId, 'Trash').values()].map((m) => m.messageId)
      expect(trash.sort()).toEqual([deleted, '<old-trash@example.test>'].sort())
    } finally {
      await box.close()
    }
  })
})

describe('a special use found by name, when another program makes a folder with a likelier name', () => {
  it('keeps Trash at Sampah: what Rapport deleted stays in its Trash list, and deletes still go there', async () => {
    const box = await plainMailbox('trashkept', 2)
    try {
      await box.sync()
      const [first, second] = box.corpus.map((m) => box.pk(m.messageId))
      await box.fixture.call('messages.delete', { messageIds: [first!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.sync()
      const listed = async () =>
        (await box.fixture.call('trash.list', { accountId: box.accountId })).map((t) => [
          t.messageId,
          t.originFolder
        ])
      expect(await listed()).toEqual([[first, 'INBOX']])
      // Thunderbird's and Outlook's names, both in imapflow's table.
      await box.other.mailboxCreate('Trash')
      await box.other.mailboxCreate('Deleted Items')
      await box.sync()
      expect(await box.folder('Sampah')).toMatchObject({ specialUse: '\\Trash', syncEnabled: true })
      expect(await box.folder('Trash')).toMatchObject({ specialUse: null, syncEnabled: false })
      expect(await box.folder('Deleted Items')).toMatchObject({ specialUse: null, syncEnabled: false })
      expect(await listed()).toEqual([[first, 'INBOX']])
      await box.fixture.call('messages.delete', { messageIds: [second!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.sync()
      const inSampah = [...localFolder(box.db, box.accountId, 'Sampah').values()].map((m) => m.messageId)
      expect(inSampah.sort()).toEqual(box.corpus.map((m) => m.messageId).sort())
      expect((await listed()).map(([pk]) => pk).sort()).toEqual([first, second].sort())
    } finally {
      await box.close()
    }
  })
})
