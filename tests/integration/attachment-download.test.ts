import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CACHED_ATTACHMENT } from '../../src-main/core/store/attachment-cache'
import { mailWithAttachment } from '../support/attachment-mail'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { startSwitchableProxy } from '../support/switchable-proxy'
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

/** A new user whose INBOX holds one message with `bytes` attached; synced into a new core. */
async function mailboxWithAttachment(name: string, bytes: Buffer, imapPort = server.imapPort) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const messageId = `<${name}-quote@client.test>`
  await appendMessages(server, user.user, user.password, 'INBOX', [
    mailWithAttachment({ messageId, to: `${name}@example.test`, bytes })
  ])
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
  const attachment = messages[0]!.attachments[0]!
  const db = fixture.core.workspace.db
  const cachePath = () =>
    (
      db.prepare('SELECT cache_path FROM attachments WHERE id = ?').get(attachment.id) as {
        cache_path: string | null
      }
    ).cache_path
  /** As for mail imported before attachments were kept: the row has no copy. */
  const forgetCopy = () => db.prepare('UPDATE attachments SET cache_path = NULL').run()
  const read = () => fixture.call('attachments.read', { attachmentId: attachment.id })
  return { user, fixture, accountId, attachment, cachePath, forgetCopy, read }
}

const bytesOf = (content: { dataBase64: string }) => Buffer.from(content.dataBase64, 'base64')

describe('an attachment Rapport has no copy of', () => {
  it('is downloaded from the server, kept offline, and the message stays unread there', async () => {
    const pdf = randomBytes(60_000)
    const { user, fixture, accountId, cachePath, forgetCopy, read } = await mailboxWithAttachment('dana', pdf)
    const other = await otherClient(server, user)
    try {
      forgetCopy()
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
      const downloaded = await read()
      expect(downloaded.size).toBe(large.length)
      expect(bytesOf(downloaded).equals(large)).toBe(true)
      expect(cachePath()).toBeNull()
    } finally {
      fixture.close()
    }
  })

  it('is refused with ATTACHMENT_UNAVAILABLE once its message is gone from the server', async () => {
    const { user, fixture, accountId, attachment, forgetCopy } = await mailboxWithAttachment(
      'fiona',
      randomBytes(30_000)
    )
    const other = await otherClient(server, user)
    const unavailable = { code: 'ATTACHMENT_UNAVAILABLE', field: 'attachmentId' }
    try {
      forgetCopy()
      await expungeAll(other, 'INBOX')
      // Not synced yet: Rapport still has the location, and the server answers with nothing.
      expect(await fixture.error('attachments.read', { attachmentId: attachment.id })).toMatchObject(
        unavailable
      )
      await fixture.call('sync.run', { accountId })
      expect(await fixture.error('attachments.read', { attachmentId: attachment.id })).toMatchObject(
        unavailable
      )
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('is refused with ATTACHMENT_UNAVAILABLE for a mailbox kept as a read-only archive', async () => {
    const { fixture, accountId, attachment, forgetCopy } = await mailboxWithAttachment(
      'gus',
      randomBytes(20_000)
    )
    try {
      forgetCopy()
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
    const { fixture, attachment, forgetCopy, read } = await mailboxWithAttachment('hana', pdf, proxy.port)
    try {
      forgetCopy()
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

  it('does not wait for the sync work queued on its account', async () => {
    const pdf = randomBytes(25_000)
    const { fixture, accountId, forgetCopy, read } = await mailboxWithAttachment('ines', pdf)
    let releaseLane = () => {}
    const held = fixture.core.workspace.sync
      .lane(accountId)
      .run(() => new Promise<void>((resolve) => (releaseLane = resolve)))
    try {
      forgetCopy()
      // With the lane held (as by a long import), the download still completes.
      expect(bytesOf(await read()).equals(pdf)).toBe(true)
    } finally {
      releaseLane()
      await held
      fixture.close()
    }
  })
})
