import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { brokenMimeSamples, generateCorpus, type CorpusMessage } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { accountInput, CoreFixture } from './fixtures/core-fixture'

const INBOX_COUNT = 300
const SENT_COUNT = 40

let server: DovecotServer
let relay: SmtpRelay
let fixture: CoreFixture
let inbox: CorpusMessage[]
let sent: CorpusMessage[]
let accountId: number

beforeAll(async () => {
  server = await startDovecot()
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, users: server.users })
  const alice = server.users[0]!
  inbox = await generateCorpus({ seed: 42, count: INBOX_COUNT, selfAddress: 'alice@example.test' })
  sent = await generateCorpus({
    seed: 43,
    count: SENT_COUNT,
    selfAddress: 'alice@example.test',
    folder: 'sent'
  })
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    ...inbox.map((m) => ({ raw: m.raw, flags: ['\\Seen'] })),
    ...brokenMimeSamples()
  ])
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'Sent',
    sent.map((m) => ({ raw: m.raw, flags: ['\\Seen'] }))
  )
  fixture = new CoreFixture()
})

afterAll(async () => {
  fixture?.close()
  await relay?.stop()
  await server?.stop()
})

describe('connecting a mailbox', () => {
  it('reports a wrong password as AUTH_FAILED on the password field', async () => {
    const input = { ...accountInput(server, relay.port, server.users[0]!), password: 'wrong' }
    const error = await fixture.error('accounts.add', input)
    expect(error.code).toBe('AUTH_FAILED')
    expect(error.field).toBe('password')
    expect(error.message).toMatch(/user name or password/)
  })

  it('reports a closed port as HOST_UNREACHABLE on the IMAP host field', async () => {
    const closed = await import('../support/dovecot').then((m) => m.freePorts(1))
    const input = accountInput(server, relay.port, server.users[0]!)
    const error = await fixture.error('accounts.add', { ...input, imap: { ...input.imap, port: closed[0] } })
    expect(error.code).toBe('HOST_UNREACHABLE')
    expect(error.field).toBe('imap.host')
  })

  it('reports an unknown host as HOST_UNREACHABLE', async () => {
    const input = accountInput(server, relay.port, server.users[0]!)
    const error = await fixture.error('accounts.add', {
      ...input,
      imap: { host: 'no-such-host.invalid', port: 993, security: 'tls' }
    })
    expect(error.code).toBe('HOST_UNREACHABLE')
  })

  it('refuses an untrusted TLS certificate as TLS_INVALID, with no plaintext fallback', async () => {
    const input = accountInput(server, relay.port, server.users[0]!)
    const error = await fixture.error('accounts.add', {
      ...input,
      imap: { host: server.host, port: server.imapsPort, security: 'tls' }
    })
    expect(error.code).toBe('TLS_INVALID')
    const starttls = await fixture.error('accounts.add', {
      ...input,
      imap: { host: server.host, port: server.imapPort, security: 'starttls' }
    })
    expect(starttls.code).toBe('TLS_INVALID')
  })

  it('says SSL/TLS is needed, on the security field, when a port of implicit TLS gets STARTTLS', async () => {
    // Such a port waits for the TLS hello and never greets: alone, that looks like no server at all.
    const input = accountInput(server, relay.port, server.users[0]!)
    const imapError = await fixture.error('accounts.add', {
      ...input,
      imap: { host: server.host, port: server.imapsPort, security: 'starttls' }
    })
    expect(imapError).toMatchObject({ code: 'TLS_MISMATCH', field: 'imap.security' })
    expect(imapError.message).toMatch(/expects SSL\/TLS from the start on port \d+.*STARTTLS with port 143/)

    const smtps = new SMTPServer({
      secure: true,
      key: await readFile(join(server.baseDir, 'tls/key.pem')),
      cert: server.certPem,
      authOptional: true,
      logger: false,
      closeTimeout: 1000
    })
    // It reports each client that leaves mid-handshake (Rapport's, then its probe's) as an error.
    smtps.on('error', () => undefined)
    await new Promise<void>((resolve) => smtps.listen(0, '127.0.0.1', resolve))
    try {
      const smtpPort = (smtps.server.address() as AddressInfo).port
      const smtpError = await fixture.error('accounts.add', {
        ...input,
        smtp: { host: server.host, port: smtpPort, security: 'starttls' }
      })
      expect(smtpError).toMatchObject({ code: 'TLS_MISMATCH', field: 'smtp.security' })
      expect(smtpError.message).toMatch(/STARTTLS with port 587/)
    } finally {
      await new Promise<void>((resolve) => smtps.close(() => resolve()))
    }
  })

  it('refuses an unencrypted connection to a host that is not this computer', async () => {
    const input = accountInput(server, relay.port, server.users[0]!)
    const error = await fixture.error('accounts.add', {
      ...input,
      imap: { host: 'imap.example.com', port: 143, security: 'none' }
    })
    expect(error).toMatchObject({ code: 'INSECURE_NOT_ALLOWED', field: 'imap.security' })
  })

  it('adds the account after checking IMAP and SMTP, and keeps the password out of SQLite', async () => {
    const account = await fixture.call('accounts.add', {
      ...accountInput(server, relay.port, server.users[0]!),
      importLimit: 'all'
    })
    accountId = account.id
    expect(account).toMatchObject({ email: 'alice@example.test', importLimit: 'all', kind: 'mailbox' })
    expect(JSON.stringify(account)).not.toContain(server.users[0]!.password)
    const db = fixture.core.workspace.db
    const dump = JSON.stringify(db.prepare('SELECT * FROM accounts').all())
    expect(dump).not.toContain(server.users[0]!.password)
  })
})

