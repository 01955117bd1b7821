// Tests the test harness itself: a real Dovecot, the SMTP->LMTP relay and the corpus loader.
// If this file fails, every other integration test is suspect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import nodemailer from 'nodemailer'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot.js'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay.js'
import { generateCorpus } from '../support/corpus.js'

let server: DovecotServer
let relay: SmtpRelay

beforeAll(async () => {
  server = await startDovecot({
    users: [
      { user: 'alice', password: 'alice-pw' },
      { user: 'bob', password: 'bob-pw' },
      { user: 'carol', password: 'carol-pw' }
    ]
  })
  relay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: server.users,
    reject: (rcpt) => (rcpt.startsWith('blocked@') ? '5.7.1 Recipient blocked by policy' : null)
  })
})

// afterAll runs even when a test or beforeAll throws, so no Dovecot outlives this file.
afterAll(async () => {
  await relay?.stop()
  await server?.stop()
})

function client(user: string, pass: string, extra: Partial<ImapFlowOptions> = {}): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    // The plain port offers STARTTLS with the self-signed cert; imapflow would upgrade
    // opportunistically and then refuse the cert (DEPTH_ZERO_SELF_SIGNED_CERT, tlsFailed: true).
    doSTARTTLS: false,
    auth: { user, pass },
    logger: false,
    ...extra
  })
}

async function withClient<T>(c: ImapFlow, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.logout().catch(() => c.close())
  }
}

async function connectError(opts: Partial<ImapFlowOptions>): Promise<Record<string, unknown>> {
  const c = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    logger: false,
    ...opts
  } as ImapFlowOptions)
  try {
    await c.connect()
  } catch (err) {
    return err as Record<string, unknown>
  }
  await c.logout()
  throw new Error('expected connect() to fail')
}

