import type { ImapFlow } from 'imapflow'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { sizedBatches } from '../../src-main/core/sync/fetch-batches'
import { openTestImap } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { localFolder, otherClient, serverFolder, uidOf } from './fixtures/server-mailbox'

let server: DovecotServer
let relay: SmtpRelay

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'alice', password: 'alice-pw' }] })
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort })
})

afterAll(async () => {
  await relay?.stop()
  await server?.stop()
})

const FAST = {
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 5_000,
  reconnect: { baseMs: 50, maxMs: 500 }
}

/** A fresh user with `count` seeded messages in INBOX, a core with the account added, and a second client. */
async function mailbox(
  name: string,
  count: number,
  options: { condstore?: boolean; smtpPort?: number; pollIntervalMs?: number } = {}
) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const corpus = await generateCorpus({ seed: name.length * 31, count, selfAddress: `${name}@example.test` })
  await appendMessages(
    server,
    user.user,
    user.password,
    'INBOX',
    corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
  )
  const realtime = { ...FAST, pollIntervalMs: options.pollIntervalMs ?? FAST.pollIntervalMs }
  const fixture = new CoreFixture({ sync: { realtime, condstore: options.condstore ?? true } })
  const account = await fixture.call('accounts.add', {
    ...accountInput(server, options.smtpPort ?? relay.port, user),
    importLimit: 'all'
  })
  const other = await otherClient(server, user)
  const db = fixture.core.workspace.db
  const messagePk = (messageId: string) =>
    (db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as { id: number }).id
  return { user, corpus, fixture, accountId: account.id, other, db, messagePk }
}

/** A small message of `name`'s own, to file into a folder other than INBOX. */
const ownMail = (name: string, id: string) =>
  `From: ${name}@example.test\r\nTo: client@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.test>\r\n\r\nhello\r\n`

async function close(box: { fixture: CoreFixture; other: ImapFlow }) {
  await box.other.logout().catch(() => box.other.close())
  await box.fixture.core.stopRealtime()
  box.fixture.close()
}

describe('import batches', () => {
  it('asks the server for message sizes and keeps each batch under the byte limit, in UID order', async () => {
    const user: MailUser = { user: 'ines', password: 'ines-pw' }
    await server.addUser(user.user, user.password)
    const mail = (n: number, bodyBytes: number) =>
      `From: a@b.test\r\nTo: ines@example.test\r\nSubject: ${n}\r\nMessage-ID: <size-${n}@b.test>\r\n\r\n` +
      `${'x'.repeat(76)}\r\n`.repeat(Math.ceil(bodyBytes / 78))
    // Two small, one of ~60 KB, two small: with 50 KB batches the large one goes alone.
    await appendMessages(server, user.user, user.password, 'INBOX', [
      mail(1, 1000),
      mail(2, 1000),
      mail(3, 60_000),
      mail(4, 1000),
      mail(5, 1000)
    ])
    const client = await openTestImap(server, user)
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
      await close(box)
    }
  })

  it('keeps syncing the other folders when a synced folder is deleted on the server, and resumes it when it comes back', async () => {
    const box = await mailbox('felix', 2)
    const mail = (id: string) => ownMail('felix', id)
    try {
      await box.other.mailboxCreate('Projects')
      await appendMessages(server, box.user.user, box.user.password, 'Projects', [mail('project-1')])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const projects = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Projects'
      )!
      await box.fixture.call('folders.setSync', { folderId: projects.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect([...localFolder(box.db, box.accountId, 'Projects').values()].map((m) => m.messageId)).toEqual([
        '<project-1@example.test>'
      ])

      await box.other.mailboxDelete('Projects')
      await appendMessages(server, box.user.user, box.user.password, 'Sent', [mail('sent-after')])
      const [pass] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(pass!.folders).not.toContain('Projects')
      expect(localFolder(box.db, box.accountId, 'Sent')).toEqual(await serverFolder(box.other, 'Sent'))
      // The folder's mail stays in Rapport.
      expect(localFolder(box.db, box.accountId, 'Projects').size).toBe(1)

      await box.other.mailboxCreate('Projects')
      await appendMessages(server, box.user.user, box.user.password, 'Projects', [mail('project-2')])
      const [back] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(back!.folders).toContain('Projects')
      expect(localFolder(box.db, box.accountId, 'Projects')).toEqual(
        await serverFolder(box.other, 'Projects')
      )
    } finally {
      await close(box)
    }
  })

  it('follows a synced folder renamed on the server: same folder, same choice, same mail, and new mail after it', async () => {
    const box = await mailbox('rosa', 2)
    const mail = (id: string) => ownMail('rosa', id)
    try {
      await box.other.mailboxCreate('Projects')
      await appendMessages(server, box.user.user, box.user.password, 'Projects', [
        mail('project-1'),
        mail('project-2')
      ])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      await box.fixture.call('folders.setSync', {
        folderId: listed.find((f) => f.path === 'Projects')!.id,
        enabled: true
      })
      await box.fixture.call('sync.run', { accountId: box.accountId })
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
      expect(localFolder(box.db, box.accountId, 'Clients/Projects')).toEqual(
        await serverFolder(box.other, 'Clients/Projects')
      )

      await appendMessages(server, box.user.user, box.user.password, 'Clients/Projects', [mail('project-3')])
      const [next] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(1)
      const projects = localFolder(box.db, box.accountId, 'Clients/Projects')
      expect([...projects.values()].map((m) => m.messageId)).toContain('<project-3@example.test>')
      expect(projects).toEqual(await serverFolder(box.other, 'Clients/Projects'))
      expect(await box.fixture.call('messages.list', { accountId: box.accountId })).toHaveLength(stored + 1)
    } finally {
      await close(box)
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
        expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(await serverFolder(box.other, 'INBOX'))
      } finally {
        await close(box)
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
        for (const path of ['INBOX', 'Archive']) {
          expect(localFolder(box.db, box.accountId, path)).toEqual(await serverFolder(box.other, path))
        }
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
        await close(box)
      }
    })
  }
})

