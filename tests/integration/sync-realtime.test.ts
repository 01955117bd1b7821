// The real-time loop against a real Dovecot: IDLE, polls of the other folders, reconnects, and
// credentials that stop working while connected.
import nodemailer from 'nodemailer'
import { describe, expect, it } from 'vitest'
import type { MailUser } from '../support/dovecot'
import { startSmtpRelay } from '../support/smtp-relay'
import { closeMailbox, expectInStep, isStored, ownMail, useSyncMailboxes } from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

describe('real time', () => {
  it('shows mail delivered over SMTP without sync.run, and again after the connection is cut', async () => {
    const box = await mailbox('kate', 2)
    try {
      const transport = nodemailer.createTransport({
        auth: { user: 'x', pass: 'y' },
        host: servers.relay.host,
        port: servers.relay.port,
        secure: false,
        ignoreTLS: true
      })
      box.fixture.core.startRealtime()
      await box.fixture.waitFor('the first pass', () => isStored(box, box.corpus[1]!.messageId))
      const statesBefore = box.fixture.events.length
      const first = await transport.sendMail({
        from: 'x@example.test',
        to: 'kate@example.test',
        subject: 'One',
        text: '1'
      })
      await box.fixture.waitFor('the first delivery', () => isStored(box, first.messageId))
      expect(box.fixture.events.slice(statesBefore).some((e) => e.name === 'changed')).toBe(true)

      // The server drops every session of the user: the watcher reconnects with backoff.
      await servers.server.doveadm(['kick', 'kate'])
      const second = await transport.sendMail({
        from: 'x@example.test',
        to: 'kate@example.test',
        subject: 'Two',
        text: '2'
      })
      await box.fixture.waitFor('the delivery after the cut', () => isStored(box, second.messageId))
      transport.close()
    } finally {
      await closeMailbox(box)
    }
  })

  it('polls the synced folders other than INBOX on the interval, without sync.run', async () => {
    const box = await mailbox('pia', 1, { pollIntervalMs: 300 })
    try {
      box.fixture.core.startRealtime()
      const upToDate = () => box.fixture.core.workspace.sync.status()[0]?.state === 'up-to-date'
      await box.fixture.waitFor('the first pass over every folder', upToDate)
      // Filed in Archive by another program: IDLE (on INBOX) says nothing, only a poll finds it.
      const messageId = '<filed-elsewhere@client.test>'
      await box.other.append(
        'Archive',
        `From: client@client.test\r\nTo: pia@example.test\r\nSubject: Filed\r\nMessage-ID: ${messageId}\r\n\r\nHi\r\n`
      )
      await box.fixture.waitFor('the poll of Archive', () => isStored(box, messageId))
      await expectInStep(box, 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('pauses the account in "needs sign-in" when the password changes on the server, and deletes nothing', async () => {
    const box = await mailbox('liam', 3)
    try {
      box.fixture.core.startRealtime()
      const count = () => (box.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
      await box.fixture.waitFor('the first pass', () => count() === 3)
      await servers.server.setPassword('liam', 'new-secret')
      await servers.server.doveadm(['kick', 'liam'])
      const state = () => box.fixture.core.workspace.accounts.get(box.accountId).state
      await box.fixture.waitFor('the pause', () => state() === 'needs-signin')
      const [account] = await box.fixture.call('accounts.list', {})
      expect(account!.stateReason).toBe('Authentication failed.')
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      expect(count()).toBe(3)
      expect(await box.fixture.error('sync.run', { accountId: box.accountId })).toMatchObject({
        code: 'AUTH_FAILED'
      })
      await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'new-secret' })
      expect(state()).toBe('active')
      await box.fixture.waitFor('the sync after signing in', () =>
        box.fixture.core.workspace.sync.status().some((s) => s.state === 'up-to-date')
      )
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps receiving when only the SMTP server refuses the login (535): the message fails with its words, is not retried on its own, and goes once signed in again', async () => {
    const smtpUser: MailUser = { user: 'mira', password: 'mira-pw' }
    const strict = await startSmtpRelay({
      lmtpHost: servers.server.host,
      lmtpPort: servers.server.lmtpPort,
      users: [smtpUser]
    })
    const box = await mailbox('mira', 1, { smtpPort: strict.port })
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Sending is refused with a password IMAP still takes (Microsoft 365: "535 5.7.139
      // SmtpClientAuthentication is disabled for the Tenant"; or a separate sending password).
      smtpUser.password = 'sending-password'
      const { outbox } = box.fixture.core.workspace
      // Three messages come due together: one login is tried, and the other two fail with its
      // refusal, untried, not one more refused login each.
      for (const subject of ['Order 1', 'Order 2', 'Order 3'])
        await box.fixture.call('outbox.send', {
          accountId: box.accountId,
          to: ['client@example.test'],
          subject,
          text: 'Here it is.'
        })
      box.db.prepare('UPDATE outbox SET send_at = ?').run(Date.now())
      await outbox.runDue()
      expect(strict.refusedLogins).toBe(1)
      const refused = {
        state: 'failed',
        lastErrorCode: 'SMTP_AUTH_FAILED',
        lastError: expect.stringMatching(/535/)
      }
      expect(await box.fixture.call('outbox.list', {})).toMatchObject([refused, refused, refused])

      // Sent at once, the error says so.
      const error = await box.fixture.error('messages.send', {
        accountId: box.accountId,
        to: ['client@example.test'],
        subject: 'Quote',
        text: 'Here it is.'
      })
      expect(error.code).toBe('SMTP_AUTH_FAILED')
      expect(error.message).toMatch(
        /SMTP server rejected the user name or password .*535.*Receiving mail goes on/
      )
      const failed = (await box.fixture.call('outbox.list', {})).find((item) => item.subject === 'Quote')
      expect(failed).toMatchObject(refused)

      // Receiving goes on: the account is not paused, and new mail still comes in.
      const [account] = await box.fixture.call('accounts.list', {})
      expect(account).toMatchObject({ state: 'active', stateReason: null })
      await box.other.append('INBOX', ownMail('mira', 'after-refusal'))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(isStored(box, '<after-refusal@example.test>')).toBe(true)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([{ state: 'up-to-date' }])
      // Not retried on its own: the pass just run (whose end sends what is due) tried no login,
      // and the scheduler has nothing due.
      expect(strict.refusedLogins).toBe(2)
      expect(outbox.repo.accountsWithDue(Date.now() + 3_600_000)).toEqual([])

      // Sending is fixed on the server's side; signing in again puts the message back in the queue.
      smtpUser.password = 'mira-pw'
      await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'mira-pw' })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const after = await box.fixture.call('outbox.list', { includeSent: true })
      expect(after.map((item) => [item.subject, item.state]).sort()).toEqual([
        ['Order 1', 'sent'],
        ['Order 2', 'sent'],
        ['Order 3', 'sent'],
        ['Quote', 'sent']
      ])
      expect(strict.received.filter((m) => m.raw.toString().includes(failed!.messageId))).toHaveLength(1)
      expect(strict.received).toHaveLength(4)
    } finally {
      await closeMailbox(box)
      await strict.stop()
    }
  })

  it('pauses the account in "needs sign-in" when sending finds the password changed, and keeps the message', async () => {
    const box = await mailbox('lena', 1)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await servers.server.setPassword('lena', 'new-secret')
      const error = await box.fixture.error('messages.send', {
        accountId: box.accountId,
        to: ['client@example.test'],
        subject: 'Quote',
        text: 'Here it is.'
      })
      expect(error.code).not.toBe('SEND_FAILED')
      expect(box.fixture.core.workspace.accounts.get(box.accountId).state).toBe('needs-signin')
      const [account] = await box.fixture.call('accounts.list', {})
      expect(account!.stateReason).toBe('Authentication failed.')
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      expect(await box.fixture.call('outbox.list', {})).toMatchObject([{ subject: 'Quote', state: 'queued' }])
    } finally {
      await closeMailbox(box)
    }
  })
})
