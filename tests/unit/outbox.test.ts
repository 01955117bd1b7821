import { describe, expect, it } from 'vitest'
import { OutgoingAttachment } from '../../src-preload/contract'
import type { ImapFlow } from 'imapflow'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import type { AccountService } from '../../src-main/core/accounts/account-service'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import { attemptSend } from '../../src-main/core/outbox/outbox-sender'
import { CommandErrors } from '../../src-main/core/mail-server/imap-session'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import {
  afterFailure,
  canCancel,
  canRetry,
  classifySendError,
  isDue,
  isGmailLike,
  MAX_TEMPORARY_ATTEMPTS,
  mayHaveBeenDelivered,
  visibleState,
  type OutboxRow
} from '../../src-main/core/outbox/outbox-state'
import { decodeAttachments } from '../../src-main/core/outbox/outgoing-message'
import { SendCapRepository } from '../../src-main/core/outbox/send-cap'
import { copyRefusal } from '../../src-main/core/outbox/sent-copy-retry'
import { memoryWorkspace } from './fixtures/workspace'
import { openSessionState } from '../support/fake-session-state'

const NOW = 1_800_000_000_000
const row = (overrides: Partial<OutboxRow> = {}): OutboxRow => ({
  state: 'queued',
  sendAt: NOW,
  retryAt: null,
  waitingOnline: false,
  attempts: 0,
  ...overrides
})

describe('outbox state machine', () => {
  it('shows a queued message before its time as scheduled, and an accepted one as still sending', () => {
    expect(visibleState(row({ sendAt: NOW + 10_000 }), NOW)).toBe('scheduled')
    expect(visibleState(row({ sendAt: NOW }), NOW)).toBe('queued')
    expect(visibleState(row({ sendAt: NOW + 10_000, attempts: 1 }), NOW)).toBe('queued')
    expect(visibleState(row({ state: 'accepted' }), NOW)).toBe('sending')
  })

  it('allows undo and delete only before an attempt starts, or after it failed for good', () => {
    expect(canCancel('queued')).toBe(true)
    expect(canCancel('failed')).toBe(true)
    for (const state of ['sending', 'accepted', 'sent'] as const) expect(canCancel(state)).toBe(false)
    expect(canRetry('failed')).toBe(true)
    expect(canRetry('accepted')).toBe(false)
  })

  it('runs a row once its time and its backoff have passed; back online skips only an offline wait', () => {
    expect(isDue(row({ sendAt: NOW + 1 }), NOW, true)).toBe(false)
    expect(isDue(row(), NOW, false)).toBe(true)
    expect(isDue(row({ retryAt: NOW + 60_000 }), NOW, false)).toBe(false)
    expect(isDue(row({ retryAt: NOW + 60_000, waitingOnline: true }), NOW, false)).toBe(false)
    expect(isDue(row({ retryAt: NOW + 60_000, waitingOnline: true }), NOW, true)).toBe(true)
    expect(isDue(row({ retryAt: NOW + 60_000 }), NOW, true)).toBe(false)
    expect(isDue(row({ state: 'failed' }), NOW, true)).toBe(false)
    expect(isDue(row({ state: 'sent' }), NOW, true)).toBe(false)
    // A row caught mid-attempt by a crash, or accepted but not yet filed, is picked up again.
    expect(isDue(row({ state: 'sending', attempts: 1 }), NOW, false)).toBe(true)
    expect(isDue(row({ state: 'accepted', attempts: 1 }), NOW, false)).toBe(true)
  })

  it('treats 5xx as final, 4xx as worth retrying, and no connection as offline', () => {
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 550 })).toBe('permanent')
    expect(classifySendError({ code: 'EMESSAGE', responseCode: 552 })).toBe('permanent')
    expect(classifySendError({ code: 'EAUTH', responseCode: 535 })).toBe('permanent')
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 451 })).toBe('temporary')
    expect(classifySendError({ code: 'ECONNECTION' })).toBe('offline')
    expect(classifySendError({ code: 'ETIMEDOUT' })).toBe('offline')
    expect(classifySendError(new Error('odd'))).toBe('temporary')
  })

  it('takes a failure with no reply after the whole message went over as maybe delivered, any reply as an answer', () => {
    // Lost connection, reset socket, or silence until the timeout, once the final dot was written.
    expect(mayHaveBeenDelivered({ code: 'ECONNECTION' }, true)).toBe(true)
    expect(mayHaveBeenDelivered({ code: 'ESOCKET', originalCode: 'ECONNRESET' }, true)).toBe(true)
    expect(mayHaveBeenDelivered({ code: 'ETIMEDOUT' }, true)).toBe(true)
    // Before the whole message went over, the server cannot have it: retried as offline.
    expect(mayHaveBeenDelivered({ code: 'ECONNECTION' }, false)).toBe(false)
    expect(mayHaveBeenDelivered({ code: 'ECONNREFUSED' }, false)).toBe(false)
    // The server answered the message: refused for now, for good, or closing (421): not delivered.
    expect(mayHaveBeenDelivered({ code: 'EMESSAGE', responseCode: 451 }, true)).toBe(false)
    expect(mayHaveBeenDelivered({ code: 'EMESSAGE', responseCode: 554 }, true)).toBe(false)
    expect(mayHaveBeenDelivered({ code: 'ECONNECTION', responseCode: 421 }, true)).toBe(false)
  })

  it('retries offline sends with backoff for as long as it takes, and gives up on 4xx after a few tries', () => {
    const fixed = () => 0.5
    const offline = afterFailure('offline', 50, NOW, fixed)
    expect(offline).toMatchObject({ state: 'queued' })
    expect(offline.state === 'queued' && offline.retryAt).toBeGreaterThan(NOW)
    const first = afterFailure('temporary', 1, NOW, fixed)
    const later = afterFailure('temporary', 3, NOW, fixed)
    expect(first.state === 'queued' && later.state === 'queued').toBe(true)
    if (first.state === 'queued' && later.state === 'queued')
      expect(later.retryAt).toBeGreaterThan(first.retryAt)
    expect(afterFailure('temporary', MAX_TEMPORARY_ATTEMPTS, NOW, fixed)).toEqual({ state: 'failed' })
    expect(afterFailure('permanent', 1, NOW, fixed)).toEqual({ state: 'failed' })
  })

  it('recognizes Gmail-like providers by address or SMTP host, for the 500-a-day warning', () => {
    expect(isGmailLike('sari@gmail.com', 'smtp.gmail.com')).toBe(true)
    expect(isGmailLike('sari@perusahaan.co.id', 'smtp.gmail.com')).toBe(true)
    expect(isGmailLike('sari@googlemail.com', 'mail.example')).toBe(true)
    expect(isGmailLike('sari@fastmail.com', 'smtp.fastmail.com')).toBe(false)
  })
})

