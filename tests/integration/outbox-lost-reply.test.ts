// A connection to the SMTP server lost in the middle of a send, against a real Dovecot and a real
// SMTP server (smtp-server) that cuts the connection at a chosen step. Lost before the whole
// message went over, the message is sent again on its own, once. Lost after the server read all
// of it but before it answered, the server may have delivered it: Rapport does not send it again
// on its own (a duplicate to a client), unless Sent shows it went, and Retry is the user's call.
import type { AddressInfo, Socket } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { countByMessageId, openTestImap } from '../support/imap-probe'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { accountInput, CoreFixture } from './fixtures/core-fixture'

/** Where the server cuts the connection of the next session that gets there. */
type Cut = 'at RCPT TO' | 'at DATA' | 'mid-data' | 'after the data' | 'after filing in Sent'

let server: DovecotServer
const fixtures: CoreFixture[] = []

beforeAll(async () => {
  server = await startDovecot({ acl: true, users: [{ user: 'alice', password: 'alice-pw' }] })
})

afterAll(async () => {
  for (const f of fixtures) f.close()
  await server?.stop()
})

const alice = (): MailUser => server.users[0]!

/**
 * A real SMTP server that records every message whose data it read in full (a delivery, whether
 * it answered or not), cuts the connection once where `cut` says, and answers 250 otherwise.
 */
async function startCuttingSmtp() {
  const delivered: Buffer[] = []
  /** beforeCut: runs before the cut after the data, e.g. to take the network away with it. */
  const state: { cut: Cut | null; beforeCut?: () => Promise<void> } = { cut: null }
  const sockets = new Map<number, Socket>()
  const take = (at: Cut) => {
    if (state.cut !== at) return false
    state.cut = null
    return true
  }
  const cutSession = (session: { remotePort: number }) => sockets.get(session.remotePort)?.destroy()
  const smtp = new SMTPServer({
    logger: false,
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (auth, _session, done) => done(null, { user: auth.username }),
    onRcptTo(_address, session, done) {
      if (take('at RCPT TO')) return cutSession(session)
      done()
    },
    onData(stream, session, done) {
      // Before the server's 354: the client has not sent a byte of the message.
      if (take('at DATA')) return cutSession(session)
      const midData = take('mid-data')
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => {
        if (midData) return cutSession(session)
        chunks.push(chunk)
      })
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        delivered.push(raw)
        if (take('after the data')) {
          const before = state.beforeCut ?? (async () => undefined)
          state.beforeCut = undefined
          void before().then(() => cutSession(session))
          return
        }
        if (!take('after filing in Sent')) return done(null, 'Queued')
        // Like Gmail: the server files what it accepts in the sender's Sent, then the
        // connection is lost before its answer.
        void openTestImap(server, alice()).then(async (client) => {
          await client.append('Sent', raw, ['\\Seen'])
          await client.logout()
          cutSession(session)
        })
      })
    }
  })
  smtp.on('error', () => {}) // the cuts make the client's socket fail, not the test
  smtp.server.on('connection', (socket: Socket) => sockets.set(socket.remotePort!, socket))
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
  return {
    port: (smtp.server.address() as AddressInfo).port,
    state,
    deliveries: (messageId: string) => delivered.filter((raw) => raw.toString('latin1').includes(messageId)),
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve()))
  }
}

let smtp: Awaited<ReturnType<typeof startCuttingSmtp>>
beforeAll(async () => {
  smtp = await startCuttingSmtp()
})
afterAll(() => smtp?.stop())

/** A core with alice's account; IMAP through `imapPort` (e.g. a switchable proxy). */
async function connect(imapPort = server.imapPort) {
  const clock = new ManualClock(Date.now())
  const fixture = new CoreFixture({ clock })
  fixtures.push(fixture)
  const input = accountInput(server, smtp.port, alice())
  const account = await fixture.call('accounts.add', {
    ...input,
    imap: { ...input.imap, port: imapPort },
    skipVerify: true
  })
  const accountId = account.id
  const only = async () => (await fixture.call('outbox.list', { accountId, includeSent: true }))[0]!
  /** Every later chance to send: the backoff long over, the scheduler's tick and a sync pass. */
  const laterPasses = async () => {
    clock.advance(60 * 60_000)
    await fixture.core.workspace.outbox.runDue()
    await fixture.call('sync.run', { accountId })
  }
  return { fixture, accountId, only, laterPasses }
}

const mail = (accountId: number, subject: string, attachment?: Buffer) => ({
  accountId,
  to: ['bob@example.test'],
  subject,
  text: `${subject}: penawaran terlampir`,
  ...(attachment && {
    attachments: [
      { name: 'quote.bin', type: 'application/octet-stream', contentBase64: attachment.toString('base64') }
    ]
  })
})