describe('local -> server', () => {
  it('pushes read, flagged, move and delete as tasks, and threads.markRead too', async () => {
    const box = await mailbox('ivan', 6)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [a, b, c, d] = box.corpus.map((m) => box.messagePk(m.messageId))
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      const archive = folders.find((f) => f.specialUse === '\\Archive')!
      expect(
        await box.fixture.call('messages.setFlags', { messageIds: [a!], seen: true, flagged: true })
      ).toEqual({
        changed: 1
      })
      expect(await box.fixture.call('messages.move', { messageIds: [b!], folderId: archive.id })).toEqual({
        moved: 1
      })
      // Local first: the move shows before the server has it.
      expect([...localFolder(box.db, box.accountId, 'Archive').values()].map((m) => m.messageId)).toEqual([
        box.corpus[1]!.messageId
      ])
      await box.fixture.call('messages.delete', { messageIds: [c!] })
      const thread = (
        box.db.prepare('SELECT thread_id FROM messages WHERE id = ?').get(d!) as { thread_id: number }
      ).thread_id
      await box.fixture.call('threads.markRead', { threadId: thread })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      for (const path of ['INBOX', 'Archive', 'Trash']) {
        expect(localFolder(box.db, box.accountId, path)).toEqual(await serverFolder(box.other, path))
      }
      const inbox = await serverFolder(box.other, 'INBOX')
      expect(inbox.get(uidOf(inbox, box.corpus[0]!.messageId))!.flags).toEqual(['\\Flagged', '\\Seen'])
      expect(inbox.get(uidOf(inbox, box.corpus[3]!.messageId))!.flags).toContain('\\Seen')
      // The next sync finds nothing to change and duplicates nothing.
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result!.fetched).toBe(0)
      expect(box.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 6 })
    } finally {
      await close(box)
    }
  })

  it('archives to the Archive folder and marks the message a reply answers \\Answered, locally and on the server', async () => {
    const box = await mailbox('ivy', 3)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [first, second] = box.corpus
      expect(
        await box.fixture.call('messages.archive', { messageIds: [box.messagePk(first!.messageId)] })
      ).toEqual({ moved: 1 })
      const parentPk = box.messagePk(second!.messageId)
      await box.fixture.call('messages.send', {
        accountId: box.accountId,
        to: ['someone@example.test'],
        subject: `Re: ${second!.subject}`,
        text: 'Noted.',
        inReplyTo: second!.messageId
      })
      // Local first: the reply's parent is answered as soon as the send is recorded.
      const parent = (await box.fixture.call('messages.list', { accountId: box.accountId })).find(
        (m) => m.id === parentPk
      )
      expect(parent!.flags).toContain('\\Answered')
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const inbox = await serverFolder(box.other, 'INBOX')
      expect(inbox.get(uidOf(inbox, second!.messageId))!.flags).toContain('\\Answered')
      const archive = await serverFolder(box.other, 'Archive')
      expect([...archive.values()].map((m) => m.messageId)).toEqual([first!.messageId])
      for (const path of ['INBOX', 'Archive']) {
        expect(localFolder(box.db, box.accountId, path)).toEqual(await serverFolder(box.other, path))
      }
    } finally {
      await close(box)
    }
  })

  it('pushes a flag and a move made after the server renumbered the folder (UIDVALIDITY) to the same messages', async () => {
    const box = await mailbox('ike', 4)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [flagged, moved] = box.corpus.map((m) => m.messageId)
      // The server renumbers INBOX (a restore, a migration) before Rapport has seen it: the
      // stored UIDs are void when the user's changes go up.
      await box.other.logout()
      await server.doveadm(['mailbox', 'update', '-u', box.user.user, '--uid-validity', '4242', 'INBOX'])
      box.other = await otherClient(server, box.user)
      const archive = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.specialUse === '\\Archive'
      )!
      await box.fixture.call('messages.setFlags', { messageIds: [box.messagePk(flagged!)], flagged: true })
      await box.fixture.call('messages.move', { messageIds: [box.messagePk(moved!)], folderId: archive.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const inbox = await serverFolder(box.other, 'INBOX')
      expect(inbox.get(uidOf(inbox, flagged!))!.flags).toContain('\\Flagged')
      expect([...inbox.values()].map((m) => m.messageId)).not.toContain(moved)
      expect([...(await serverFolder(box.other, 'Archive')).values()].map((m) => m.messageId)).toEqual([
        moved
      ])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      for (const path of ['INBOX', 'Archive']) {
        expect(localFolder(box.db, box.accountId, path)).toEqual(await serverFolder(box.other, path))
      }
    } finally {
      await close(box)
    }
  })

  it('finds all its mail again by Message-ID when the server renumbers a folder, older mail too, fetching none of it', async () => {
    const box = await mailbox('quinn', 10)
    try {
      // Everything is here, though the account's window for new passes is the newest 4.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      box.db.prepare('UPDATE accounts SET import_limit = 4').run()
      const oldest = box.corpus[0]!.messageId
      const oldestUid = uidOf(await serverFolder(box.other, 'INBOX'), oldest)
      const lock = await box.other.getMailboxLock('INBOX')
      try {
        await box.other.messageFlagsAdd(String(oldestUid), ['\\Flagged'], { uid: true })
      } finally {
        lock.release()
      }
      await box.other.logout()
      await server.doveadm(['mailbox', 'update', '-u', box.user.user, '--uid-validity', '9090', 'INBOX'])
      box.other = await otherClient(server, box.user)
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result!.fetched).toBe(0)
      expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(await serverFolder(box.other, 'INBOX'))
      expect(box.db.prepare('SELECT count(*) AS n FROM messages WHERE deleted_on_server = 1').get()).toEqual({
        n: 0
      })
      expect(box.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 10 })
      expect(
        (
          box.db.prepare('SELECT flags_json FROM messages WHERE message_id = ?').get(oldest) as {
            flags_json: string
          }
        ).flags_json
      ).toContain('Flagged')
      // New mail after the renumbering still arrives, and nothing is fetched twice.
      await appendMessages(server, box.user.user, box.user.password, 'INBOX', [
        `From: a@b.test\r\nTo: quinn@example.test\r\nSubject: After\r\nMessage-ID: <after-9090@b.test>\r\n\r\nx\r\n`
      ])
      const [next] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(1)
      expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(await serverFolder(box.other, 'INBOX'))
    } finally {
      await close(box)
    }
  })

  it('keeps a task that fails for good with the server’s error, and puts the message back', async () => {
    const box = await mailbox('judy', 2)
    try {
      await box.other.mailboxCreate('Gone')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxDelete('Gone')
      const gone = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Gone'
      )!
      const pk = box.messagePk(box.corpus[0]!.messageId)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: gone.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ kind: 'move', state: 'failed' })
      expect(task!.lastError).toMatch(/Gone.*(exist|TRYCREATE)/i)
      expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(await serverFolder(box.other, 'INBOX'))
    } finally {
      await close(box)
    }
  })
})

