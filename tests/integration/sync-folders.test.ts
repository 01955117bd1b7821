// Folders as another mail program leaves them on a real Dovecot: hierarchy levels that hold no
// mail, renames onto names that need modified UTF-7 or once held by a deleted folder, and a new
// folder numbered like a deleted one; and a folder the user unticks while a pass imports it.
import { describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages } from '../support/dovecot'
import {
  addSyncedFolders,
  closeMailbox,
  expectInStep,
  ownMail,
  renumber,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

describe('folders changed on the server', () => {
  it('offers no folder the server lists as \\Noselect (a level of the hierarchy), and one chosen before it became one stops holding up the pass', async () => {
    const box = await mailbox('nosel', 2)
    try {
      await box.other.mailboxCreate('Projects')
      await box.other.mailboxCreate('Zeta')
      await box.other.append('Zeta', ownMail('nosel', 'z1'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      for (const path of ['Projects', 'Zeta']) {
        const folder = listed.find((f) => f.path === path)!
        await box.fixture.call('folders.setSync', { folderId: folder.id, enabled: true })
      }
      // Another program deletes Projects and files mail under Projects/2024 instead: Dovecot now
      // lists Projects only as the parent (\NonExistent \Noselect), which cannot be selected.
      await box.other.mailboxDelete('Projects')
      await box.other.mailboxCreate('Projects/2024')
      await box.other.mailboxCreate('Archive2/Old')
      const raw = await box.other.list()
      expect(raw.find((f) => f.path === 'Projects')!.flags.has('\\Noselect')).toBe(true)
      await box.other.append('Sent', ownMail('nosel', 's1'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      // Sent and Zeta come after "Projects" in the pass: they still sync.
      expect(after.find((f) => f.path === 'Sent')!.messageCount).toBe(1)
      expect(after.find((f) => f.path === 'Zeta')!.messageCount).toBe(1)
      expect(after.find((f) => f.path === 'Projects')).toMatchObject({ onServer: false })
      // A parent that never held mail is not offered at all; its children are.
      expect(after.map((f) => f.path)).not.toContain('Archive2')
      expect(after.map((f) => f.path)).toEqual(expect.arrayContaining(['Projects/2024', 'Archive2/Old']))
    } finally {
      await closeMailbox(box)
    }
  })

  it('follows a non-ASCII folder renamed on the server (modified UTF-7)', async () => {
    const box = await mailbox('utf7', 1)
    try {
      await box.other.mailboxCreate('Pelanggan/客户')
      await box.other.append('Pelanggan/客户', ownMail('utf7', 'k1'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const folder = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Pelanggan/客户'
      )!
      expect(folder).toBeTruthy()
      await box.fixture.call('folders.setSync', { folderId: folder.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxRename('Pelanggan/客户', 'Pelanggan/客户 Lama')
      await box.other.append('Pelanggan/客户 Lama', ownMail('utf7', 'k2'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.id === folder.id
      )!
      expect(after).toMatchObject({ path: 'Pelanggan/客户 Lama', syncEnabled: true, messageCount: 2 })
    } finally {
      await closeMailbox(box)
    }
  })

  it('follows a parent folder and its synced child renamed together on the server', async () => {
    const box = await mailbox('parent', 1)
    try {
      await box.other.mailboxCreate('Clients')
      await box.other.mailboxCreate('Clients/Acme')
      await box.other.append('Clients', ownMail('parent', 'c1'))
      await box.other.append('Clients/Acme', ownMail('parent', 'a1'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      const parent = listed.find((f) => f.path === 'Clients')!
      const child = listed.find((f) => f.path === 'Clients/Acme')!
      await box.fixture.call('folders.setSync', { folderId: parent.id, enabled: true })
      await box.fixture.call('folders.setSync', { folderId: child.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxRename('Clients', 'Pelanggan')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(after.find((f) => f.id === parent.id)).toMatchObject({
        path: 'Pelanggan',
        syncEnabled: true,
        messageCount: 1
      })
      expect(after.find((f) => f.id === child.id)).toMatchObject({
        path: 'Pelanggan/Acme',
        syncEnabled: true,
        messageCount: 1
      })
    } finally {
      await closeMailbox(box)
    }
  })

  it('follows a synced folder renamed onto the name of a folder deleted a pass before: id, choice and mail kept', async () => {
    const box = await mailbox('ontogone', 1)
    try {
      const ids = await addSyncedFolders(box, { Clients: ['c1', 'c2'] })
      // A folder never synced, deleted in another program: Rapport keeps its row, gone from the server.
      await box.other.mailboxCreate('Old')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxDelete('Old')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxRename('Clients', 'Old')
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result!.fetched).toBe(0)
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(after.filter((f) => f.path === 'Old' || f.path === 'Clients')).toEqual([
        expect.objectContaining({
          id: ids.Clients,
          path: 'Old',
          onServer: true,
          syncEnabled: true,
          messageCount: 2
        })
      ])
      await expectInStep(box, 'Old')
    } finally {
      await closeMailbox(box)
    }
  })

  it('a server-side rename of a synced folder onto a name that needs modified UTF-7 keeps its mail (no re-download)', async () => {
    const box = await mailbox('gesendet', 1)
    try {
      await box.other.mailboxCreate('Büro')
      await box.other.append('Büro', ownMail('gesendet', 'b1'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const buro = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Büro'
      )!
      await box.fixture.call('folders.setSync', { folderId: buro.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxRename('Büro', 'Büro & Co/归档')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(after.find((f) => f.id === buro.id)).toMatchObject({
        path: 'Büro & Co/归档',
        syncEnabled: true,
        messageCount: 1
      })
    } finally {
      await closeMailbox(box)
    }
  })

  it('does not take a new folder numbered like a deleted one (same UIDVALIDITY and UIDNEXT) for it renamed: the new folder’s own mail is fetched', async () => {
    const box = await mailbox('reuse', 1)
    try {
      const ids = await addSyncedFolders(box, { Projects: ['project-1', 'project-2'] })
      const list = () => box.fixture.call('folders.list', { accountId: box.accountId })
      const projects = (await list()).find((f) => f.id === ids.Projects)!
      // Another program deletes Projects and creates Tenders, which the server numbers exactly
      // like it, as some servers do: the same UIDVALIDITY, and UIDs 1 and 2 again, for other mail.
      await box.other.mailboxDelete('Projects')
      await box.other.mailboxCreate('Tenders')
      await renumber(servers.server, box, 'Tenders', projects.uidValidity!)
      for (const id of ['tender-1', 'tender-2']) await box.other.append('Tenders', ownMail(box.user.user, id))
      const status = await box.other.status('Tenders', { uidValidity: true, uidNext: true })
      expect(status && { uidValidity: Number(status.uidValidity), uidNext: status.uidNext }).toEqual({
        uidValidity: projects.uidValidity,
        uidNext: 3
      })

      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = await list()
      const tenders = after.find((f) => f.path === 'Tenders')!
      expect(tenders.id).not.toBe(ids.Projects)
      expect(after.find((f) => f.id === ids.Projects)).toMatchObject({ path: 'Projects', onServer: false })
      await box.fixture.call('folders.setSync', { folderId: tenders.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inTenders = await box.fixture.call('messages.list', {
        accountId: box.accountId,
        folder: 'Tenders'
      })
      expect(inTenders.map((m) => m.messageId).sort()).toEqual([
        '<tender-1@example.test>',
        '<tender-2@example.test>'
      ])
      await expectInStep(box, 'Tenders')
    } finally {
      await closeMailbox(box)
    }
  })

  it('follows a renamed folder whose newest message carries two Message-ID lines (the parser keeps the last)', async () => {
    const box = await mailbox('twoids', 1)
    try {
      const twice =
        'From: twoids@example.test\r\nTo: client@example.test\r\nSubject: twice\r\n' +
        'Message-ID: <first-id@example.test>\r\nMessage-ID: <second-id@example.test>\r\n\r\nhello\r\n'
      const ids = await addSyncedFolders(box, { Leads: ['lead-1'] })
      await box.other.append('Leads', twice)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxRename('Leads', 'Leads 2026')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.id === ids.Leads
      )
      expect(after).toMatchObject({ path: 'Leads 2026', syncEnabled: true, messageCount: 2 })
    } finally {
      await closeMailbox(box)
    }
  })
})

// Unticked in Mailbox settings ("Folders to sync") mid-import: the import of that folder stops, as a
// running "sync older mail" of it does; the mail already stored stays.
describe('a folder unticked while a pass imports it', () => {
  it('stops importing it within a slice or two, and keeps what it stored', async () => {
    const box = await mailbox('ulrike', 1, { folders: ['Projects'] })
    try {
      const corpus = await generateCorpus({ seed: 4242, count: 400, selfAddress: 'ulrike@example.test' })
      await appendMessages(
        servers.server,
        box.user.user,
        box.user.password,
        'Projects',
        corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
      )
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const projects = await box.fixture.folder(box.accountId, 'Projects')
      await box.fixture.call('folders.setSync', { folderId: projects.id, enabled: true })
      const stored = () =>
        (
          box.db
            .prepare('SELECT count(*) AS n FROM message_locations WHERE folder_id = ?')
            .get(projects.id) as { n: number }
        ).n
      let storedAtUntick: number | null = null
      const off = box.fixture.core.events.subscribe((name, payload) => {
        const p = payload as { folder?: string; phase?: string; done?: number }
        if (name !== 'sync.progress' || p.folder !== 'Projects' || p.phase !== 'fetching' || !p.done) return
        if (storedAtUntick !== null) return
        storedAtUntick = stored()
        // The user unticks it in Mailbox settings: the first batch is in.
        void box.fixture.core.dispatch('folders.setSync', { folderId: projects.id, enabled: false })
      })
      try {
        await box.fixture.core.dispatch('sync.run', { accountId: box.accountId })
      } finally {
        off()
      }
      expect(storedAtUntick).not.toBeNull()
      expect(storedAtUntick!).toBeLessThan(400)
      // What was stored before the untick stays; the rest of the 400 is not downloaded.
      expect(stored()).toBeGreaterThanOrEqual(storedAtUntick!)
      expect(stored(), 'messages of the unticked folder stored after the untick').toBeLessThanOrEqual(
        storedAtUntick! + 50
      )
      // Ticked again: the import resumes, and each message is there once.
      await box.fixture.call('folders.setSync', { folderId: projects.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(stored()).toBe(400)
    } finally {
      await closeMailbox(box)
    }
  })
})