describe('initial import', () => {
  it('imports every message of INBOX and Sent, with progress events', async () => {
    const [result] = await fixture.call('sync.run', { accountId })
    const broken = brokenMimeSamples().length
    expect(result!.fetched).toBe(INBOX_COUNT + broken + SENT_COUNT)
    expect(result!.folders).toEqual(['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash'])
    const messages = await fixture.call('messages.list', { limit: 10_000 })
    const ids = new Set(messages.map((m) => m.messageId))
    for (const m of [...inbox, ...sent]) expect(ids.has(m.messageId)).toBe(true)
    expect(messages).toHaveLength(INBOX_COUNT + broken + SENT_COUNT)
    const progress = fixture.events
      .filter((e) => e.name === 'sync.progress')
      .map((e) => e.payload as { folder: string; done: number; total: number })
    expect(
      progress.some(
        (p) => p.folder === 'INBOX' && p.done === INBOX_COUNT + broken && p.total === INBOX_COUNT + broken
      )
    ).toBe(true)
    const status = await fixture.call('sync.status', {})
    expect(status[0]).toMatchObject({ accountId, state: 'up-to-date', error: null })
  })

  it('decodes RFC 2047 headers and Chinese and Indonesian text', async () => {
    const messages = await fixture.call('messages.list', { folder: 'INBOX', limit: 10_000 })
    const byId = new Map(messages.map((m) => [m.messageId, m]))
    const chinese = inbox.find((m) => /[\u4e00-\u9fff]/.test(m.subject))!
    const indonesian =
      inbox.find((m) => /\b(Penawaran|Pembayaran|Rapat|Tagihan|Jadwal|Pesanan)\b/i.test(m.subject)) ??
      inbox.find((m) => m.from.endsWith('.co.id'))!
    expect(byId.get(chinese.messageId)!.subject).toBe(chinese.subject)
    expect(byId.get(indonesian.messageId)!.subject).toBe(indonesian.subject)
    const withName = inbox.find((m) => m.fromName && /[^\p{ASCII}]/u.test(m.fromName))!
    expect(byId.get(withName.messageId)!.from).toEqual({ name: withName.fromName, address: withName.from })
  })

  it('keeps attachment metadata and multipart bodies', async () => {
    const withAttachment = inbox.find((m) => m.hasAttachment)!
    const summary = (await fixture.call('messages.list', { limit: 10_000 })).find(
      (m) => m.messageId === withAttachment.messageId
    )!
    expect(summary.hasAttachments).toBe(true)
    const thread = await fixture.call('threads.get', { threadId: summary.threadId! })
    const detail = thread.messages.find((m) => m.messageId === withAttachment.messageId)!
    expect(detail.attachments.map((a) => a.filename).sort()).toEqual(
      [...withAttachment.attachmentNames].sort()
    )
    expect(detail.attachments.every((a) => a.size > 0)).toBe(true)
    expect(detail.text ?? detail.html).toBeTruthy()
  })

  it('threads replies with their parents, as the corpus chains them', async () => {
    const messages = await fixture.call('messages.list', { limit: 10_000 })
    const threadOf = new Map(messages.map((m) => [m.messageId, m.threadId]))
    const replies = inbox.filter((m) => m.inReplyTo && threadOf.has(m.inReplyTo))
    expect(replies.length).toBeGreaterThan(10)
    for (const reply of replies) expect(threadOf.get(reply.messageId)).toBe(threadOf.get(reply.inReplyTo!))
    const threads = await fixture.call('threads.list', { limit: 10_000 })
    const total = threads.reduce((sum, t) => sum + t.messageCount, 0)
    expect(total).toBe(messages.length)
    // Newest first.
    const times = threads.map((t) => Date.parse(t.lastMessageAt))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('keeps broken MIME readable instead of dropping it', async () => {
    const messages = await fixture.call('messages.list', { folder: 'INBOX', limit: 10_000 })
    const noId = messages.find((m) => m.subject === 'No Message-ID here')!
    expect(noId.messageId).toMatch(/^<sha256\./)
    for (const subject of ['Truncated multipart', 'Invalid base64 body', 'Header only, no body at all']) {
      expect(messages.some((m) => m.subject === subject)).toBe(true)
    }
    const hostile = messages.find((m) => m.subject === 'Urgent: verify your account')
    expect(hostile).toBeDefined()
    const thread = await fixture.call('threads.get', { threadId: hostile!.threadId! })
    // The core stores HTML as received; the renderer sanitizes. It must still be there to sanitize.
    expect(thread.messages[0]!.html).toMatch(/<script/i)
  })

  it('creates contacts from From of received and To of sent mail, never from Cc', async () => {
    const db = fixture.core.workspace.db
    const contacts = new Set(
      (db.prepare('SELECT address FROM contact_emails').all() as Array<{ address: string }>).map(
        (r) => r.address
      )
    )
    for (const m of inbox) expect(contacts.has(m.from.toLowerCase())).toBe(true)
    for (const m of sent) expect(contacts.has(m.to[0]!.toLowerCase())).toBe(true)
    const ccOnly = new Set(
      inbox
        .flatMap((m) => m.cc)
        .filter((a) => !inbox.some((m) => m.from === a) && !sent.some((m) => m.to.includes(a)))
    )
    for (const address of ccOnly) expect(contacts.has(address.toLowerCase())).toBe(false)
    expect(contacts.has('alice@example.test')).toBe(false)
  })
})

describe('incremental sync', () => {
  it('fetches nothing and duplicates nothing when run again', async () => {
    const before = await fixture.call('messages.list', { limit: 10_000 })
    const [result] = await fixture.call('sync.run', { accountId })
    expect(result!.fetched).toBe(0)
    const after = await fixture.call('messages.list', { limit: 10_000 })
    expect(after.map((m) => m.id).sort()).toEqual(before.map((m) => m.id).sort())
  })

  it('fetches only the new message after mail arrives over SMTP', async () => {
    const nodemailer = await import('nodemailer')
    const bob = server.users[1]!
    const transport = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      secure: false,
      ignoreTLS: true,
      auth: { user: bob.user, pass: bob.password }
    })
    const info = await transport.sendMail({
      from: 'Bob <bob@example.test>',
      to: 'alice@example.test',
      subject: 'Kabar terbaru: harga naik 5%',
      text: 'Halo Alice, harga naik mulai bulan depan.'
    })
    transport.close()
    const [result] = await fixture.call('sync.run', { accountId })
    expect(result!.fetched).toBe(1)
    const messages = await fixture.call('messages.list', { folder: 'INBOX', limit: 1 })
    expect(messages[0]).toMatchObject({
      messageId: info.messageId,
      subject: 'Kabar terbaru: harga naik 5%',
      unread: true
    })
  })
})

