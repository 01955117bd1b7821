// The uploader's bookkeeping when things happen in between, with a stand-in IMAP session (the
// path through Dovecot is tests/integration/drafts-on-server.test.ts): a draft sent while its
// copy goes up, an upload the server refuses, a connection lost (or a crash) just after the
// server took a copy, and a From changed.
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { ManualClock } from '../../src-main/core/clock'
import { DraftStore } from '../../src-main/core/drafts/draft-store'
import { DraftUploader } from '../../src-main/core/drafts/draft-uploader'
import { LocationStore } from '../../src-main/core/store/location-store'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { ConnectionLost } from '../../src-main/core/mail-server/server-errors'
import { memoryWorkspace, message, store } from './fixtures/workspace'

type Copy = { uid: number; messageId: string; raw: Buffer }

/** A session on one server: what was appended, by Message-ID, and the UIDs deleted. */
function fakeServer() {
  const copies: Copy[] = []
  const deleted: number[] = []
  let open = true
  const behaviour: { onAppend?: () => void; onAttempt?: () => void; refuseAppend?: boolean } = {}
  const client = {
    get usable() {
      return open
    },
    state: 'selected',
    states: { LOGOUT: 'logout' },
    mailbox: { path: 'Drafts' } as { path: string } | false,
    async append(path: string, raw: Buffer) {
      behaviour.onAttempt?.()
      if (behaviour.refuseAppend) return false
      const messageId = /^Message-ID: (.*)$/im.exec(raw.toString())![1]!.trim()
      copies.push({ uid: copies.length + 1, messageId, raw })
      // What happens while the APPEND is under way (after the server took it, before its answer).
      behaviour.onAppend?.()
      return open ? { destination: path, uid: copies.length, uidValidity: 1n } : false
    },
    async getMailboxLock(path: string) {
      return { path, release: () => undefined }
    },
    async search(query: { header: { 'message-id': string } }) {
      return copies.filter((c) => c.messageId === query.header['message-id']).map((c) => c.uid)
    },
    async messageDelete(uids: number[]) {
      deleted.push(...uids)
      return true
    }
  }
  const lose = () => {
    open = false
  }
  const restore = () => {
    open = true
  }
  return { client: client as unknown as ImapFlow, copies, deleted, behaviour, lose, restore }
}

function workspace() {
  const ws = memoryWorkspace()
  const { db } = ws
  db.prepare(
    `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
     VALUES (2, 'sales@rapport.test', 'sales', 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:sales', 0)`
  ).run()
  for (const accountId of [1, 2])
    db.prepare(
      `INSERT INTO folders (account_id, path, name, delimiter, special_use, sync_enabled)
       VALUES (?, 'Drafts', 'Drafts', '/', '\\Drafts', 1)`
    ).run(accountId)
  const clock = new ManualClock(Date.parse('2030-01-02T09:00:00Z'))
  const drafts = new DraftStore(db, clock)
  const log: string[] = []
  const uploader = new DraftUploader({
    db,
    folders: new FolderRepository(db),
    queries: new MailQueries(db),
    drafts,
    locations: new LocationStore(db),
    clock,
    log: (line) => log.push(line)
  })
  const accounts = new AccountRepository(db)
  const push = (client: ImapFlow, accountId = 1) => uploader.push(client, accounts.find(accountId)!)
  const queued = () => db.prepare('SELECT account_id, message_id FROM draft_copies_to_delete').all()
  return { ws, db, clock, drafts, log, push, queued }
}

const textsOn = (server: ReturnType<typeof fakeServer>) =>
  server.copies
    .filter((c) => !server.deleted.includes(c.uid))
    .map((c) => /\r\n\r\n([^\r\n]*)/.exec(c.raw.toString())![1])

const draft = (accountId: number, text: string) => ({
  kind: 'new' as const,
  accountId,
  to: 'carlos@client.test',
  subject: 'Catalogue',
  text,
  later: ''
})

