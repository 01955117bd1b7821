// The uploader's bookkeeping when things happen in between, with a stand-in IMAP session (the
// path through Dovecot is tests/integration/drafts-on-server.test.ts): a draft sent while its
// copy goes up, an upload the server refuses, a connection lost (or a crash) just after the
// server took a copy, and a From changed.
import { describe, expect, it } from 'vitest'
import { ConnectionLost } from '../../src-main/core/mail-server/server-errors'
import { draft, fakeServer, textsOn, uploaderWorkspace as workspace } from './fixtures/draft-upload'
import { message, store } from './fixtures/workspace'

describe('the draft uploader', () => {
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

  it('uploads a reply with only a Cc or only a Bcc of its own with them, not the usual recipients', async () => {
    const { ws, drafts, push } = workspace()
    const [threadId] = store(ws, message())
    const server = fakeServer()
    const head = () => server.copies.at(-1)!.raw.toString('latin1').split('\r\n\r\n')[0]!
    const reply = { kind: 'reply' as const, threadId: threadId!, text: 'Begun on the phone', later: '' }
    drafts.save({ ...reply, to: '', cc: 'Dewi <dewi@client.test>', bcc: '' })
    await push(server.client)
    expect(head()).toMatch(/^Cc: Dewi <dewi@client\.test>$/m)
    expect(head()).not.toMatch(/^To:/im)
    drafts.save({ ...reply, to: '', cc: '', bcc: 'Boss <boss@example.test>' })
    await push(server.client)
    // The copy keeps its Bcc header, as a new message's does, for the phone to continue.
    expect(head()).toMatch(/^Bcc: Boss <boss@example\.test>$/m)
    expect(head()).not.toMatch(/^(To|Cc):/im)
    expect(head()).not.toContain('carlos@client.test')
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
