// Cc and Bcc against a real Dovecot and a real SMTP relay: every recipient gets the message (the
// SMTP envelope), the bytes that go out name no blind copy, the copy in the sender's Sent does (so
// the sender sees whom it went to), and a draft's copy in Drafts keeps both for another program.
import { simpleParser, type AddressObject } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { countByMessageId, openTestImap, sourcesByMessageId } from '../support/imap-probe'
import { relayed, useOutboxServer } from './fixtures/outbox-server'
import { sendFromCli } from './fixtures/cli-account'

const env = useOutboxServer(
  ['alice', 'bob', 'carol', 'dave', 'erin'],
  {},
  {
    reject: (rcpt) => (rcpt.startsWith('nobody') ? '5.1.1 No such user here' : null)
  }
)

const head = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!
const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []].flat().flatMap((list) => list.value.map((a) => a.address))

describe('Cc and Bcc', () => {
  it('reaches To, Cc and Bcc, sends no Bcc header, and keeps it in the copy in Sent', async () => {
    const { fixture, accountId } = await env.connect('alice')
    const result = await fixture.call('messages.send', {
      accountId,
      to: ['bob@example.test'],
      cc: [{ name: 'Carol', address: 'carol@example.test' }],
      bcc: ['dave@example.test', 'nobody@example.test'],
      subject: 'Board minutes',
      text: 'Attached are the minutes.'
    })
    const { messageId } = result
    // A Bcc recipient the server refuses is said, as any other.
    expect(result.notSentTo).toEqual([
      expect.objectContaining({ to: ['nobody@example.test'], state: 'failed' })
    ])

    const [sent, ...again] = relayed(env.relay, messageId)
    expect(again).toEqual([])
    expect(sent!.deliveredTo.sort()).toEqual(['bob@example.test', 'carol@example.test', 'dave@example.test'])
    // What went over SMTP: no Bcc header, and the blind copy's address nowhere in the headers.
    expect(head(sent!.raw)).not.toMatch(/^bcc:/im)
    expect(head(sent!.raw)).not.toContain('dave@example.test')
    const received = await simpleParser(sent!.raw)
    expect(addresses(received.to)).toEqual(['bob@example.test'])
    expect(addresses(received.cc)).toEqual(['carol@example.test'])

    // Each recipient has it, the blind one too, and none of their copies names the blind copies.
    for (const name of ['bob', 'carol', 'dave']) {
      const [copy, ...more] = await sourcesByMessageId(env.server, env.user(name), 'INBOX', messageId)
      expect(more).toEqual([])
      expect(head(copy!)).not.toMatch(/^bcc:/im)
      expect(head(copy!)).not.toContain('dave@example.test')
    }

    // The sender's Sent copy shows whom it was blind-copied to.
    const [inSent, ...moreInSent] = await sourcesByMessageId(env.server, env.user('alice'), 'Sent', messageId)
    expect(moreInSent).toEqual([])
    expect(addresses((await simpleParser(inSent!)).bcc)).toEqual(['dave@example.test', 'nobody@example.test'])

    // And so does the message in its conversation.
    const { messages } = await fixture.call('threads.get', { threadId: result.threadId })
    const shown = messages.find((m) => m.messageId === messageId)!
    expect(shown.bcc.map((a) => a.address)).toEqual(['dave@example.test', 'nobody@example.test'])

    // The refused Bcc recipient keeps an Outbox row of its own, as a refused To would, and the
    // Outbox calls it a Bcc: not a To, which the row's envelope alone would have said.
    const failed = (await fixture.call('outbox.list', { accountId })).find((i) => i.messageId === messageId)!
    expect(failed).toMatchObject({ to: [], cc: [], bcc: ['nobody@example.test'] })
  })

  it('checks Cc and Bcc addresses as To is checked, naming the field', async () => {
    const { fixture, accountId } = await env.connect('alice')
    const error = await fixture.error('messages.send', {
      accountId,
      to: ['bob@example.test'],
      bcc: ['not an address'],
      subject: 'x',
      text: 'x'
    })
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.field).toBe('bcc.0')
  })

  it('sends once after a restart mid-send: the retry finds the copy in Sent by its Message-ID', async () => {
    const { fixture, accountId } = await env.connect('erin')
    // Queued for the undo delay: its bytes, as a crash mid-send leaves them, are read first.
    const { item } = await fixture.call('outbox.send', {
      accountId,
      to: ['bob@example.test'],
      bcc: ['dave@example.test'],
      subject: 'Once only',
      text: 'One copy each.'
    })
    const { messageId } = item
    const { db } = fixture.core.workspace
    const { raw } = db.prepare('SELECT raw FROM outbox WHERE id = ?').get(item.id) as { raw: Buffer }
    expect(await fixture.call('outbox.sendNow', { id: item.id })).toMatchObject({ state: 'sent' })
    expect(relayed(env.relay, messageId)).toHaveLength(1)
    // As a crash between the server's 250 (and the copy for Sent) and recording it leaves the row
    // (real crashes are in outbox-crash.test.ts): "sending", so the next attempt looks in Sent
    // first, where the copy, Bcc header and all, has the Message-ID of what went out.
    db.prepare(
      "UPDATE outbox SET state = 'sending', sent_check_due = 1, raw = ?, sent_at = NULL WHERE id = ?"
    ).run(raw, item.id)
    await fixture.call('sync.run', { accountId })
    const [after] = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(after).toMatchObject({ messageId, state: 'sent' })
    expect(relayed(env.relay, messageId)).toHaveLength(1)
    expect(await countByMessageId(env.server, env.user('erin'), 'Sent', messageId)).toBe(1)
  })
})

