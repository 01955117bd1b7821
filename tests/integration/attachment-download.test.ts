import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { MAX_CACHED_ATTACHMENT } from '../../src-main/core/store/attachment-cache'
import { mailWithAttachments, type MailAttachment } from '../support/attachment-mail'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { startTcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { expungeAll, otherClient, serverFolder } from './fixtures/server-mailbox'

// Attachments Rapport has no copy of (over the cache limit, or imported before attachments were
// kept) are downloaded from the server when opened, against a real Dovecot.

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

/** When the test mail was sent: its other copies carry the same Date header, as copies do. */
const SENT = new Date('2026-12-01T09:30:00Z')

/** A new user whose INBOX holds one message with these attachments; synced into a new core. */
const mailboxWithAttachments = (name: string, attachments: MailAttachment[], imapPort = server.imapPort) =>
  mailboxWithMessage(
    name,
    mailWithAttachments({
      messageId: `<${name}-quote@client.test>`,
      to: `${name}@example.test`,
      attachments,
      date: SENT
    }),
    imapPort
  )

/** A new user whose INBOX holds this one message; synced into a new core. */
async function mailboxWithMessage(name: string, raw: string, imapPort = server.imapPort) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  await appendMessages(server, user.user, user.password, 'INBOX', [raw])
  const fixture = new CoreFixture()
  const { id: accountId } = await fixture.call('accounts.add', {
    email: `${name}@example.test`,
    user: user.user,
    password: user.password,
    imap: { host: server.host, port: imapPort, security: 'none' as const },
    smtp: { host: server.host, port: 1, security: 'none' as const },
    importLimit: 'all' as const,
    skipVerify: true
  })
  await fixture.call('sync.run', { accountId })
  const [thread] = await fixture.call('threads.list', { accountId })
  const { messages } = await fixture.call('threads.get', { threadId: thread!.id })
  const stored = messages[0]!.attachments
  const db = fixture.core.workspace.db
  const cachePath = (attachmentId = stored[0]!.id) =>
    (
      db.prepare('SELECT cache_path FROM attachments WHERE id = ?').get(attachmentId) as {
        cache_path: string | null
      }
    ).cache_path
  /** As for mail imported before attachments were kept: no row has a copy, and no copy is left. */
  const forgetCopies = () => {
    db.prepare('UPDATE attachments SET cache_path = NULL').run()
    deleteBlobs(fixture)
  }
  const read = (attachmentId = stored[0]!.id) => fixture.call('attachments.read', { attachmentId })
  return { user, fixture, accountId, attachment: stored[0]!, stored, cachePath, forgetCopies, read }
}

/** The same, with one PDF of these bytes. */
const mailboxWithAttachment = (name: string, bytes: Buffer, imapPort = server.imapPort) =>
  mailboxWithAttachments(name, [{ bytes }], imapPort)

/** Every attachment's bytes gone from the cache, whatever the rows say. */
function deleteBlobs(fixture: CoreFixture): void {
  const blobs = openDatabase(join(fixture.dataDir, 'attachments', 'blobs.db'))
  try {
    blobs.prepare('DELETE FROM blobs').run()
  } finally {
    blobs.close()
  }
}

const bytesOf = (content: { dataBase64: string }) => Buffer.from(content.dataBase64, 'base64')