describe('replying', () => {
  it('sends over SMTP with In-Reply-To and References, lands in Sent on the server, and threads at once', async () => {
    const parent = inbox.find((m) => m.references.length >= 2)!
    const local = (await fixture.call('messages.list', { limit: 10_000 })).find(
      (m) => m.messageId === parent.messageId
    )!
    const result = await fixture.call('messages.send', {
      accountId,
      to: [parent.from],
      subject: `Re: ${parent.subject}`,
      text: 'Thanks, confirmed. 谢谢！',
      inReplyTo: parent.messageId
    })
    expect(result.threadId).toBe(local.threadId)
    expect(result.sentFolder).toBe('Sent')

    const delivered = relay.received.find((r) => r.raw.toString().includes(result.messageId))!
    expect(delivered.to).toEqual([parent.from])
    const parsed = await simpleParser(delivered.raw)
    expect(parsed.inReplyTo).toBe(parent.messageId)
    const references = Array.isArray(parsed.references) ? parsed.references : [parsed.references]
    expect(references).toEqual([...parent.references, parent.messageId])

    expect(await countByMessageId(server, server.users[0]!, 'Sent', result.messageId)).toBe(1)
    const thread = await fixture.call('threads.get', { threadId: result.threadId })
    expect(thread.messages.at(-1)).toMatchObject({
      messageId: result.messageId,
      direction: 'out',
      folder: 'Sent'
    })

    // The next sync of Sent finds the same message and does not duplicate it.
    await fixture.call('sync.run', { accountId })
    const copies = (await fixture.call('messages.list', { limit: 10_000 })).filter(
      (m) => m.messageId === result.messageId
    )
    expect(copies).toHaveLength(1)
  })

  it('reports an SMTP rejection as SEND_FAILED with the server text and stores nothing', async () => {
    const rejecting = await startSmtpRelay({
      lmtpHost: server.host,
      lmtpPort: server.lmtpPort,
      reject: (rcpt) => (rcpt.startsWith('nobody') ? '5.1.1 No such user here' : null)
    })
    try {
      const other = new CoreFixture()
      try {
        const account = await other.call(
          'accounts.add',
          accountInput(server, rejecting.port, server.users[0]!)
        )
        const before = (await other.call('messages.list', { limit: 10 })).length
        const error = await other.error('messages.send', {
          accountId: account.id,
          to: ['nobody@example.test'],
          subject: 'Hello',
          text: 'x'
        })
        expect(error.code).toBe('SEND_FAILED')
        expect(error.message).toMatch(/No such user/)
        expect((await other.call('messages.list', { limit: 10 })).length).toBe(before)
      } finally {
        other.close()
      }
    } finally {
      await rejecting.stop()
    }
  })
})

