// The outbox's rules for what the SMTP server refused: recipients refused while the others got
// the message, refusals for now against tries that reached no server, a login refused for now,
// a certificate the client refuses, and the daily cap's 24-hour window.
import { describe, expect, it } from 'vitest'
import { toServerError } from '../../src-main/core/mail-server/server-errors'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import {
  afterFailure,
  capWaitUntil,
  classifySendError,
  MAX_TEMPORARY_ATTEMPTS
} from '../../src-main/core/outbox/outbox-state'
import { planSplit, refusalsOf } from '../../src-main/core/outbox/refused-recipients'
import { SendCapRepository } from '../../src-main/core/outbox/send-cap'
import { memoryWorkspace } from './fixtures/workspace'

const NOW = 1_800_000_000_000
const HOUR = 60 * 60_000
const fixed = () => 0.5

// What nodemailer resolves with when the server refused some recipients (taken from a real run).
const partlyRefused = {
  accepted: ['bob@x.test'],
  rejected: ['nobody@x.test', 'later@x.test'],
  rejectedErrors: [
    {
      code: 'EENVELOPE',
      response: '550 5.1.1 No such user here',
      responseCode: 550,
      recipient: 'nobody@x.test'
    },
    { code: 'EENVELOPE', response: '452 4.5.3 Too many', responseCode: 452, recipient: 'later@x.test' }
  ],
  response: '250 ok'
}

describe('recipients refused while the message went to the others', () => {
  it('reads who was refused, how, and the server’s words from nodemailer’s result', () => {
    expect(refusalsOf(partlyRefused)).toEqual([
      { address: 'nobody@x.test', kind: 'permanent', text: 'nobody@x.test: 550 5.1.1 No such user here' },
      { address: 'later@x.test', kind: 'temporary', text: 'later@x.test: 452 4.5.3 Too many' }
    ])
    expect(refusalsOf({ accepted: ['bob@x.test'], rejected: [], response: '250 ok' })).toEqual([])
    expect(refusalsOf(undefined)).toEqual([])
  })

  it('keeps the accepted recipients, retries those refused for now and fails those refused for good', () => {
    const plan = planSplit(
      ['Bob@x.test', 'Nobody@x.test', 'later@x.test'],
      refusalsOf(partlyRefused),
      0,
      NOW,
      fixed
    )
    expect(plan.accepted).toEqual(['Bob@x.test'])
    expect(plan.groups).toEqual([
      {
        recipients: ['later@x.test'],
        lastError: 'later@x.test: 452 4.5.3 Too many',
        next: {
          state: 'queued',
          retryAt: (afterFailure('temporary', 1, NOW, fixed) as { retryAt: number }).retryAt,
          refusedAttempts: 1
        }
      },
      // Spelled as the row had them, so a retry goes to the same address.
      {
        recipients: ['Nobody@x.test'],
        lastError: 'nobody@x.test: 550 5.1.1 No such user here',
        next: { state: 'failed' }
      }
    ])
  })

  it('fails recipients refused for now once the message was refused for now too often', () => {
    const plan = planSplit(
      ['bob@x.test', 'later@x.test'],
      refusalsOf({ ...partlyRefused, rejected: ['later@x.test'] }),
      MAX_TEMPORARY_ATTEMPTS - 1,
      NOW,
      fixed
    )
    expect(plan.groups).toEqual([
      {
        recipients: ['later@x.test'],
        lastError: 'later@x.test: 452 4.5.3 Too many',
        next: { state: 'failed' }
      }
    ])
  })
})

describe('rows for refused recipients', () => {
  const setup = () => {
    const ws = memoryWorkspace()
    const repo = new OutboxRepository(ws.db)
    const id = repo.insert({
      accountId: 1,
      messageId: '<split@me.test>',
      subject: 'Quote',
      recipients: ['bob@x.test', 'later@x.test'],
      raw: Buffer.from('Message-ID: <split@me.test>\r\n\r\nHi'),
      sendAt: NOW,
      now: NOW
    })
    return { repo, caps: new SendCapRepository(ws.db), id }
  }

  it('share the message’s bytes and Message-ID, learn its thread when it is stored, and take it when sent', () => {
    const { repo, caps, id } = setup()
    const later = repo.insertRefused({
      source: repo.find(id)!,
      recipients: ['later@x.test'],
      lastError: 'later@x.test: 452 4.5.3 Too many',
      next: { state: 'queued', retryAt: NOW + 30_000, refusedAttempts: 1 },
      now: NOW
    })
    repo.narrowRecipients(id, ['bob@x.test'])
    expect(repo.find(later)).toMatchObject({
      messageId: '<split@me.test>',
      completesId: id,
      threadId: null,
      state: 'queued'
    })
    expect(repo.raw(later)).toEqual(repo.raw(id))
    repo.markSent(id, { threadId: 7, sentFolder: 'Sent', at: NOW })
    expect(repo.find(later)).toMatchObject({ threadId: 7, sentFolder: 'Sent', state: 'queued' })
    repo.markCompletionSent(later, NOW + HOUR)
    expect(repo.find(later)).toMatchObject({
      state: 'sent',
      threadId: 7,
      sentFolder: 'Sent',
      lastError: null
    })
    expect(repo.find(id)!.recipients).toEqual(['bob@x.test'])
    // One message for the daily cap, and the Message-ID stays unique among queued messages.
    expect(caps.countedForCap(1, NOW + HOUR)).toEqual({ sent: 1, waiting: 0 })
    expect(() =>
      repo.insert({
        accountId: 1,
        messageId: '<split@me.test>',
        subject: 'x',
        recipients: ['a@x.test'],
        raw: Buffer.from('x'),
        sendAt: NOW,
        now: NOW
      })
    ).toThrow(/UNIQUE/)
  })
})

