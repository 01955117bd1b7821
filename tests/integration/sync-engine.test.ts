// The sync engine against a real Dovecot: import batches, the folders to sync, and changes made
// on the server by other mail programs coming back.
import { describe, expect, it } from 'vitest'
import { appendMessages, type MailUser } from '../support/dovecot'
import { sizedBatches } from '../../src-main/core/sync/fetch-batches'
import { openTestImap } from '../support/imap-probe'
import { localFolder, serverFolder, uidOf } from './fixtures/server-mailbox'
import {
  addSyncedFolders,
  closeMailbox,
  expectInStep,
  ownMail,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

describe('import batches', () => {
  it('asks the server for message sizes and keeps each batch under the byte limit, in UID order', async () => {
    const user: MailUser = { user: 'ines', password: 'ines-pw' }
    await servers.server.addUser(user.user, user.password)
    const mail = (n: number, bodyBytes: number) =>
      `From: a@b.test\r\nTo: ines@example.test\r\nSubject: ${n}\r\nMessage-ID: <size-${n}@b.test>\r\n\r\n` +
      `${'x'.repeat(76)}\r\n`.repeat(Math.ceil(bodyBytes / 78))
    // Two small, one of ~60 KB, two small: with 50 KB batches the large one goes alone.
    await appendMessages(servers.server, user.user, user.password, 'INBOX', [
      mail(1, 1000),
      mail(2, 1000),
      mail(3, 60_000),
      mail(4, 1000),
      mail(5, 1000)
    ])
    const client = await openTestImap(servers.server, user)
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true })
      try {
        const uids = (await client.search({ all: true }, { uid: true })) || []
        expect(uids).toHaveLength(5)
        const batches: number[][] = []
        for await (const batch of sizedBatches(client, uids, { count: 3, bytes: 50_000 })) batches.push(batch)
        expect(batches).toEqual([uids.slice(0, 2), [uids[2]], uids.slice(3)])
      } finally {
        lock.release()
      }
    } finally {
      await client.logout()
    }
  })
})