describe('dovecot harness', () => {
  it('logs in over plain IMAP and advertises CONDSTORE and QRESYNC', async () => {
    const caps = await withClient(client('alice', 'alice-pw'), async (c) => [...c.capabilities.keys()])
    expect(caps).toContain('CONDSTORE')
    expect(caps).toContain('QRESYNC')
    expect(caps).toContain('SPECIAL-USE')
  })

  it('rejects a wrong password with an authentication error', async () => {
    const err = await connectError({
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'alice', pass: 'wrong' }
    })
    // Observed with imapflow 2.1.2 + Dovecot 2.3: a plain Error (message 'Command failed') with
    //   authenticationFailed: true, responseStatus: 'NO', serverResponseCode: 'AUTHENTICATIONFAILED',
    //   responseText: 'Authentication failed.', code: undefined,
    //   response: '2 NO [AUTHENTICATIONFAILED] Authentication failed.'
    // An unknown user gets exactly the same error.
    expect(err.authenticationFailed).toBe(true)
    expect(err.serverResponseCode).toBe('AUTHENTICATIONFAILED')
    expect(err.responseText).toBe('Authentication failed.')
    expect(err.code).toBeUndefined()
  })

  it('refuses the self-signed IMAPS cert by default and accepts it when the test opts out', async () => {
    const err = await connectError({
      port: server.imapsPort,
      secure: true,
      auth: { user: 'alice', pass: 'alice-pw' }
    })
    // Observed: Error 'self-signed certificate', code 'DEPTH_ZERO_SELF_SIGNED_CERT', no tlsFailed flag
    // (over STARTTLS the same code comes with tlsFailed: true).
    expect(err.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')

    const ok = client('alice', 'alice-pw', {
      port: server.imapsPort,
      secure: true,
      doSTARTTLS: undefined,
      tls: { rejectUnauthorized: false } // test side only: the app must never do this silently
    })
    expect(await withClient(ok, async (c) => c.secureConnection)).toBe(true)
    // Trusting the cert explicitly (what a "trust this certificate" flow would do) works too.
    const pinned = client('alice', 'alice-pw', {
      port: server.imapsPort,
      secure: true,
      doSTARTTLS: undefined,
      tls: { ca: [server.certPem] }
    })
    expect(await withClient(pinned, async (c) => c.usable)).toBe(true)
  })

  it('fails STARTTLS on the plain port when the cert is untrusted', async () => {
    const err = await connectError({ secure: false, auth: { user: 'alice', pass: 'alice-pw' } })
    expect(err.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(err.tlsFailed).toBe(true)
  })

  it('auto-creates the special-use folders', async () => {
    const list = await withClient(client('alice', 'alice-pw'), (c) => c.list())
    const byPath = Object.fromEntries(list.map((m) => [m.path, m.specialUse]))
    expect(byPath).toMatchObject({
      INBOX: '\\Inbox',
      Sent: '\\Sent',
      Drafts: '\\Drafts',
      Trash: '\\Trash',
      Junk: '\\Junk',
      Archive: '\\Archive'
    })
  })

  it('loads 50 corpus messages into INBOX with appendMessages', async () => {
    const corpus = await generateCorpus({ seed: 1, count: 50, selfAddress: 'bob@example.test' })
    await appendMessages(
      server,
      'bob',
      'bob-pw',
      'INBOX',
      corpus.map((m) => m.raw)
    )
    const status = await withClient(client('bob', 'bob-pw'), (c) => c.status('INBOX', { messages: true }))
    expect(status && status.messages).toBe(50)
  })

  it('delivers mail sent through the SMTP relay into the recipient INBOX', async () => {
    const transport = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      secure: false,
      auth: { user: 'alice', pass: 'alice-pw' }
    })
    const info = await transport.sendMail({
      from: 'alice@example.test',
      to: 'carol@example.test',
      subject: 'Hello through the relay',
      text: 'Selamat pagi! 早上好!'
    })
    transport.close()
    expect(info.accepted).toEqual(['carol@example.test'])
    expect(relay.received.at(-1)?.to).toEqual(['carol@example.test'])

    // Delivery is synchronous with the SMTP reply, but poll (bounded) rather than assume it.
    let messages = 0
    for (let i = 0; i < 50 && messages === 0; i++) {
      const s = await withClient(client('carol', 'carol-pw'), (c) => c.status('INBOX', { messages: true }))
      messages = (s && s.messages) || 0
      if (messages === 0) await new Promise((r) => setTimeout(r, 100))
    }
    expect(messages).toBe(1)
    expect(relay.received.at(-1)?.deliveredTo).toEqual(['carol@example.test'])
  })

  it('accepts external recipients (relayed onward) next to local ones', async () => {
    const transport = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      auth: { user: 'alice', pass: 'alice-pw' }
    })
    await transport.sendMail({ from: 'alice@example.test', to: 'someone@gmail.com', text: 'external only' })
    expect(relay.received.at(-1)).toMatchObject({ deliveredTo: [], external: ['someone@gmail.com'] })
    await transport.sendMail({
      from: 'alice@example.test',
      to: ['carol@example.test', 'wang.wei@163.com'],
      text: 'mixed'
    })
    transport.close()
    expect(relay.received.at(-1)).toMatchObject({
      deliveredTo: ['carol@example.test'],
      external: ['wang.wei@163.com']
    })
  })

  it('refuses bad SMTP credentials and policy-rejected recipients', async () => {
    const bad = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      auth: { user: 'alice', pass: 'x' }
    })
    await expect(
      bad.sendMail({ from: 'alice@example.test', to: 'bob@example.test', text: 'x' })
    ).rejects.toMatchObject({
      responseCode: 535
    })
    bad.close()
    const good = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      auth: { user: 'alice', pass: 'alice-pw' }
    })
    await expect(
      good.sendMail({ from: 'alice@example.test', to: 'blocked@example.test', text: 'x' })
    ).rejects.toMatchObject({
      responseCode: 550
    })
    good.close()
  })

  it('applies addUser and setPassword without a restart', async () => {
    await server.addUser('dave', 'dave-pw')
    expect(await withClient(client('dave', 'dave-pw'), async (c) => c.usable)).toBe(true)
    await server.setPassword('dave', 'dave-pw-2')
    const err = await connectError({
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'dave', pass: 'dave-pw' }
    })
    expect(err.authenticationFailed).toBe(true)
    expect(await withClient(client('dave', 'dave-pw-2'), async (c) => c.usable)).toBe(true)
  })

  it('runs doveadm against this instance', async () => {
    const out = await server.doveadm(['mailbox', 'status', '-u', 'bob', 'messages', 'INBOX'])
    expect(out.trim()).toBe('INBOX messages=50')
  })
})