describe('a new message draft with Cc and Bcc', () => {
  it('goes up to Drafts with both headers, and another Rapport continuing it gets them back', async () => {
    const mine = await env.connect('alice')
    await mine.fixture.call('drafts.save', {
      kind: 'new',
      accountId: mine.accountId,
      to: 'bob@example.test',
      cc: 'Carol <carol@example.test>',
      bcc: 'dave@example.test, half-typed@',
      subject: 'Plan',
      text: 'Draft text',
      later: ''
    })
    await mine.fixture.call('sync.run', { accountId: mine.accountId })

    const imap = await openTestImap(env.server, env.user('alice'))
    const copies: Buffer[] = []
    try {
      const lock = await imap.getMailboxLock('Drafts', { readOnly: true })
      try {
        const uids = await imap.search({ subject: 'Plan' }, { uid: true })
        for await (const m of imap.fetch(uids || [], { source: true }, { uid: true })) copies.push(m.source!)
      } finally {
        lock.release()
      }
    } finally {
      await imap.logout()
    }
    expect(copies).toHaveLength(1)
    const copy = await simpleParser(copies[0]!)
    expect(addresses(copy.cc)).toEqual(['carol@example.test'])
    // The address still being typed is left out until it is one.
    expect(addresses(copy.bcc)).toEqual(['dave@example.test'])

    // Another Rapport on the same mailbox (another computer): the draft is another program's there.
    const other = await env.connect('alice')
    await other.fixture.call('sync.run', { accountId: other.accountId })
    const [listed] = (await other.fixture.call('drafts.onServer', {})).filter((d) => d.subject === 'Plan')
    expect(listed!.recipients).toEqual({
      to: 'bob@example.test',
      cc: 'Carol <carol@example.test>',
      bcc: 'dave@example.test'
    })
  })
})

describe('rapport send --cc --bcc', () => {
  it('sends to each, with the Bcc in the envelope only and in the copy in Sent', async () => {
    const { relay, server } = env
    const messageId = await sendFromCli(
      env,
      [
        '--to',
        'bob@example.test',
        '--cc',
        'carol@example.test',
        '--bcc',
        'dave@example.test',
        '--bcc',
        'erin@example.test',
        '--subject',
        'From the command line'
      ],
      'Terima kasih.\n'
    )
    const [sent] = relayed(relay, messageId)
    expect(sent!.deliveredTo.sort()).toEqual([
      'bob@example.test',
      'carol@example.test',
      'dave@example.test',
      'erin@example.test'
    ])
    expect(head(sent!.raw)).not.toMatch(/^bcc:/im)
    const [inSent] = await sourcesByMessageId(server, env.user('alice'), 'Sent', messageId)
    expect(addresses((await simpleParser(inSent!)).bcc)).toEqual(['dave@example.test', 'erin@example.test'])
  })
})