describe('attachments', () => {
  const attachment = (bytes: number) => ({
    name: 'a.bin',
    type: 'application/octet-stream',
    contentBase64: Buffer.alloc(bytes, 1).toString('base64')
  })

  it('accepts exactly 25 MB in total and refuses one byte more, saying by how much', () => {
    expect(decodeAttachments([attachment(20 * 1024 * 1024), attachment(5 * 1024 * 1024)])).toHaveLength(2)
    expect(() => decodeAttachments([attachment(25 * 1024 * 1024 + 1)])).toThrow(
      /25\.0 MB; the limit is 25 MB/
    )
  })

  it('validates attachment input at the contract: a name, a MIME type and base64 content', () => {
    expect(OutgoingAttachment.safeParse(attachment(10)).success).toBe(true)
    expect(OutgoingAttachment.safeParse({ ...attachment(10), name: '' }).success).toBe(false)
    expect(OutgoingAttachment.safeParse({ ...attachment(10), type: 'not a type' }).success).toBe(false)
    expect(OutgoingAttachment.safeParse({ ...attachment(10), contentBase64: '%%%' }).success).toBe(false)
  })
})

describe('outbox repository', () => {
  const setup = () => {
    const ws = memoryWorkspace()
    const repo = new OutboxRepository(ws.db)
    const add = (messageId: string, sendAt = NOW) =>
      repo.insert({
        accountId: 1,
        messageId,
        subject: 'Quote',
        recipients: ['bob@client.test'],
        raw: Buffer.from(`Message-ID: ${messageId}\r\n\r\nHi`),
        sendAt,
        now: NOW
      })
    return { ...ws, repo, caps: new SendCapRepository(ws.db), add }
  }

  it('keeps one row per Message-ID, so a message cannot be queued twice', () => {
    const { add } = setup()
    add('<a@me.test>')
    expect(() => add('<a@me.test>')).toThrow(/UNIQUE/)
  })

  it('keeps a sent message whose Sent copy failed, with its bytes, until the copy is saved or let go', () => {
    const { repo, add } = setup()
    const refused = add('<copy@me.test>')
    const plain = add('<plain@me.test>')
    repo.markSent(refused, {
      threadId: 1,
      sentFolder: null,
      at: NOW,
      copyRefusal: { text: 'NO [NOPERM] Permission denied', retryAt: null }
    })
    repo.markSent(plain, { threadId: 2, sentFolder: 'Sent', at: NOW })
    expect(repo.raw(plain)).toBeNull()
    expect(repo.raw(refused)).not.toBeNull()
    // Listed as waiting for the user, and not purged with the sent history a week later.
    expect(repo.list({}).map((r) => r.id)).toEqual([refused])
    repo.purgeSent(NOW + 7 * 24 * 60 * 60_000)
    expect(repo.find(plain)).toBeNull()
    expect(repo.find(refused)).toMatchObject({
      state: 'sent',
      sentCopyError: 'NO [NOPERM] Permission denied'
    })
    repo.settleSentCopy(refused, 'Sent')
    expect(repo.find(refused)).toMatchObject({ sentCopyError: null, sentFolder: 'Sent' })
    expect(repo.raw(refused)).toBeNull()
    expect(repo.list({})).toEqual([])
  })

  it('plans the next try of a Sent copy refused for now, and wakes the scheduler for it', () => {
    const { repo, add } = setup()
    const full = add('<full@me.test>')
    repo.markSending(full)
    repo.markSent(full, {
      threadId: 1,
      sentFolder: null,
      at: NOW,
      copyRefusal: { text: 'Quota exceeded', retryAt: NOW + 60_000 }
    })
    expect(repo.find(full)).toMatchObject({ sentCopyRetryAt: NOW + 60_000, sentCopyAttempts: 1 })
    expect(repo.nextDueAt()).toBe(NOW + 60_000)
    expect(repo.accountsWithDue(NOW)).toEqual([])
    expect(repo.sentCopiesDue(1, NOW)).toEqual([])
    expect(repo.accountsWithDue(NOW + 60_000)).toEqual([1])
    expect(repo.sentCopiesDue(1, NOW + 60_000).map((r) => r.id)).toEqual([full])
    // Refused again: counted, and planned further off; then given up to the user's Retry.
    repo.noteSentCopyError(full, { text: 'Quota exceeded', retryAt: NOW + 360_000 })
    expect(repo.find(full)).toMatchObject({ sentCopyRetryAt: NOW + 360_000, sentCopyAttempts: 2 })
    repo.noteSentCopyError(full, { text: 'Quota exceeded', retryAt: null })
    expect(repo.nextDueAt()).toBeNull()
    expect(repo.sentCopiesDue(1, NOW + 10 ** 9)).toEqual([])
    // Saved (or let go): nothing more is planned for it.
    repo.noteSentCopyError(full, { text: 'Quota exceeded', retryAt: NOW + 60_000 })
    repo.settleSentCopy(full, 'Sent')
    expect(repo.find(full)).toMatchObject({ sentCopyRetryAt: null, sentCopyError: null })
    expect(repo.nextDueAt()).toBeNull()
  })

  it('keeps saying a message may have been delivered while it waits offline for the look in Sent', () => {
    const { repo, add } = setup()
    const maybe = add('<maybe@me.test>')
    const plain = add('<waiting@me.test>')
    repo.markSending(maybe)
    repo.markMaybeDelivered(maybe, 'It may have been delivered; Rapport looks in Sent.')
    repo.deferOffline(maybe, 'Could not reach the server.', NOW + 60_000)
    repo.deferOffline(plain, 'Could not reach the server.', NOW + 60_000)
    expect(repo.find(maybe)).toMatchObject({
      lastError: 'It may have been delivered; Rapport looks in Sent.',
      lastErrorCode: 'SEND_UNCONFIRMED',
      retryAt: NOW + 60_000,
      waitingOnline: true
    })
    expect(repo.find(plain)).toMatchObject({
      lastError: 'Could not reach the server.',
      lastErrorCode: 'HOST_UNREACHABLE'
    })
  })

  it('never lets an accepted or sending message be removed (undo comes too late)', () => {
    const { repo, add } = setup()
    const id = add('<b@me.test>')
    repo.markSending(id)
    expect(repo.remove(id)).toBe(false)
    repo.markAccepted(id)
    expect(repo.remove(id)).toBe(false)
    repo.requeue(id, NOW)
    expect(repo.find(id)!.state).toBe('accepted')
  })

  it('keeps the state of a row that waits for a connection, so an accepted one is never sent again', () => {
    const { repo, add } = setup()
    const id = add('<c@me.test>')
    repo.markSending(id)
    repo.markAccepted(id)
    repo.deferOffline(id, 'offline', NOW + 1000)
    expect(repo.find(id)).toMatchObject({ state: 'accepted', waitingOnline: true, lastError: 'offline' })
  })

  it('keeps a message that may have been delivered from going again until the user retries it', () => {
    const { repo, add } = setup()
    const id = add('<maybe@me.test>')
    expect(repo.find(id)!.maybeDelivered).toBe(false)
    repo.markSending(id)
    repo.markMaybeDelivered(id, 'lost after the data')
    expect(repo.find(id)).toMatchObject({
      state: 'sending',
      maybeDelivered: true,
      lastError: 'lost after the data'
    })
    // Waiting for the mailbox keeps it; so does failing.
    repo.deferOffline(id, 'offline', NOW + 1000)
    expect(repo.find(id)).toMatchObject({ state: 'sending', maybeDelivered: true })
    repo.markFailed(id, 'may have gone', 'SEND_UNCONFIRMED')
    expect(repo.find(id)).toMatchObject({
      state: 'failed',
      maybeDelivered: true,
      lastErrorCode: 'SEND_UNCONFIRMED'
    })
    // Retry: the user's choice to send it again.
    repo.requeue(id, NOW)
    expect(repo.find(id)).toMatchObject({ state: 'queued', maybeDelivered: false })
  })

  it('looks in Sent before the next attempt only after one whose outcome is not known', () => {
    const { repo, add } = setup()
    const id = add('<check@me.test>')
    expect(repo.find(id)!.sentCheckDue).toBe(false)
    // Started: until the server answers, it may have gone (a crash here leaves it so).
    repo.markSending(id)
    expect(repo.find(id)!.sentCheckDue).toBe(true)
    // The server answered before taking it (or none was reached): it did not go.
    repo.markNotSent(id)
    repo.markRefusedForNow(id, '451 try later', NOW + 1000)
    expect(repo.find(id)).toMatchObject({ state: 'queued', attempts: 1, sentCheckDue: false })
    // Lost after the data went over: it may have gone, and stays so when it fails.
    repo.markSending(id)
    repo.markMaybeDelivered(id, 'lost after the data')
    repo.markFailed(id, 'may have gone', 'SEND_UNCONFIRMED')
    expect(repo.find(id)).toMatchObject({ attempts: 2, sentCheckDue: true })
    repo.requeue(id, NOW)
    expect(repo.find(id)!.sentCheckDue).toBe(true)
  })

  it('lets the user’s Retry send once past a Sent it cannot read, and asks again after another try', () => {
    const { repo, add } = setup()
    const id = add('<blind@me.test>')
    const other = add('<plain@me.test>')
    repo.markSending(id)
    repo.markFailed(id, 'Sent cannot be read', 'SENT_UNREADABLE')
    repo.markSending(other)
    repo.markFailed(other, '550 no such user', 'SEND_FAILED')
    expect(repo.find(id)!.resendConfirmed).toBe(false)
    repo.requeue(id, NOW)
    repo.requeue(other, NOW)
    expect(repo.find(id)).toMatchObject({ state: 'queued', resendConfirmed: true })
    // A refusal of the server's own is not a "may have gone": Sent is still looked at.
    expect(repo.find(other)!.resendConfirmed).toBe(false)
    // Send now again before it ran keeps the choice.
    repo.requeue(id, NOW)
    expect(repo.find(id)!.resendConfirmed).toBe(true)
    // The attempt consumes it: interrupted, the next one looks in Sent (and asks) again.
    repo.markSending(id)
    expect(repo.find(id)).toMatchObject({ state: 'sending', resendConfirmed: false })
  })

  it('drops the bytes once sent and counts sent and pending mail of the last 24 hours for the cap', () => {
    const { repo, caps, add } = setup()
    const sent = add('<d@me.test>')
    add('<e@me.test>')
    repo.markSent(sent, { threadId: 1, sentFolder: 'Sent', at: NOW })
    expect(repo.raw(sent)).toBeNull()
    expect(caps.countedForCap(1, NOW + 1000)).toEqual({ sent: 1, waiting: 1 })
    expect(caps.countedForCap(1, NOW + 25 * 60 * 60_000)).toEqual({ sent: 0, waiting: 1 })
  })

  it('counts mail scheduled for a later day on that day, not against today’s cap', () => {
    const { caps, add } = setup()
    const DAY = 24 * 60 * 60_000
    add('<today@me.test>')
    add('<next-week@me.test>', NOW + 7 * DAY)
    expect(caps.countedForCap(1, NOW)).toEqual({ sent: 0, waiting: 1 })
    expect(caps.countedForCap(1, NOW + 7 * DAY)).toEqual({ sent: 0, waiting: 2 })
  })

  it('points the scheduler at the earliest send time or backoff', () => {
    const { repo, add } = setup()
    const later = add('<f@me.test>', NOW + 60_000)
    add('<g@me.test>', NOW + 120_000)
    expect(repo.nextDueAt()).toBe(NOW + 60_000)
    repo.markSending(later)
    repo.markRefusedForNow(later, 'busy', NOW + 300_000)
    expect(repo.nextDueAt()).toBe(NOW + 120_000)
    expect(repo.accountsWithDue(NOW + 130_000)).toEqual([1])
    expect(repo.due(1, NOW + 130_000, false).map((r) => r.messageId)).toEqual(['<g@me.test>'])
  })

  it('finds due rows through the outbox_due index', () => {
    const { db } = setup()
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE account_id = 1 AND state IN ('queued', 'sending', 'accepted')
          AND send_at <= 5 ORDER BY send_at, id`
      )
      .all() as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX outbox_due/)
  })
})

describe('a sending attempt', () => {
  it('sends nothing when the message is undone while the attempt waits for the server', async () => {
    const ws = memoryWorkspace()
    const repo = new OutboxRepository(ws.db)
    const id = repo.insert({
      accountId: 1,
      messageId: '<undo@me.test>',
      subject: 'Quote',
      recipients: ['bob@client.test'],
      raw: Buffer.from('Message-ID: <undo@me.test>\r\n\r\nHi'),
      sendAt: NOW,
      now: NOW
    })
    // The first attempt has no Sent folder yet and lists the server's folders: the user presses
    // Undo while that answer is on its way.
    let answerList!: () => void
    const listed = new Promise<void>((resolve) => (answerList = resolve))
    let listing!: () => void
    const listStarted = new Promise<void>((resolve) => (listing = resolve))
    const client = {
      ...openSessionState(),
      capabilities: new Map(),
      list: async () => {
        listing()
        await listed
        return []
      }
    } as unknown as ImapFlow
    let loggedIn = false
    const accountService = {
      credentials: async () => {
        loggedIn = true
        throw new Error('SMTP must not be reached')
      }
    } as unknown as AccountService
    const attempt = attemptSend(
      {
        db: ws.db,
        repo,
        accounts: new AccountRepository(ws.db),
        accountService,
        folders: new FolderRepository(ws.db),
        store: ws.store,
        now: () => NOW,
        log: () => undefined
      },
      { client, errors: new CommandErrors() },
      repo.find(id)!
    )
    await listStarted
    expect(repo.remove(id)).toBe(true)
    answerList()
    await attempt
    expect(loggedIn).toBe(false)
    expect(repo.find(id)).toBeNull()
  })
})

describe('a refused Sent copy', () => {
  const refusal = (serverResponseCode: string | undefined, responseText: string) =>
    Object.assign(new Error('Command failed'), { serverResponseCode, responseText })

  it('is tried again on its own when refused for now, further apart each time, then left to Retry', () => {
    const full = refusal('OVERQUOTA', 'Quota exceeded (mailbox for user is full)')
    const waits = Array.from(
      { length: 10 },
      (_, before) => copyRefusal(full, 'imap.test', before, NOW).retryAt
    )
    expect(copyRefusal(full, 'imap.test', 0, NOW)).toEqual({
      text: 'Quota exceeded (mailbox for user is full)',
      retryAt: NOW + 60_000
    })
    const minutes = waits.map((at) => (at === null ? null : (at - NOW) / 60_000))
    expect(minutes).toEqual([1, 5, 15, 30, 60, 120, 240, 480, 720, null])
    expect(copyRefusal(refusal('unavailable', 'Try later'), 'imap.test', 0, NOW).retryAt).toBe(NOW + 60_000)
    expect(copyRefusal(refusal('INUSE', 'Locked'), 'imap.test', 0, NOW).retryAt).toBe(NOW + 60_000)
  })

  it('waits for Retry when refused for good or without a reason code', () => {
    expect(copyRefusal(refusal('NOPERM', 'Permission denied'), 'imap.test', 0, NOW)).toEqual({
      text: 'Permission denied',
      retryAt: null
    })
    expect(copyRefusal(refusal(undefined, 'No'), 'imap.test', 0, NOW).retryAt).toBeNull()
  })
})