describe('what a failed SMTP try counts toward', () => {
  it('counts only refusals for now toward the limit; tries that reached no server just back off', () => {
    // The caller passes the count of this kind: 4xx refusals, or tries in a row without a server.
    expect(afterFailure('temporary', MAX_TEMPORARY_ATTEMPTS - 1, NOW, fixed).state).toBe('queued')
    expect(afterFailure('temporary', MAX_TEMPORARY_ATTEMPTS, NOW, fixed)).toEqual({ state: 'failed' })
    expect(afterFailure('offline', 100, NOW, fixed).state).toBe('queued')
    // No "retry as soon as IMAP works" flag: that is only for tries that found no IMAP connection.
    expect(afterFailure('offline', 1, NOW, fixed)).not.toHaveProperty('waitingOnline')
  })

  it('treats a certificate the client refuses as final, though nodemailer calls it a socket error', () => {
    const certificate = Object.assign(new Error('self-signed certificate'), {
      code: 'ESOCKET',
      originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT'
    })
    expect(classifySendError(certificate)).toBe('permanent')
    expect(toServerError(certificate, 'smtp', 'smtp.test')).toMatchObject({ code: 'TLS_INVALID' })
    expect(toServerError(certificate, 'smtp', 'smtp.test').message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/)
    expect(classifySendError(Object.assign(new Error('Connection closed'), { code: 'ESOCKET' }))).toBe(
      'offline'
    )
  })

  it('takes a login refused for now (4xx) as temporary, not as a wrong password; IMAP stays as it was', () => {
    const tooMany = Object.assign(new Error('Invalid login: 454 4.7.0 Too many login attempts'), {
      code: 'EAUTH',
      response: '454 4.7.0 Too many login attempts',
      responseCode: 454
    })
    const error = toServerError(tooMany, 'smtp', 'smtp.test')
    expect(error.code).toBe('SEND_FAILED')
    expect(error.message).toMatch(/454 4\.7\.0 Too many login attempts/)
    expect(error.message).not.toMatch(/rejected the user name or password|Invalid login/)
    expect(classifySendError(tooMany)).toBe('temporary')
    const refused = {
      code: 'EAUTH',
      response: '535 5.7.8 Authentication credentials invalid',
      responseCode: 535
    }
    expect(toServerError(refused, 'smtp', 'smtp.test').code).toBe('AUTH_FAILED')
    expect(toServerError({ code: 'EAUTH' }, 'smtp', 'smtp.test').code).toBe('AUTH_FAILED')
    expect(toServerError({ authenticationFailed: true }, 'imap', 'imap.test').code).toBe('AUTH_FAILED')
    expect(toServerError({ code: 'EAUTH', responseCode: 454 }, 'imap', 'imap.test').code).toBe('AUTH_FAILED')
  })
})

describe('the daily cap’s window', () => {
  it('lets a message go once fewer than the cap went out in the 24 hours before', () => {
    expect(capWaitUntil([], 1, NOW)).toBeNull()
    expect(capWaitUntil([NOW - 25 * HOUR], 1, NOW)).toBeNull()
    expect(capWaitUntil([NOW - HOUR], 1, NOW)).toBe(NOW + 23 * HOUR)
    // Cap 2, three sent: the second most recent must leave the window.
    expect(capWaitUntil([NOW - 3 * HOUR, NOW - HOUR, NOW - 2 * HOUR], 2, NOW)).toBe(NOW + 22 * HOUR)
    expect(capWaitUntil([NOW - 3 * HOUR], 2, NOW)).toBeNull()
  })
})
