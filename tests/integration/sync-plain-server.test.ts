// A plain IMAP4rev1 server for real: Dovecot announcing no CONDSTORE, QRESYNC, SPECIAL-USE, MOVE
// or UIDPLUS, with Indonesian folder names. Rapport must find its folders by name, keep in step
// by UID and flag comparison, and move mail without MOVE or COPYUID, duplicating nothing. Dovecot
// still sends COPYUID; the tests about its absence take it out in the proxy.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus, type CorpusMessage } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { startTcpProxy } from '../support/tcp-proxy'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { holdPushes } from './fixtures/hold-pushes'
import { localFolder, otherClient, serverFolder, uidOf } from './fixtures/server-mailbox'

const ALICE: MailUser = { user: 'alice', password: 'alice-pw' }
const FOLDERS = {
  '\\Sent': 'Surat Terkirim',
  '\\Drafts': 'Draf Pesan',
  '\\Trash': 'Sampah',
  '\\Junk': 'Surat Spam',
  '\\Archive': 'Arsip Surat'
}

let server: DovecotServer
let relay: SmtpRelay
let fixture: CoreFixture
let other: ImapFlow
let corpus: CorpusMessage[]
let accountId: number

beforeAll(async () => {
  server = await startDovecot({ users: [ALICE], plain: true })
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort })
  corpus = await generateCorpus({ seed: 61, count: 8, selfAddress: 'alice@example.test' })
  await appendMessages(
    server,
    ALICE.user,
    ALICE.password,
    'INBOX',
    corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
  )
  fixture = new CoreFixture()
  accountId = (
    await fixture.call('accounts.add', { ...accountInput(server, relay.port, ALICE), importLimit: 'all' })
  ).id
  other = await otherClient(server, ALICE)
})

afterAll(async () => {
  await other?.logout().catch(() => other.close())
  fixture?.close()
  await relay?.stop()
  await server?.stop()
})

const pk = (messageId: string) => fixture.messagePk(messageId)

async function expectInStep(...paths: string[]) {
  for (const path of paths)
    expect(localFolder(fixture.core.workspace.db, accountId, path)).toEqual(await serverFolder(other, path))
}

/** A new user with `count` messages, synced by a core of its own through a fault proxy. */
async function throughProxy(name: string, count = 3) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const mail = await generateCorpus({ seed: name.length * 11, count, selfAddress: `${name}@example.test` })
  await appendMessages(server, user.user, user.password, 'INBOX', mail.map((m) => m.raw))
  const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
  const core = new CoreFixture()
  const imap = { host: proxy.host, port: proxy.port, security: 'none' as const }
  const { id: accountId } = await core.call('accounts.add', { ...accountInput(server, relay.port, user), imap, importLimit: 'all' })
  await core.call('sync.run', { accountId })
  const pk = (messageId: string) =>
    (core.core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as { id: number }).id
  const close = async () => {
    core.close()
    await proxy.close()
  }
  return { user, mail, proxy, core, accountId, pk, archived: mail[0]!.messageId, close }
} // prettier-ignore

