// A plain IMAP4rev1 server for real: Dovecot announcing no CONDSTORE, QRESYNC, SPECIAL-USE, MOVE
// or UIDPLUS, with Indonesian folder names. Rapport must find its folders by name, keep in step
// by UID and flag comparison, and move mail without MOVE or COPYUID, duplicating nothing.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus, type CorpusMessage } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { startTcpProxy } from '../support/tcp-proxy'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
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

const pk = (messageId: string) =>
  (
    fixture.core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as {
      id: number
    }
  ).id

async function expectInStep(...paths: string[]) {
  for (const path of paths)
    expect(localFolder(fixture.core.workspace.db, accountId, path)).toEqual(await serverFolder(other, path))
}

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

  it('deletes to Sampah and archives to Arsip Surat without MOVE or COPYUID, and the next sync duplicates nothing', async () => {
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

  // Without MOVE, imapflow moves with COPY, then STORE \\Deleted and EXPUNGE. When the COPY's
  // answer is lost, the retry finds the message still in INBOX: copying it again left two.
  it('archives once when the answer to the COPY of a move without MOVE was lost: no second copy', async () => {
    const bob: MailUser = { user: 'bob', password: 'bob-pw' }
    await server.addUser(bob.user, bob.password)
    const mail = await generateCorpus({ seed: 67, count: 3, selfAddress: 'bob@example.test' })
    await appendMessages(
      server,
      bob.user,
      bob.password,
      'INBOX',
      mail.map((m) => m.raw)
    )
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const core = new CoreFixture()
    try {
      const imap = { host: proxy.host, port: proxy.port, security: 'none' as const }
      const { id } = await core.call('accounts.add', {
        ...accountInput(server, relay.port, bob),
        imap,
        importLimit: 'all'
      })
      await core.call('sync.run', { accountId: id })
      const archived = mail[0]!.messageId
      const messagePk = (
        core.core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(archived) as {
          id: number
        }
      ).id
      const copied = proxy.cutReplyTo(/ UID COPY /)
      await core.call('messages.archive', { messageIds: [messagePk] })
      await copied
      await core.core.workspace.sync.pushTasks(id)
      expect(await core.call('tasks.list', { accountId: id })).toEqual([])
      expect(await countByMessageId(server, bob, FOLDERS['\\Archive'], archived)).toBe(1)
      expect(await countByMessageId(server, bob, 'INBOX', archived)).toBe(0)
      await core.call('sync.run', { accountId: id })
      expect(core.core.workspace.db.prepare('SELECT count(*) AS n FROM message_locations').get()).toEqual({
        n: 3
      })
    } finally {
      core.close()
      await proxy.close()
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