describe('real time', () => {
  it('shows mail delivered over SMTP without sync.run, and again after the connection is cut', async () => {
    const box = await mailbox('kate', 2)
    try {
      const transport = nodemailer.createTransport({
        auth: { user: 'x', pass: 'y' },
        host: relay.host,
        port: relay.port,
        secure: false,
        ignoreTLS: true
      })
      const has = (messageId: string) =>
        box.db.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(messageId) !== undefined
      box.fixture.core.startRealtime()
      await box.fixture.waitFor('the first pass', () => has(box.corpus[1]!.messageId))
      const statesBefore = box.fixture.events.length
      const first = await transport.sendMail({
        from: 'x@example.test',
        to: 'kate@example.test',
        subject: 'One',
        text: '1'
      })
      await box.fixture.waitFor('the first delivery', () => has(first.messageId))
      expect(box.fixture.events.slice(statesBefore).some((e) => e.name === 'changed')).toBe(true)

      // The server drops every session of the user: the watcher reconnects with backoff.
      await server.doveadm(['kick', 'kate'])
      const second = await transport.sendMail({
        from: 'x@example.test',
        to: 'kate@example.test',
        subject: 'Two',
        text: '2'
      })
      await box.fixture.waitFor('the delivery after the cut', () => has(second.messageId))
      transport.close()
    } finally {
      await close(box)
    }
  })

  it('polls the synced folders other than INBOX on the interval, without sync.run', async () => {
    const box = await mailbox('pia', 1, { pollIntervalMs: 300 })
    try {
      const has = (messageId: string) =>
        box.db.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(messageId) !== undefined
      box.fixture.core.startRealtime()
      const upToDate = () => box.fixture.core.workspace.sync.status()[0]?.state === 'up-to-date'
      await box.fixture.waitFor('the first pass over every folder', upToDate)
      // Filed in Archive by another program: IDLE (on INBOX) says nothing, only a poll finds it.
      const messageId = '<filed-elsewhere@client.test>'
      await box.other.append(
        'Archive',
        `From: client@client.test\r\nTo: pia@example.test\r\nSubject: Filed\r\nMessage-ID: ${messageId}\r\n\r\nHi\r\n`
      )
      await box.fixture.waitFor('the poll of Archive', () => has(messageId))
      expect(localFolder(box.db, box.accountId, 'Archive')).toEqual(await serverFolder(box.other, 'Archive'))
    } finally {
      await close(box)
    }
  })

  it('pauses the account in "needs sign-in" when the password changes on the server, and deletes nothing', async () => {
    const box = await mailbox('liam', 3)
    try {
      box.fixture.core.startRealtime()
      const count = () => (box.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
      await box.fixture.waitFor('the first pass', () => count() === 3)
      await server.setPassword('liam', 'new-secret')
      await server.doveadm(['kick', 'liam'])
      const state = () => box.fixture.core.workspace.accounts.get(box.accountId).state
      await box.fixture.waitFor('the pause', () => state() === 'needs-signin')
      const [account] = await box.fixture.call('accounts.list', {})
      expect(account!.stateReason).toMatch(/password/i)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      expect(count()).toBe(3)
      expect(await box.fixture.error('sync.run', { accountId: box.accountId })).toMatchObject({
        code: 'AUTH_FAILED'
      })
      await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'new-secret' })
      expect(state()).toBe('active')
      await box.fixture.waitFor('the sync after signing in', () =>
        box.fixture.core.workspace.sync.status().some((s) => s.state === 'up-to-date')
      )
    } finally {
      await close(box)
    }
  })

  it('pauses the account when the SMTP server refuses the login (535), and sends the message once signed in again', async () => {
    const smtpUser: MailUser = { user: 'mira', password: 'mira-pw' }
    const strict = await startSmtpRelay({
      lmtpHost: server.host,
      lmtpPort: server.lmtpPort,
      users: [smtpUser]
    })
    const box = await mailbox('mira', 1, { smtpPort: strict.port })
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // The SMTP server starts wanting a new password; IMAP still takes the old one.
      smtpUser.password = 'new-secret'
      const error = await box.fixture.error('messages.send', {
        accountId: box.accountId,
        to: ['client@example.test'],
        subject: 'Quote',
        text: 'Here it is.'
      })
      expect(error.code).toBe('AUTH_FAILED')
      const [account] = await box.fixture.call('accounts.list', {})
      expect(account).toMatchObject({ state: 'needs-signin' })
      expect(account!.stateReason).toMatch(/SMTP server rejected the user name or password/)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      const [waiting] = await box.fixture.call('outbox.list', {})
      expect(waiting).toMatchObject({ subject: 'Quote', state: 'queued' })
      expect(waiting!.lastError).toMatch(/535/)
      // Paused: the scheduler does not retry a login the server refuses.
      expect(box.fixture.core.workspace.outbox.repo.accountsWithDue(Date.now() + 3_600_000)).toEqual([])

      await server.setPassword('mira', 'new-secret')
      await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'new-secret' })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await box.fixture.call('outbox.list', { includeSent: true })).toMatchObject([
        { subject: 'Quote', state: 'sent' }
      ])
      expect(strict.received.filter((m) => m.raw.toString().includes(waiting!.messageId))).toHaveLength(1)
    } finally {
      await close(box)
      await strict.stop()
    }
  })

  it('pauses the account in "needs sign-in" when sending finds the password changed, and keeps the message', async () => {
    const box = await mailbox('lena', 1)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await server.setPassword('lena', 'new-secret')
      const error = await box.fixture.error('messages.send', {
        accountId: box.accountId,
        to: ['client@example.test'],
        subject: 'Quote',
        text: 'Here it is.'
      })
      expect(error.code).not.toBe('SEND_FAILED')
      expect(box.fixture.core.workspace.accounts.get(box.accountId).state).toBe('needs-signin')
      const [account] = await box.fixture.call('accounts.list', {})
      expect(account!.stateReason).toMatch(/password/i)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      expect(await box.fixture.call('outbox.list', {})).toMatchObject([{ subject: 'Quote', state: 'queued' }])
    } finally {
      await close(box)
    }
  })
})