describe('a plain IMAP4rev1 server with localized folder names', () => {
  it('announces none of the extensions Rapport would otherwise use (what this file is about)', () => {
    expect(other.capabilities.has('IMAP4rev1')).toBe(true)
    expect(other.capabilities.has('IDLE')).toBe(true)
    for (const extension of ['CONDSTORE', 'QRESYNC', 'SPECIAL-USE', 'MOVE', 'UIDPLUS'])
      expect(other.capabilities.has(extension), extension).toBe(false)
  })

  it('finds Sent, Drafts, Trash, Junk and Archive by their Indonesian names, and syncs them by default', async () => {
    await fixture.call('sync.run', { accountId })
    const folders = await fixture.call('folders.list', { accountId })
    for (const [use, path] of Object.entries(FOLDERS))
      expect(
        folders.find((f) => f.path === path),
        path
      ).toMatchObject({ specialUse: use, syncEnabled: true })
    expect(await fixture.call('messages.list', { accountId })).toHaveLength(corpus.length)
  })

  it('keeps in step by UID and flag comparison with flags, expunges and moves made by another client', async () => {
    const before = await serverFolder(other, 'INBOX')
    const [flagged, unread, expunged, moved] = corpus.map((m) => uidOf(before, m.messageId))
    const lock = await other.getMailboxLock('INBOX')
    try {
      await other.messageFlagsAdd(String(flagged), ['\\Flagged', '\\Seen'], { uid: true })
      await other.messageFlagsRemove(String(unread), ['\\Seen'], { uid: true })
      await other.messageDelete(String(expunged), { uid: true })
      // Without MOVE, imapflow copies, marks \Deleted and expunges.
      await other.messageMove(String(moved), FOLDERS['\\Archive'], { uid: true })
    } finally {
      lock.release()
    }
    const [result] = await fixture.call('sync.run', { accountId })
    expect(result!.fetched).toBe(1)
    await expectInStep('INBOX', FOLDERS['\\Archive'])
    expect(fixture.core.workspace.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({
      n: corpus.length
    })
  })

  it('deletes to Sampah and archives to Arsip Surat without MOVE, and the next sync duplicates nothing', async () => {
    const [deleted, archived] = [corpus[4]!, corpus[5]!]
    await fixture.call('messages.delete', { messageIds: [pk(deleted.messageId)] })
    await fixture.call('messages.archive', { messageIds: [pk(archived.messageId)] })
    await fixture.core.workspace.sync.pushTasks(accountId)
    expect(await fixture.call('tasks.list', { accountId })).toEqual([])
    expect(await countByMessageId(server, ALICE, FOLDERS['\\Trash'], deleted.messageId)).toBe(1)
    expect(await countByMessageId(server, ALICE, FOLDERS['\\Archive'], archived.messageId)).toBe(1)
    expect(await countByMessageId(server, ALICE, 'INBOX', deleted.messageId)).toBe(0)
    const [result] = await fixture.call('sync.run', { accountId })
    expect(result!.fetched).toBe(0)
    await expectInStep('INBOX', FOLDERS['\\Trash'], FOLDERS['\\Archive'])
    expect(fixture.core.workspace.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({
      n: corpus.length
    })
  })

  // Without COPYUID, where each message landed is found by its Message-ID: one SEARCH per
  // message made a bulk archive of 1,000 cost 1,000 round trips.
  it('finds where 120 archived messages landed with a few searches, not one per message', async () => {
    const box = await throughProxy('bulkan', 120)
    // Searches for where mail landed: not the one listing mail marked deleted before the EXPUNGE
    // (see others-marked-deleted.ts), nor the one for what the EXPUNGE left (removal-refused.ts).
    const searches = () =>
      Buffer.concat(box.proxy.clientBytes())
        .toString('latin1')
        .match(/ UID SEARCH (?!DELETED|UID )/g)?.length ?? 0
    const boxOther = await otherClient(server, box.user)
    box.proxy.stripResponseCode('COPYUID')
    try {
      const before = searches()
      const messageIds = box.mail.map((m) => box.pk(m.messageId))
      expect((await box.core.call('messages.archive', { messageIds })).moved).toBe(120)
      await box.core.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.core.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const made = searches() - before
      // Some: no COPYUID said where the mail went.
      expect(made).toBeGreaterThan(0)
      expect(made).toBeLessThanOrEqual(3)
      // Each at the UID the server gave it, before any sync: nothing is fetched again.
      const archive = FOLDERS['\\Archive']
      expect(localFolder(box.core.core.workspace.db, box.accountId, archive)).toEqual(
        await serverFolder(boxOther, archive)
      )
      const [next] = await box.core.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(0)
    } finally {
      await boxOther.logout()
      await box.close()
    }
  })

  it('reports an archive another program overtook (moved to Sampah first), without UIDPLUS to tell', async () => {
    const box = await throughProxy('ovid')
    const mine = await otherClient(server, box.user)
    try {
      const release = holdPushes(box.core, box.accountId)
      await box.core.call('messages.archive', { messageIds: [box.pk(box.archived)] })
      const inbox = await serverFolder(mine, 'INBOX')
      const lock = await mine.getMailboxLock('INBOX')
      try {
        await mine.messageMove(String(uidOf(inbox, box.archived)), FOLDERS['\\Trash'], { uid: true })
      } finally {
        lock.release()
      }
      await release()
      expect(await countByMessageId(server, box.user, FOLDERS['\\Archive'], box.archived)).toBe(0)
      expect(await box.core.call('tasks.list', { accountId: box.accountId })).toMatchObject([
        { state: 'failed', lastErrorCode: 'CHANGED_ELSEWHERE' }
      ])
    } finally {
      await mine.logout()
      await box.close()
    }
  })

  // Without MOVE, imapflow moves with COPY, then STORE \\Deleted and EXPUNGE. When the COPY's
  // answer is lost, the retry finds the message still in INBOX: copying it again left two.
  it('archives once when the answer to the COPY of a move without MOVE was lost: no second copy', async () => {
    const box = await throughProxy('bob')
    try {
      const copied = box.proxy.cutReplyTo(/ UID COPY /)
      await box.core.call('messages.archive', { messageIds: [box.pk(box.archived)] })
      await copied
      await box.core.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.core.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await countByMessageId(server, box.user, FOLDERS['\\Archive'], box.archived)).toBe(1)
      expect(await countByMessageId(server, box.user, 'INBOX', box.archived)).toBe(0)
      await box.core.call('sync.run', { accountId: box.accountId })
      const locations = box.core.core.workspace.db.prepare('SELECT count(*) AS n FROM message_locations')
      expect(locations.get()).toEqual({ n: 3 })
    } finally {
      await box.close()
    }
  })

  // The same for a message without a Message-ID header (monitoring mail, old list software): no
  // search finds its made-up id, so the earlier try's copy is found by its size and bytes.
  it('archives once a message without a Message-ID when the answer to its COPY was lost', async () => {
    const box = await throughProxy('dina', 1)
    try {
      const noId = [
        'From: Monitor <monitor@example.test>',
        'To: dina@example.test',
        'Subject: Disk usage report',
        'Date: Tue, 01 Dec 2026 10:00:00 +0000',
        '',
        'Disk usage is at 81 %.',
        ''
      ].join('\r\n')
      await appendMessages(server, box.user.user, box.user.password, 'INBOX', [
        { raw: noId, internalDate: new Date('2026-12-01T10:00:05Z') }
      ])
      await box.core.call('sync.run', { accountId: box.accountId })
      const { db } = box.core.core.workspace
      const { id } = db.prepare("SELECT id FROM messages WHERE subject = 'Disk usage report'").get() as {
        id: number
      }
      const copied = box.proxy.cutReplyTo(/ UID COPY /)
      await box.core.call('messages.archive', { messageIds: [id] })
      await copied
      await box.core.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.core.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const client = await otherClient(server, box.user)
      try {
        const archive = await serverFolder(client, FOLDERS['\\Archive'])
        expect(archive.size, 'copies in the Archive folder').toBe(1)
      } finally {
        await client.logout()
      }
    } finally {
      await box.close()
    }
  })

  // A retry that finds a namesake in the destination (same Message-ID, other content: a draft
  // saved again, a list post delivered twice) must still copy: taking it for the earlier try's
  // copy deleted the only copy of the message moved.
  it('still copies on a retried move when the destination holds another message with the same Message-ID', async () => {
    const box = await throughProxy('cleo')
    try {
      const namesake = box.mail[0]!.raw.toString().replace(/\r\n\r\n/, '\r\n\r\nAn older version.\r\n')
      await appendMessages(server, box.user.user, box.user.password, FOLDERS['\\Archive'], [
        { raw: namesake, internalDate: new Date('2020-01-01T00:00:00Z') }
      ])
      // The first try is lost before its COPY reaches the server.
      const lost = box.proxy.beforeCommand(/ UID COPY /, 1, async () => box.proxy.cutAll())
      await box.core.call('messages.archive', { messageIds: [box.pk(box.archived)] })
      await lost
      await box.core.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.core.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await countByMessageId(server, box.user, FOLDERS['\\Archive'], box.archived)).toBe(2)
      expect(await countByMessageId(server, box.user, 'INBOX', box.archived)).toBe(0)
    } finally {
      await box.close()
    }
  })

  // The folder list is read again after TRYCREATE and the move tried once more at once: that try
  // counts as a retry, and looking for earlier copies in a folder that is gone must not turn the
  // server's verdict into a temporary failure.
  it('fails a move to a folder deleted on the server for good in one push, with the server’s words', async () => {
    const box = await throughProxy('dina')
    const elsewhere = await otherClient(server, box.user)
    try {
      await elsewhere.mailboxCreate('Proyek')
      await box.core.call('sync.run', { accountId: box.accountId })
      await elsewhere.mailboxDelete('Proyek')
      const gone = await box.core.folder(box.accountId, 'Proyek')
      await box.core.call('messages.move', { messageIds: [box.pk(box.archived)], folderId: gone.id })
      await box.core.core.workspace.sync.pushTasks(box.accountId)
      const [task] = await box.core.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ kind: 'move', state: 'failed', lastErrorCode: 'SERVER_SAID' })
      expect(await countByMessageId(server, box.user, 'INBOX', box.archived)).toBe(1)
    } finally {
      await elsewhere.logout()
      await box.close()
    }
  })

  it('files sent mail in Surat Terkirim, found by name, once', async () => {
    const sent = await fixture.call('messages.send', {
      accountId,
      to: ['client@example.test'],
      subject: 'Penawaran harga',
      text: 'Terlampir penawaran kami.'
    })
    expect(sent.sentFolder).toBe(FOLDERS['\\Sent'])
    expect(await countByMessageId(server, ALICE, FOLDERS['\\Sent'], sent.messageId)).toBe(1)
    await fixture.call('sync.run', { accountId })
    await expectInStep(FOLDERS['\\Sent'])
  })
})