describe('import window', () => {
  it('imports only the newest N per folder, then the rest when asked for all', async () => {
    const bob = server.users[1]!
    const bobMail = await generateCorpus({ seed: 7, count: 120, selfAddress: 'bob@example.test' })
    await appendMessages(
      server,
      bob.user,
      bob.password,
      'INBOX',
      bobMail.map((m) => ({ raw: m.raw, internalDate: m.date }))
    )
    const other = new CoreFixture()
    try {
      const account = await other.call('accounts.add', {
        ...accountInput(server, relay.port, bob),
        importLimit: 50
      })
      await other.call('sync.run', { accountId: account.id })
      const firstPass = await other.call('messages.list', { folder: 'INBOX', limit: 10_000 })
      expect(firstPass).toHaveLength(50)
      // The newest 50 by arrival on the server (UID order), which is what "newest" means to IMAP.
      const serverOrder = bobMail.map((m) => m.messageId)
      const newest = new Set(serverOrder.slice(-50))
      expect(firstPass.every((m) => newest.has(m.messageId))).toBe(true)
      await other.call('sync.run', { accountId: account.id, limit: 'all' })
      const all = await other.call('messages.list', { folder: 'INBOX', limit: 10_000 })
      expect(all.length).toBeGreaterThanOrEqual(120)
      expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length)
    } finally {
      other.close()
    }
  })
})

describe('signing in again', () => {
  it('asks for the password after a restart without a keychain, and syncs once it is given', async () => {
    const first = new CoreFixture()
    const alice = server.users[0]!
    const account = await first.call('accounts.add', accountInput(server, relay.port, alice))
    first.core.close()
    // Same data directory, new process: a memory-only secret store has forgotten the password.
    const { Core } = await import('../../src-main/core/core')
    const { MemorySecretStore } = await import('../../src-main/core/secrets/secret-store')
    const restarted = new Core({
      dataDir: first.dataDir,
      secrets: new MemorySecretStore(),
      log: () => undefined
    })
    try {
      const missing = await restarted.dispatch('sync.run', { accountId: account.id })
      expect(missing).toMatchObject({ ok: false, error: { code: 'SECRET_MISSING', field: 'password' } })
      const status = await restarted.dispatch('sync.status', {})
      expect(status).toMatchObject({
        ok: true,
        value: [{ state: 'error', error: { code: 'SECRET_MISSING' } }]
      })
      const wrong = await restarted.dispatch('accounts.setPassword', {
        accountId: account.id,
        password: 'nope'
      })
      expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } })
      const right = await restarted.dispatch('accounts.setPassword', {
        accountId: account.id,
        password: alice.password
      })
      expect(right.ok).toBe(true)
      const synced = await restarted.dispatch('sync.run', { accountId: account.id, limit: 5 })
      expect(synced).toMatchObject({ ok: true, value: [{ accountId: account.id }] })
    } finally {
      restarted.close()
      first.close()
    }
  })
})
