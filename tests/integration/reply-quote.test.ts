// A reply quotes the message it answers, against a real Dovecot and a real SMTP relay: what goes
// out and its copy in Sent carry "On … wrote:" and the message's lines after "> ", below the
// reply's text; with the quote turned off (the reply box's "Quote the message") neither does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { addAliceArgs, runCli } from './fixtures/cli-account'
import { sourcesByMessageId } from '../support/imap-probe'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['ana', 'rita', 'alice'])

/** Ana writes to someone. */
async function ask(to: string, subject: string, text: string) {
  const ana = await env.connect('ana')
  return ana.fixture.call('messages.send', { accountId: ana.accountId, to: [to], subject, text })
}

/** Ana writes to Rita; Rita's core has synced it. */
async function questionFromAna(subject: string, text: string) {
  const asked = await ask('rita@example.test', subject, text)
  const rita = await env.connect('rita')
  await rita.fixture.call('sync.run', { accountId: rita.accountId })
  const inbox = await rita.fixture.call('messages.list', { accountId: rita.accountId, folder: 'INBOX' })
  expect(inbox.map((m) => m.messageId)).toContain(asked.messageId)
  return { rita, asked }
}

const textOf = async (raw: Buffer) => ((await simpleParser(raw)).text ?? '').replace(/\r\n/g, '\n')

describe('quoting the message a reply answers', () => {
  it('sends the reply with the message quoted below it, and keeps the same in Sent', async () => {
    const { rita, asked } = await questionFromAna(
      'Price list',
      'Can you send the 2027 prices?\n\nThanks,\nAna'
    )
    const sent = await rita.fixture.call('messages.send', {
      accountId: rita.accountId,
      to: ['ana@example.test'],
      subject: 'Re: Price list',
      text: 'Attached. 价格见附件。',
      inReplyTo: asked.messageId,
      quote: true
    })
    const [out] = relayed(env.relay, sent.messageId)
    const text = await textOf(out!.raw)
    expect(text).toMatch(
      /^Attached\. 价格见附件。\n\nOn \w{3}, \d{1,2} \w{3} \d{4} at \d\d:\d\d, ana <ana@example\.test> wrote:\n> Can you send the 2027 prices\?\n>\n> Thanks,\n> Ana\n?$/
    )
    const [inSent] = await sourcesByMessageId(env.server, env.user('rita'), 'Sent', sent.messageId)
    expect(await textOf(inSent!)).toBe(text)
    // The conversation shows the reply as sent, quote and all.
    const { messages } = await rita.fixture.call('threads.get', { threadId: sent.threadId! })
    expect(messages.find((m) => m.messageId === sent.messageId)!.text).toContain(
      '> Can you send the 2027 prices?'
    )
  })

  it('sends the text alone when the quote is turned off', async () => {
    const { rita, asked } = await questionFromAna('Meeting', 'Tuesday at 10?')
    const sent = await rita.fixture.call('messages.send', {
      accountId: rita.accountId,
      to: ['ana@example.test'],
      subject: 'Re: Meeting',
      text: 'Tuesday works.',
      inReplyTo: asked.messageId,
      quote: false
    })
    const [out] = relayed(env.relay, sent.messageId)
    expect((await textOf(out!.raw)).trim()).toBe('Tuesday works.')
    const [inSent] = await sourcesByMessageId(env.server, env.user('rita'), 'Sent', sent.messageId)
    expect((await textOf(inSent!)).trim()).toBe('Tuesday works.')
  })

  it('remembers the reply box’s choice in the workspace, on until turned off', async () => {
    const { fixture } = await env.connect('rita')
    expect(await fixture.call('outbox.quoteReplies', {})).toEqual({ quote: true })
    expect(await fixture.call('outbox.setQuoteReplies', { quote: false })).toEqual({ quote: false })
    expect(await fixture.call('outbox.quoteReplies', {})).toEqual({ quote: false })
  })

  it('quotes from the command line with rapport send --in-reply-to … --quote', async () => {
    const asked = await ask('alice@example.test', 'Invoice', 'Is invoice 42 paid?')
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-quote-'))
    const pw = { RAPPORT_ALICE_PW: env.user('alice').password }
    try {
      const rapport = (args: string[]) => runCli(dataDir, args, pw)
      await rapport(
        addAliceArgs(env.server, { user: 'alice', smtpPort: env.relay.port, passwordEnv: 'RAPPORT_ALICE_PW' })
      )
      await rapport(['sync', '--password-env', 'RAPPORT_ALICE_PW'])
      const body = join(dataDir, 'body.txt')
      writeFileSync(body, 'Yes, paid on Friday.\n')
      const { stdout } = await rapport([
        'send',
        '--account',
        '1',
        '--to',
        'ana@example.test',
        '--subject',
        'Re: Invoice',
        '--in-reply-to',
        asked.messageId,
        '--quote',
        '--body-file',
        body,
        '--password-env',
        'RAPPORT_ALICE_PW'
      ])
      const [out] = relayed(env.relay, stdout.trim())
      expect(await textOf(out!.raw)).toMatch(
        /^Yes, paid on Friday\.\n\nOn .+, ana <ana@example\.test> wrote:\n> Is invoice 42 paid\?\n?$/
      )
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