describe('an attachment Rapport has no copy of', () => {
  it('is downloaded from the server, kept offline, and the message stays unread there', async () => {
    const pdf = randomBytes(60_000)
    const { user, fixture, accountId, cachePath, forgetCopies, read } = await mailboxWithAttachment(
      'dana',
      pdf
    )
    const other = await otherClient(server, user)
    try {
      forgetCopies()
      const downloaded = await read()
      expect(downloaded).toMatchObject({
        filename: 'quote.pdf',
        contentType: 'application/pdf',
        size: pdf.length
      })
      expect(bytesOf(downloaded).equals(pdf)).toBe(true)
      expect(cachePath()).not.toBeNull()
      const [onServer] = [...(await serverFolder(other, 'INBOX')).values()]
      expect(onServer!.flags).not.toContain('\\Seen')

      // Kept: deleted on the server afterwards, it still opens.
      await expungeAll(other, 'INBOX')
      await fixture.call('sync.run', { accountId })
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('over the 25 MB cache limit, is downloaded each time it is opened', async () => {
    const large = randomBytes(MAX_CACHED_ATTACHMENT + 1024)
    const { fixture, cachePath, read } = await mailboxWithAttachment('emil', large)
    try {
      expect(cachePath()).toBeNull()
      for (const attempt of [1, 2]) {
        const downloaded = await read()
        expect(downloaded.size, `attempt ${attempt}`).toBe(large.length)
        expect(bytesOf(downloaded).equals(large), `attempt ${attempt}`).toBe(true)
        expect(cachePath(), `attempt ${attempt}`).toBeNull()
      }
    } finally {
      fixture.close()
    }
  })

  it('is refused with ATTACHMENT_UNAVAILABLE once its message is gone from the server', async () => {
    const { user, fixture, accountId, attachment, forgetCopies } = await mailboxWithAttachment(
      'fiona',
      randomBytes(30_000)
    )
    const other = await otherClient(server, user)
    const unavailable = { code: 'ATTACHMENT_UNAVAILABLE', field: 'attachmentId' }
    try {
      forgetCopies()
      await expungeAll(other, 'INBOX')
      // Not synced yet: Rapport's location is stale, so it cannot tell moved from deleted.
      expect(await fixture.error('attachments.read', { attachmentId: attachment.id })).toMatchObject({
        code: 'ATTACHMENT_OUT_OF_SYNC',
        message: expect.stringMatching(/not where Rapport last saw it/)
      })
      await fixture.call('sync.run', { accountId })
      expect(await fixture.error('attachments.read', { attachmentId: attachment.id })).toMatchObject(
        unavailable
      )
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('of several, is the one asked for, all of them kept offline by one download', async () => {
    const files = [
      { filename: 'quote.pdf', bytes: randomBytes(20_000) },
      { filename: 'terms.pdf', bytes: randomBytes(30_000) },
      { filename: 'photo.jpg', contentType: 'image/jpeg', bytes: randomBytes(40_000) }
    ]
    const { fixture, stored, cachePath, forgetCopies, read } = await mailboxWithAttachments('ivo', files)
    try {
      forgetCopies()
      const second = await read(stored[1]!.id)
      expect(second).toMatchObject({ filename: 'terms.pdf', size: files[1]!.bytes.length })
      expect(bytesOf(second).equals(files[1]!.bytes)).toBe(true)
      expect(stored.map((a) => cachePath(a.id))).not.toContain(null)
      for (const [i, attachment] of stored.entries())
        expect(bytesOf(await read(attachment.id)).equals(files[i]!.bytes)).toBe(true)
    } finally {
      fixture.close()
    }
  })

  // The same Message-ID in another folder, holding other parts than the copy Rapport stored.
  const otherCopies = [
    {
      user: 'jana',
      what: 'a mailing list’s copy with a footer part',
      attachments: (quote: Buffer) => [
        { bytes: quote },
        { filename: 'footer.txt', contentType: 'text/plain', bytes: randomBytes(900) }
      ]
    },
    {
      user: 'jonas',
      // Sent in the same second: told apart from the first by nothing but its parts.
      what: 'a message reusing the Message-ID and Date, with a file of the same name and type',
      attachments: () => [{ bytes: randomBytes(21_000) }]
    }
  ]
  for (const variant of otherCopies)
    it(`comes from the server copy that holds it, not from ${variant.what}`, async () => {
      const quote = randomBytes(20_000)
      const { user, fixture, accountId, forgetCopies, read } = await mailboxWithAttachment(
        variant.user,
        quote
      )
      const other = await otherClient(server, user)
      const messageId = `<${variant.user}-quote@client.test>`
      try {
        await other.mailboxCreate('Lists')
        const otherCopy = mailWithAttachments({
          messageId,
          to: `${variant.user}@example.test`,
          attachments: variant.attachments(quote),
          date: SENT
        })
        await appendMessages(server, user.user, user.password, 'Lists', [otherCopy])
        await fixture.call('sync.run', { accountId })
        const folders = await fixture.call('folders.list', { accountId })
        await fixture.call('folders.setSync', {
          folderId: folders.find((f) => f.path === 'Lists')!.id,
          enabled: true
        })
        await fixture.call('sync.run', { accountId })
        // A new UIDVALIDITY re-matches the INBOX copy, so the other copy is now the first location.
        await server.doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '4242', 'INBOX'])
        await fixture.call('sync.run', { accountId })
        const locations = fixture.core.workspace.db
          .prepare(
            `SELECT f.path FROM message_locations l JOIN folders f ON f.id = l.folder_id
             JOIN messages m ON m.id = l.message_pk WHERE m.message_id = ? ORDER BY l.id`
          )
          .all(messageId) as Array<{ path: string }>
        expect(locations.map((l) => l.path)).toEqual(['Lists', 'INBOX'])

        forgetCopies()
        const downloaded = await read()
        expect(downloaded.size).toBe(quote.length)
        expect(bytesOf(downloaded).equals(quote)).toBe(true)

        // The INBOX copy moved away before Rapport synced: a later try may find it, so it says so.
        forgetCopies()
        await other.mailboxCreate('Elsewhere')
        const lock = await other.getMailboxLock('INBOX')
        try {
          await other.messageMove('1:*', 'Elsewhere')
        } finally {
          lock.release()
        }
        expect(await fixture.error('attachments.read', { attachmentId: downloaded.id })).toMatchObject({
          code: 'ATTACHMENT_OUT_OF_SYNC'
        })
      } finally {
        await other.logout().catch(() => other.close())
        fixture.close()
      }
    })

  it('is written again when its key is kept but its bytes are gone, so it opens offline later', async () => {
    const pdf = randomBytes(24_000)
    const { user, fixture, accountId, cachePath, read } = await mailboxWithAttachment('kira', pdf)
    const other = await otherClient(server, user)
    try {
      const key = cachePath()
      expect(key).not.toBeNull()
      deleteBlobs(fixture)
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
      await expungeAll(other, 'INBOX')
      await fixture.call('sync.run', { accountId })
      expect(cachePath()).toBe(key)
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('is downloaded once for all the attachments of a message opened at the same time', async () => {
    const files = [{ bytes: randomBytes(15_000) }, { filename: 'b.pdf', bytes: randomBytes(16_000) }]
    const { fixture, stored, forgetCopies, read } = await mailboxWithAttachments('lena', files)
    const sync = fixture.core.workspace.sync
    const runAside = sync.runAside.bind(sync)
    let sessions = 0
    sync.runAside = (accountId, work) => {
      sessions++
      return runAside(accountId, work)
    }
    try {
      forgetCopies()
      const [a, b] = await Promise.all(stored.map((attachment) => read(attachment.id)))
      expect(bytesOf(a!).equals(files[0]!.bytes)).toBe(true)
      expect(bytesOf(b!).equals(files[1]!.bytes)).toBe(true)
      expect(sessions).toBe(1)
    } finally {
      fixture.close()
    }
  })

  it('is refused with ATTACHMENT_UNAVAILABLE for a mailbox kept as a read-only archive', async () => {
    const { fixture, accountId, attachment, forgetCopies } = await mailboxWithAttachment(
      'gus',
      randomBytes(20_000)
    )
    try {
      forgetCopies()
      await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
      expect(await fixture.error('attachments.read', { attachmentId: attachment.id })).toMatchObject({
        code: 'ATTACHMENT_UNAVAILABLE'
      })
    } finally {
      fixture.close()
    }
  })

  it('says the server cannot be reached while offline, and downloads once it is back', async () => {
    const proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const pdf = randomBytes(25_000)
    const { fixture, attachment, forgetCopies, read } = await mailboxWithAttachment('hana', pdf, proxy.port)
    try {
      forgetCopies()
      await proxy.offline()
      expect(await fixture.error('attachments.read', { attachmentId: attachment.id })).toMatchObject({
        code: 'HOST_UNREACHABLE'
      })
      await proxy.online()
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      fixture.close()
      await proxy.close()
    }
  })

  // A FETCH lost with the connection says nothing about where the message is: not "moved or
  // deleted on the server", which would send the user to sync and try again for nothing.
  it('says the connection was lost when it drops in the middle of the download, and downloads on the next try', async () => {
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const pdf = randomBytes(200_000)
    const { fixture, attachment, forgetCopies, read } = await mailboxWithAttachment('ivan', pdf, proxy.port)
    try {
      forgetCopies()
      const cut = proxy.cutMidFetch(50_000)
      const failed = await fixture.error('attachments.read', { attachmentId: attachment.id })
      await cut
      expect(failed).toMatchObject({ code: 'HOST_UNREACHABLE', message: expect.stringMatching(/was lost/) })
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      fixture.close()
      await proxy.close()
    }
  })

  it('does not wait for the sync work queued on its account', async () => {
    const pdf = randomBytes(25_000)
    const { fixture, accountId, forgetCopies, read } = await mailboxWithAttachment('ines', pdf)
    let releaseLane = () => {}
    const held = fixture.core.workspace.sync
      .lane(accountId)
      .run(() => new Promise<void>((resolve) => (releaseLane = resolve)))
    try {
      forgetCopies()
      // With the lane held (as by a long import), the download still completes.
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      releaseLane()
      await held
      fixture.close()
    }
  })
})

describe('an attachment stored by an older version, without a copy', () => {
  it('of a message whose HTML images were not kept then, still downloads', async () => {
    const pdf = randomBytes(8_000)
    const raw = [
      'From: Carlos Mendes <carlos@client.test>',
      'To: kai@example.test',
      'Subject: Quote with our logo',
      'Message-ID: <kai-logo@client.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The quote is attached.</p><img src="cid:logo@client.test">',
      '--r',
      'Content-Type: image/png',
      'Content-ID: <logo@client.test>',
      'Content-Transfer-Encoding: base64',
      '',
      randomBytes(300).toString('base64'),
      '--r--',
      '--m',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="quote.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64'),
      '--m--',
      ''
    ].join('\r\n')
    const { fixture, attachment, forgetCopies, read } = await mailboxWithMessage('kai', raw)
    try {
      expect(attachment.filename).toBe('quote.pdf')
      // As an older version stored it: the attachment only, no row for the logo.
      fixture.core.workspace.db.prepare('DELETE FROM attachments WHERE id <> ?').run(attachment.id)
      forgetCopies()
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      fixture.close()
    }
  })

  it('under the name as the sender wrote it, bidi controls included, still downloads', async () => {
    const reversed = 'invoice\u202Efdp.exe'
    const exe = randomBytes(5_000)
    const { fixture, attachment, forgetCopies, read } = await mailboxWithAttachments('jude', [
      { bytes: exe, filename: reversed, contentType: 'application/octet-stream' }
    ])
    try {
      expect(attachment.filename).toBe('invoicefdp.exe')
      fixture.core.workspace.db
        .prepare('UPDATE attachments SET filename = ? WHERE id = ?')
        .run(reversed, attachment.id)
      forgetCopies()
      const downloaded = await read()
      expect(downloaded.filename).toBe('invoicefdp.exe')
      expect(bytesOf(downloaded).equals(exe)).toBe(true)
    } finally {
      fixture.close()
    }
  })
})