describe('folder selection', () => {
  it('syncs Inbox, Sent, Drafts, Archive, Trash and Junk by default, and follows the user’s choice', async () => {
    const box = await mailbox('fiona', 3)
    try {
      await box.other.mailboxCreate('Projects')
      const [first] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(first!.folders).toEqual(['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash'])
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      const projects = folders.find((f) => f.path === 'Projects')!
      const junk = folders.find((f) => f.specialUse === '\\Junk')!
      expect(projects.syncEnabled).toBe(false)
      expect(
        await box.fixture.call('folders.setSync', { folderId: projects.id, enabled: true })
      ).toMatchObject({
        path: 'Projects',
        syncEnabled: true
      })
      await box.fixture.call('folders.setSync', { folderId: junk.id, enabled: false })
      const [second] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(second!.folders).toEqual(['INBOX', 'Archive', 'Drafts', 'Projects', 'Sent', 'Trash'])
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps syncing the other folders when a synced folder is deleted on the server, and resumes it when it comes back', async () => {
    const box = await mailbox('felix', 2)
    const mail = (id: string) => ownMail('felix', id)
    try {
      await addSyncedFolders(box, { Projects: ['project-1'] })
      expect([...localFolder(box.db, box.accountId, 'Projects').values()].map((m) => m.messageId)).toEqual([
        '<project-1@example.test>'
      ])

      await box.other.mailboxDelete('Projects')
      await appendMessages(servers.server, box.user.user, box.user.password, 'Sent', [mail('sent-after')])
      const [pass] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(pass!.folders).not.toContain('Projects')
      await expectInStep(box, 'Sent')
      // The folder's mail stays in Rapport, and the folder says it is gone.
      expect(localFolder(box.db, box.accountId, 'Projects').size).toBe(1)
      const onServer = async () =>
        (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
          (f) => f.path === 'Projects'
        )!.onServer
      expect(await onServer()).toBe(false)

      await box.other.mailboxCreate('Projects')
      await appendMessages(servers.server, box.user.user, box.user.password, 'Projects', [mail('project-2')])
      const [back] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(back!.folders).toContain('Projects')
      expect(await onServer()).toBe(true)
      await expectInStep(box, 'Projects')
    } finally {
      await closeMailbox(box)
    }
  })

  it('follows a synced folder renamed on the server: same folder, same choice, same mail, and new mail after it', async () => {
    const box = await mailbox('rosa', 2)
    const mail = (id: string) => ownMail('rosa', id)
    try {
      await addSyncedFolders(box, { Projects: ['project-1', 'project-2'] })
      const before = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Projects'
      )!
      expect(before.messageCount).toBe(2)
      const stored = (await box.fixture.call('messages.list', { accountId: box.accountId })).length

      // Into a new parent, so the listing also shows "Clients", a new path that holds no mail.
      await box.other.mailboxRename('Projects', 'Clients/Projects')
      const [renamed] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(renamed!.folders).toContain('Clients/Projects')
      // Nothing fetched again: the stored UIDs still hold under the new name.
      expect(renamed!.fetched).toBe(0)
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(after.find((f) => f.path === 'Clients/Projects')).toEqual({
        ...before,
        path: 'Clients/Projects',
        name: 'Projects'
      })
      expect(after.map((f) => f.path)).not.toContain('Projects')
      expect(await box.fixture.call('messages.list', { accountId: box.accountId })).toHaveLength(stored)
      expect(
        (await box.fixture.call('messages.list', { accountId: box.accountId, folder: 'Clients/Projects' }))
          .map((m) => m.messageId)
          .sort()
      ).toEqual(['<project-1@example.test>', '<project-2@example.test>'])
      await expectInStep(box, 'Clients/Projects')

      await appendMessages(servers.server, box.user.user, box.user.password, 'Clients/Projects', [
        mail('project-3')
      ])
      const [next] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(1)
      const projects = localFolder(box.db, box.accountId, 'Clients/Projects')
      expect([...projects.values()].map((m) => m.messageId)).toContain('<project-3@example.test>')
      expect(projects).toEqual(await serverFolder(box.other, 'Clients/Projects'))
      expect(await box.fixture.call('messages.list', { accountId: box.accountId })).toHaveLength(stored + 1)
    } finally {
      await closeMailbox(box)
    }
  })
  it('keeps the sync choice of a folder renamed on the server before its first sync (LIST-STATUS)', async () => {
    const box = await mailbox('tomas', 1)
    try {
      await box.other.mailboxCreate('Leads')
      await appendMessages(servers.server, box.user.user, box.user.password, 'Leads', [
        ownMail('tomas', 'lead-1')
      ])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const leads = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Leads'
      )!
      // Chosen for sync, but renamed elsewhere before any pass synced it: no UIDVALIDITY of its own.
      await box.fixture.call('folders.setSync', { folderId: leads.id, enabled: true })
      expect(leads.uidValidity).toBeNull()
      await box.other.mailboxRename('Leads', 'Sales/Leads')

      const [pass] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(pass!.folders).toContain('Sales/Leads')
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(after.map((f) => f.path)).not.toContain('Leads')
      expect(after.find((f) => f.path === 'Sales/Leads')).toMatchObject({
        id: leads.id,
        syncEnabled: true,
        onServer: true,
        messageCount: 1
      })
      await expectInStep(box, 'Sales/Leads')
    } finally {
      await closeMailbox(box)
    }
  })
  it('follows two synced folders that swapped names on the server (LIST-STATUS): each keeps its id and mail', async () => {
    const box = await mailbox('ulla', 1)
    try {
      const ids = await addSyncedFolders(box, { Leads: ['lead-1'], Clients: ['client-1', 'client-2'] })

      await box.other.mailboxRename('Leads', 'Swap')
      await box.other.mailboxRename('Clients', 'Leads')
      await box.other.mailboxRename('Swap', 'Clients')
      const [pass] = await box.fixture.call('sync.run', { accountId: box.accountId })
      // The stored UIDs hold under the swapped names: nothing fetched again, nothing re-matched.
      expect(pass!.fetched).toBe(0)
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(after.find((f) => f.id === ids.Leads)).toMatchObject({
        path: 'Clients',
        syncEnabled: true,
        messageCount: 1
      })
      expect(after.find((f) => f.id === ids.Clients)).toMatchObject({
        path: 'Leads',
        syncEnabled: true,
        messageCount: 2
      })
      expect(after.map((f) => f.path)).not.toContain('Swap')
      const inFolder = async (folder: string) =>
        (await box.fixture.call('messages.list', { accountId: box.accountId, folder }))
          .map((m) => m.messageId)
          .sort()
      expect(await inFolder('Clients')).toEqual(['<lead-1@example.test>'])
      expect(await inFolder('Leads')).toEqual(['<client-1@example.test>', '<client-2@example.test>'])
      await expectInStep(box, 'Leads')
      await expectInStep(box, 'Clients')
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('server -> local', () => {
  for (const condstore of [true, false]) {
    const how = condstore ? 'with CONDSTORE' : 'by UID and flag comparison'
    it(`keeps a flag another client set while a local change was waiting to go up, ${how}`, async () => {
      const box = await mailbox(condstore ? 'gwen' : 'hugo', 3, { condstore })
      try {
        await box.fixture.call('sync.run', { accountId: box.accountId })
        const [target] = box.corpus.map((m) => m.messageId)
        const uid = uidOf(await serverFolder(box.other, 'INBOX'), target!)
        await box.fixture.call('messages.setFlags', { messageIds: [box.messagePk(target!)], seen: true })
        // The local change waits (as in a retry backoff) while another client reads and flags it.
        box.db.prepare('UPDATE tasks SET run_after = ?').run(Date.now() + 3_600_000)
        const lock = await box.other.getMailboxLock('INBOX')
        try {
          await box.other.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true })
        } finally {
          lock.release()
        }
        await box.fixture.call('sync.run', { accountId: box.accountId })
        box.db.prepare('UPDATE tasks SET run_after = 0').run()
        await box.fixture.call('sync.run', { accountId: box.accountId })
        expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
        expect(localFolder(box.db, box.accountId, 'INBOX').get(uid)!.flags).toEqual(['\\Flagged', '\\Seen'])
        await expectInStep(box, 'INBOX')
      } finally {
        await closeMailbox(box)
      }
    })

    it(`applies flag changes, expunges and moves made by another client, ${how}`, async () => {
      const box = await mailbox(condstore ? 'gina' : 'hank', 12, { condstore })
      try {
        await box.fixture.call('sync.run', { accountId: box.accountId })
        const [flagged, unread, expunged, moved] = box.corpus.map((m) => m.messageId)
        const before = await serverFolder(box.other, 'INBOX')
        const lock = await box.other.getMailboxLock('INBOX')
        try {
          await box.other.messageFlagsAdd(String(uidOf(before, flagged!)), ['\\Flagged', '\\Seen'], {
            uid: true
          })
          await box.other.messageFlagsRemove(String(uidOf(before, unread!)), ['\\Seen'], { uid: true })
          await box.other.messageDelete(String(uidOf(before, expunged!)), { uid: true })
          await box.other.messageMove(String(uidOf(before, moved!)), 'Archive', { uid: true })
        } finally {
          lock.release()
        }
        await box.fixture.call('sync.run', { accountId: box.accountId })
        await expectInStep(box, 'INBOX', 'Archive')
        const row = (id: string) =>
          box.db
            .prepare('SELECT flags_json, is_seen, deleted_on_server FROM messages WHERE message_id = ?')
            .get(id)
        expect(row(flagged!)).toMatchObject({ flags_json: '["\\\\Flagged","\\\\Seen"]', is_seen: 1 })
        expect(row(expunged!)).toMatchObject({ deleted_on_server: 1 })
        expect(row(moved!)).toMatchObject({ deleted_on_server: 0 })
        const count = box.db.prepare('SELECT count(*) AS n FROM messages WHERE message_id = ?').get(moved!)
        expect(count).toEqual({ n: 1 })
        if (condstore) {
          const status = await box.other.status('INBOX', { highestModseq: true })
          const folder = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
            (f) => f.path === 'INBOX'
          )!
          expect(folder.highestModseq).toBe(String(status && status.highestModseq))
        }
      } finally {
        await closeMailbox(box)
      }
    })
  }
})

describe('a message the store cannot take', () => {
  it('is set aside and counted while the mail after it is stored, and stored by a later pass', async () => {
    const box = await mailbox('pia', 0)
    try {
      const mail = (id: string) =>
        `From: Carol <carol@client.test>\r\nTo: pia@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@client.test>\r\n\r\nHello.\r\n`
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        mail('before'),
        mail('poison'),
        mail('after')
      ])
      // Stands in for whatever makes the store throw on one message (a bug, a constraint it trips).
      box.db
        .exec(`CREATE TEMP TRIGGER poison BEFORE INSERT ON messages WHEN NEW.message_id = '<poison@client.test>'
        BEGIN SELECT RAISE(ABORT, 'cannot store this one'); END`)
      const [first] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(first!.fetched).toBe(3)
      const stored = () =>
        (
          box.db.prepare('SELECT message_id FROM messages ORDER BY id').all() as Array<{ message_id: string }>
        ).map((r) => r.message_id)
      expect(stored()).toEqual(['<before@client.test>', '<after@client.test>'])
      const [state] = await box.fixture.call('sync.status', {})
      expect(state).toMatchObject({ state: 'up-to-date', unstoredMessages: 1 })
      // Listed by what it is, where it sits and why, not only counted.
      expect(await box.fixture.call('sync.unstored', {})).toEqual([
        {
          accountId: box.accountId,
          folder: 'INBOX',
          uid: 2,
          subject: 'poison',
          sender: 'Carol',
          reason: expect.stringContaining('cannot store this one'),
          failedAt: expect.any(String)
        }
      ])
      // New mail still arrives past it, and it is tried again on every pass.
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [mail('later')])
      const [second] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(second!.fetched).toBe(2)
      expect(stored()).toContain('<later@client.test>')
      box.db.exec('DROP TRIGGER poison')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(stored()).toContain('<poison@client.test>')
      expect((await box.fixture.call('sync.status', {}))[0]).toMatchObject({ unstoredMessages: 0 })
      expect(await box.fixture.call('sync.unstored', { accountId: box.accountId })).toEqual([])
      await expectInStep(box, 'INBOX')
    } finally {
      await closeMailbox(box)
    }
  })

  it('does not hold up "sync older mail" either: the backfill finishes, the next pass stores it', async () => {
    const box = await mailbox('pim', 0)
    try {
      const mail = (id: string) =>
        `From: Carol <carol@client.test>\r\nTo: pim@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@client.test>\r\n\r\nHello.\r\n`
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        mail('old-1'),
        mail('old-poison'),
        mail('old-2'),
        mail('new-1')
      ])
      box.db.prepare('UPDATE accounts SET import_limit = 1').run()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      box.db
        .exec(`CREATE TEMP TRIGGER poison BEFORE INSERT ON messages WHEN NEW.message_id = '<old-poison@client.test>'
        BEGIN SELECT RAISE(ABORT, 'cannot store this one'); END`)
      const inbox = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'INBOX'
      )!
      await box.fixture.call('backfill.start', { folderId: inbox.id })
      await box.fixture.waitFor('the end of the backfill', () =>
        box.fixture.events.some(
          (e) => e.name === 'sync.backfill' && (e.payload as { state: string }).state === 'done'
        )
      )
      const count = () => (box.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
      expect(count()).toBe(3)
      expect((await box.fixture.call('sync.status', {}))[0]).toMatchObject({ unstoredMessages: 1 })
      box.db.exec('DROP TRIGGER poison')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(count()).toBe(4)
      expect((await box.fixture.call('sync.status', {}))[0]).toMatchObject({ unstoredMessages: 0 })
    } finally {
      await closeMailbox(box)
    }
  })
})