describe('a connection lost before the whole message went to the SMTP server', () => {
  const cuts: Cut[] = ['at RCPT TO', 'at DATA']
  for (const cut of cuts) {
    it(`(${cut}) is retried on its own and delivered exactly once`, async () => {
      const { fixture, accountId, only, laterPasses } = await connect()
      smtp.state.cut = cut
      const error = await fixture.error('messages.send', mail(accountId, `Cut ${cut}`))
      expect(error.code).toBe('HOST_UNREACHABLE')
      expect(error.message).toMatch(/goes out on its own/)
      const waiting = await only()
      expect(waiting).toMatchObject({ state: 'queued', attempts: 1 })
      expect(smtp.deliveries(waiting.messageId)).toHaveLength(0)

      await laterPasses()
      expect(await only()).toMatchObject({ state: 'sent', lastError: null })
      await laterPasses()
      expect(smtp.deliveries(waiting.messageId)).toHaveLength(1)
      expect(await countByMessageId(server, alice(), 'Sent', waiting.messageId)).toBe(1)
    })
  }

  it('(mid-data, a 12 MB attachment) is retried on its own and delivered exactly once', async () => {
    const { fixture, accountId, only, laterPasses } = await connect()
    smtp.state.cut = 'mid-data'
    const big = Buffer.alloc(12 * 1024 * 1024, 7)
    const error = await fixture.error('messages.send', mail(accountId, 'Cut mid-data', big))
    expect(error.code).toBe('HOST_UNREACHABLE')
    const waiting = await only()
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1 })

    await laterPasses()
    expect(await only()).toMatchObject({ state: 'sent' })
    expect(smtp.deliveries(waiting.messageId)).toHaveLength(1)
  })
})

describe('a connection lost after the SMTP server read the whole message, before its answer', () => {
  it('is not sent again on its own: it fails saying it may have gone, and Retry sends it again', async () => {
    const { fixture, accountId, only, laterPasses } = await connect()
    smtp.state.cut = 'after the data'
    const error = await fixture.error('messages.send', mail(accountId, 'Answer lost'))
    await laterPasses()
    await laterPasses()
    const failed = await only()
    expect(smtp.deliveries(failed.messageId)).toHaveLength(1)
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: 'SEND_UNCONFIRMED' })
    expect(failed.lastError).toBe(
      `The connection to the SMTP server ${server.host} was lost after the message was handed over, before the server confirmed it. It may already have been delivered, so Rapport did not send it again, to avoid a duplicate. If the recipients did not get it, choose Retry to send it again.`
    )
    expect(error).toMatchObject({ code: 'SEND_UNCONFIRMED', message: failed.lastError })
    expect(await countByMessageId(server, alice(), 'Sent', failed.messageId)).toBe(0)

    // The user says the client did not get it: Retry sends it, a second time.
    expect(await fixture.call('outbox.retry', { id: failed.id })).toMatchObject({
      state: 'sent',
      attempts: 2
    })
    expect(smtp.deliveries(failed.messageId)).toHaveLength(2)
    expect(await countByMessageId(server, alice(), 'Sent', failed.messageId)).toBe(1)
    await laterPasses()
    expect(smtp.deliveries(failed.messageId)).toHaveLength(2)
  })

  it('fails the same way when the server will not let Rapport open Sent to look, and Retry sends it anyway', async () => {
    // Sent may be added to but not read (as a shared mailbox's Sent may be set up).
    await server.setFolderRights('alice', 'Sent', 'li')
    try {
      const { fixture, accountId, only, laterPasses } = await connect()
      smtp.state.cut = 'after the data'
      await fixture.error('messages.send', mail(accountId, 'Answer lost, Sent closed'))
      await laterPasses()
      const failed = await only()
      // Not stuck "sending" behind a look that cannot happen, and not taken as sent either.
      expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: 'SEND_UNCONFIRMED' })
      expect(smtp.deliveries(failed.messageId)).toHaveLength(1)

      expect(await fixture.call('outbox.retry', { id: failed.id })).toMatchObject({
        state: 'sent',
        attempts: 2
      })
      expect(smtp.deliveries(failed.messageId)).toHaveLength(2)
      await laterPasses()
      expect(smtp.deliveries(failed.messageId)).toHaveLength(2)
    } finally {
      await server.setFolderRights('alice', 'Sent', 'lrswipkxtea')
    }
  })

  it('waits to look in Sent when the mailbox went offline with it, and still never sends it on its own', async () => {
    const imap = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    try {
      const { fixture, accountId, only, laterPasses } = await connect(imap.port)
      smtp.state.cut = 'after the data'
      smtp.state.beforeCut = () => imap.offline()
      const waiting = `The connection to the SMTP server ${server.host} was lost after the message was handed over, before the server confirmed it, so it may already have been delivered. Rapport looks for it in Sent once the mailbox is reachable, and does not send it again on its own.`
      const error = await fixture.error('messages.send', mail(accountId, 'Network lost'))
      expect(error).toMatchObject({ code: 'HOST_UNREACHABLE', message: waiting })
      const row = await only()
      expect(row).toMatchObject({ state: 'sending', attempts: 1 })
      // Offline, the scheduler's tick finds no mailbox; undo is refused with the same reason.
      await fixture.core.workspace.outbox.runDue()
      expect((await fixture.error('outbox.cancel', { id: row.id })).message).toBe(waiting)

      await imap.online()
      await laterPasses()
      await laterPasses()
      expect(smtp.deliveries(row.messageId)).toHaveLength(1)
      const failed = await only()
      expect(failed).toMatchObject({ state: 'failed', attempts: 2 })
      expect(failed.lastError).toMatch(/It may already have been delivered, so Rapport did not send it again/)
    } finally {
      await imap.close()
    }
  })

  it('is sent, once, when the server filed it in Sent (Gmail-like)', async () => {
    const { fixture, accountId, only, laterPasses } = await connect()
    smtp.state.cut = 'after filing in Sent'
    const sent = await fixture.call('messages.send', mail(accountId, 'Filed, answer lost'))
    expect(await only()).toMatchObject({
      state: 'sent',
      attempts: 1,
      lastError: null,
      threadId: sent.threadId
    })
    await laterPasses()
    expect(smtp.deliveries(sent.messageId)).toHaveLength(1)
    expect(await countByMessageId(server, alice(), 'Sent', sent.messageId)).toBe(1)
  })
})