/** Another program's draft in account 1's Drafts (numbered 7) at `uid`, as sync stores it. */
function phoneDraft(ws: ReturnType<typeof memoryWorkspace>, uid: number, messageId: string): number {
  const { db, store, context } = ws
  db.prepare("UPDATE folders SET uid_validity = 7 WHERE account_id = 1 AND path = 'Drafts'").run()
  const folderId = db
    .prepare("SELECT id FROM folders WHERE account_id = 1 AND path = 'Drafts'")
    .pluck()
    .get() as number
  const folder = { id: folderId, uidValidity: 7, isSent: false, specialUse: '\\Drafts' }
  store.storeBatch({ ...context, folder }, [{ uid, flags: ['\\Draft'], parsed: message({ messageId }) }])
  return db.prepare('SELECT id FROM messages WHERE message_id = ?').pluck().get(messageId) as number
}

describe('the draft uploader', () => {
  it("deletes another program's draft continued here only once the draft continuing it is up", async () => {
    const { ws, db, drafts, push } = workspace()
    const server = fakeServer()
    ;(server.client as unknown as { mailbox: object }).mailbox = { path: 'Drafts', uidValidity: 7n }
    const continued = phoneDraft(ws, 41, '<offer@phone.test>')
    drafts.save({ ...draft(1, 'Finished here'), continues: continued })
    // The server will not take Rapport's copy: the other program's stays, the only one there.
    server.behaviour.refuseAppend = true
    await push(server.client)
    expect(server.deleted).toEqual([])
    expect(drafts.onServer()).toEqual([])
    server.behaviour.refuseAppend = false
    drafts.save({ ...draft(1, 'Finished here, and read again'), continues: continued })
    await push(server.client)
    expect(textsOn(server)).toEqual(['Finished here, and read again'])
    expect(server.deleted).toEqual([41])
    expect(db.prepare('SELECT count(*) FROM continued_copies').pluck().get()).toBe(0)
    // Its location goes at once: it is not listed while the next pass has yet to see it gone.
    expect(db.prepare('SELECT count(*) FROM message_locations').pluck().get()).toBe(0)
  })

  it('deletes a continued draft thrown away here, and claims nothing saved under its id later', async () => {
    const { ws, db, drafts, push } = workspace()
    const server = fakeServer()
    ;(server.client as unknown as { mailbox: object }).mailbox = { path: 'Drafts', uidValidity: 7n }
    const continued = phoneDraft(ws, 41, '<offer@phone.test>')
    drafts.save({ ...draft(1, 'Finished here'), asideId: 3, continues: continued })
    // The other program saves a newer version under the same Message-ID, at 42.
    phoneDraft(ws, 42, '<offer@phone.test>')
    drafts.save({ ...draft(1, 'Finished here, again'), asideId: 3, continues: continued })
    expect(drafts.onServer().map((d) => d.id)).toEqual([continued])
    drafts.delete({ kind: 'new', asideId: 3 })
    await push(server.client)
    expect(server.deleted).toEqual([41])
    expect(db.prepare('SELECT count(*) FROM continued_copies').pluck().get()).toBe(0)
  })

  it('deletes the copy it just made when the draft was sent while it went up', async () => {
    const { drafts, push, queued } = workspace()
    const server = fakeServer()
    drafts.save(draft(1, 'Our catalogue'))
    await push(server.client)
    const [first] = server.copies
    drafts.save(draft(1, 'Our catalogue, as promised'))
    // Sent (its draft deleted) while the second copy is on its way up.
    server.behaviour.onAppend = () => drafts.delete({ kind: 'new' })
    await push(server.client)
    expect(server.copies).toHaveLength(2)
    expect(server.deleted.sort()).toEqual([first!.uid, server.copies[1]!.uid].sort())
    expect(queued()).toEqual([])
  })

  it('logs an upload the server refuses, and tries that version again an hour later or once changed', async () => {
    const { drafts, push, log, clock } = workspace()
    const server = fakeServer()
    drafts.save(draft(1, 'Our catalogue'))
    let appends = 0
    server.behaviour.onAttempt = () => appends++
    server.behaviour.refuseAppend = true
    await push(server.client)
    expect(log).toEqual([
      expect.stringMatching(
        /^Could not upload a draft to Drafts \(tried again in an hour.*refused to add a draft/
      )
    ])
    // Not at every pass meanwhile.
    clock.advance(59 * 60 * 1000)
    await push(server.client)
    expect(appends).toBe(1)
    clock.advance(2 * 60 * 1000)
    await push(server.client)
    expect(appends).toBe(2)
    // A new save is tried at once, and goes up once the server takes it.
    server.behaviour.refuseAppend = false
    drafts.save(draft(1, 'Our catalogue, smaller'))
    await push(server.client)
    expect(textsOn(server)).toEqual(['Our catalogue, smaller'])
  })

  it('fails the pass when the connection is lost, and deletes the copy it may have made then', async () => {
    const { drafts, push, log } = workspace()
    const server = fakeServer()
    drafts.save(draft(1, 'Our catalogue'))
    // The copy is made, and the core dies before it records it (here, the answer never comes).
    server.behaviour.onAppend = () => server.lose()
    await expect(push(server.client)).rejects.toBeInstanceOf(ConnectionLost)
    expect(log).toEqual([])
    expect(server.copies).toHaveLength(1)
    server.behaviour.onAppend = undefined
    server.restore()
    await push(server.client)
    expect(server.copies).toHaveLength(2)
    expect(server.deleted).toEqual([server.copies[0]!.uid])
  })

  it('moves the copy with the From: up in the new mailbox, deleted from the old one', async () => {
    const { drafts, push, queued } = workspace()
    const first = fakeServer()
    const second = fakeServer()
    drafts.save(draft(1, 'Our catalogue'))
    await push(first.client, 1)
    drafts.save(draft(2, 'Our catalogue'))
    await push(second.client, 2)
    expect(second.copies).toHaveLength(1)
    expect(queued()).toEqual([{ account_id: 1, message_id: first.copies[0]!.messageId }])
    await push(first.client, 1)
    expect(first.deleted).toEqual([first.copies[0]!.uid])
    expect(queued()).toEqual([])
  })

  it("leaves a copy made while another mailbox's pass took the draft over to be deleted", async () => {
    const { db, drafts, push, queued } = workspace()
    const server = fakeServer()
    drafts.save(draft(1, 'Our catalogue'))
    // The From changes to the other mailbox, and its pass uploads the draft there, while this
    // mailbox's APPEND is under way.
    server.behaviour.onAppend = () =>
      db
        .prepare(
          "UPDATE drafts SET server_copy = '<there@x.test>', server_account_id = 2, uploaded_revision = revision"
        )
        .run()
    await push(server.client)
    expect(db.prepare('SELECT server_copy, server_account_id FROM drafts').get()).toEqual({
      server_copy: '<there@x.test>',
      server_account_id: 2
    })
    expect(server.deleted).toEqual([server.copies[0]!.uid])
    expect(queued()).toEqual([])
  })

  it('gives a new draft an id of its own, not that of a draft sent while its copy went up', async () => {
    const { drafts, push } = workspace()
    const server = fakeServer()
    drafts.save(draft(1, 'Text of the mail being sent'))
    server.behaviour.onAppend = () => {
      drafts.delete({ kind: 'new' })
      drafts.save(draft(1, 'The next message'))
    }
    await push(server.client)
    server.behaviour.onAppend = undefined
    await push(server.client)
    expect(textsOn(server)).toEqual(['The next message'])
  })

  it('uploads a reply to a sender whose address no server takes, without that address', async () => {
    const { ws, drafts, push, log } = workspace()
    const [threadId] = store(ws, message({ from: { name: 'Mail Delivery', address: 'MAILER-DAEMON' } }))
    drafts.save({ kind: 'reply', threadId: threadId!, text: 'Which message bounced?', later: '' })
    const server = fakeServer()
    await push(server.client)
    expect(log).toEqual([])
    expect(textsOn(server)).toEqual(['Which message bounced?'])
  })

  it('moves a draft with no From picked to the new first mailbox when the first is deleted', async () => {
    const { db, drafts, push } = workspace()
    const first = fakeServer()
    const second = fakeServer()
    drafts.save({ ...draft(1, 'Our catalogue'), accountId: null })
    await push(first.client, 1)
    await push(second.client, 2)
    expect(second.copies).toEqual([])
    db.prepare('DELETE FROM accounts WHERE id = 1').run()
    await push(second.client, 2)
    expect(textsOn(second)).toEqual(['Our catalogue'])
  })
})
