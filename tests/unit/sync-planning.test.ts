import { describe, expect, it } from 'vitest'
import { toServerError } from '../../src-main/core/mail-server/server-errors'
import { isLoopbackHost, toAsciiHost } from '../../src-main/core/mail-server/host-names'
import { chunk, planUids, toSequenceSet } from '../../src-main/core/sync/uid-plan'
import { claimOrder } from '../../src-main/core/sync/server-uids'
import { claimCopies } from '../../src-main/core/sync/uidvalidity-rematch'

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('which UIDs a pass fetches', () => {
  it('takes the newest N on the first pass, newest first', () => {
    const plan = planUids({
      serverUids: range(1, 10),
      uidNext: null,
      lowestSyncedUid: null,
      localCount: 0,
      purged: new Set(),
      limit: 3
    })
    expect(plan).toEqual({ newer: [], older: [10, 9, 8] })
  })

  it('takes only new mail once the window is full', () => {
    const plan = planUids({
      serverUids: range(1, 12),
      uidNext: 11,
      lowestSyncedUid: 8,
      localCount: 3,
      purged: new Set(),
      limit: 3
    })
    expect(plan).toEqual({ newer: [11, 12], older: [] })
  })

  it('neither fetches nor counts twice the new UIDs the folder holds already (placed by a move, or matched again)', () => {
    // Window 10: 21-30 were matched again after a renumbering but for 22, so the folder records
    // itself synced up to 21 only; 28-30 are gone from the server.
    const plan = planUids({
      serverUids: range(1, 27),
      uidNext: 22,
      lowestSyncedUid: 21,
      localCount: 6,
      purged: new Set(),
      limit: 10,
      stored: (uids) => new Set(uids.filter((uid) => uid !== 22))
    })
    expect(plan).toEqual({ newer: [22], older: [20, 19, 18] })
  })

  it('resumes an interrupted import below the lowest stored UID', () => {
    const plan = planUids({
      serverUids: range(1, 10),
      uidNext: 11,
      lowestSyncedUid: 9,
      localCount: 2,
      purged: new Set(),
      limit: 5
    })
    expect(plan).toEqual({ newer: [], older: [8, 7, 6] })
  })

  it('backfills everything when the limit is "all"', () => {
    const plan = planUids({
      serverUids: range(1, 6),
      uidNext: 7,
      lowestSyncedUid: 5,
      localCount: 2,
      purged: new Set(),
      limit: 'all'
    })
    expect(plan.older).toEqual([4, 3, 2, 1])
  })

  it('claims, after a renumbering, only the newest copies of a Message-ID Rapport had there', () => {
    const at = (uid: number, messagePk: number) => ({ uid, messagePk, flags: [] })
    // Message 7 was there once (an old twin sits at UID 1); message 8 twice.
    const { own, twins } = claimCopies(
      [at(1, 7), at(2, 8), at(21, 8), at(22, 7), at(23, 9)],
      new Map([
        [7, 1],
        [8, 2],
        [9, 1]
      ])
    )
    expect({ own: own.map((m) => m.uid), twins }).toEqual({ own: [2, 21, 22, 23], twins: [1] })
  })

  it('has a queued change claim, in a renumbered folder, the copy of the stored size first, then the newest', () => {
    // Stored at 120 bytes: UID 4 is that copy; of the namesakes, the newer one comes first.
    const copies = [
      { uid: 1, size: 90 },
      { uid: 4, size: 120 },
      { uid: 9, size: 150 },
      { uid: 6, size: 150 }
    ]
    expect(claimOrder(copies, 120)).toEqual([4, 9, 6, 1])
    // None of the stored size: the newest first, as claimCopies does.
    expect(claimOrder(copies, 100)).toEqual([9, 6, 4, 1])
  })

  it('counts mail purged from Trash toward the window, and never fetches it', () => {
    const plan = planUids({
      serverUids: range(1, 7),
      uidNext: 7,
      lowestSyncedUid: 4,
      localCount: 0,
      purged: new Set([4, 5, 6]),
      limit: 3
    })
    // UID 7 is new mail; UIDs 1-3 stay below the window the purged mail still fills.
    expect(plan).toEqual({ newer: [7], older: [] })
  })

  it('compresses UID sets and splits batches', () => {
    expect(toSequenceSet([5, 1, 2, 3, 9, 10, 7])).toBe('1:3,5,7,9:10')
    expect(chunk(range(1, 5), 2)).toEqual([[1, 2], [3, 4], [5]])
  })
})

describe('server error mapping', () => {
  it('maps an IMAP authentication failure to AUTH_FAILED on the password field', () => {
    const error = toServerError(
      { authenticationFailed: true, responseText: 'Authentication failed.' },
      'imap',
      'h'
    )
    expect(error).toMatchObject({ code: 'AUTH_FAILED', field: 'password' })
  })

  it("blames Rapport's own database, not the server, for a SQLite error during a pass", () => {
    const full = toServerError({ code: 'SQLITE_FULL', message: 'database or disk is full' }, 'imap', 'h')
    expect(full).toMatchObject({ code: 'SYNC_FAILED' })
    expect(full.message).toMatch(
      /^Rapport could not save what it fetched: the disk is full\. Free some space/
    )
    const other = toServerError({ code: 'SQLITE_IOERR', message: 'disk I/O error' }, 'imap', 'h')
    expect(other.message).toMatch(/SQLITE_IOERR \(disk I\/O error\)/)
    expect(other.message).not.toMatch(/server said/)
    // Two processes on one data directory (the app and a rapport command): say so, not "report this".
    const busy = toServerError({ code: 'SQLITE_BUSY', message: 'database is locked' }, 'imap', 'h')
    expect(busy.message).toMatch(/another Rapport process .* is writing to the same data directory/)
  })

  it('maps an SMTP 535 to AUTH_FAILED', () => {
    expect(
      toServerError({ code: 'EAUTH', responseCode: 535, message: 'Invalid login' }, 'smtp', 'h').code
    ).toBe('AUTH_FAILED')
  })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'CONNECT_TIMEOUT'])(
    'maps %s to HOST_UNREACHABLE',
    (code) => {
      expect(toServerError({ code, message: code }, 'imap', 'h')).toMatchObject({
        code: 'HOST_UNREACHABLE',
        field: 'imap.host'
      })
    }
  )

  it.each(['DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    'maps %s to TLS_INVALID',
    (code) => {
      expect(toServerError({ code, message: 'x' }, 'smtp', 'h')).toMatchObject({
        code: 'TLS_INVALID',
        field: 'smtp.host'
      })
    }
  )

  it('keeps the server text for anything else', () => {
    const error = toServerError({ message: '452 mailbox full' }, 'smtp', 'h')
    expect(error.code).toBe('SEND_FAILED')
    expect(error.message).toContain('452 mailbox full')
  })
})

describe('host names', () => {
  it('converts internationalized domains to punycode and keeps IP addresses', () => {
    expect(toAsciiHost('mail.bücher.example')).toBe('mail.xn--bcher-kva.example')
    expect(toAsciiHost('192.0.2.7')).toBe('192.0.2.7')
    expect(toAsciiHost('[::1]')).toBe('::1')
  })

  it('knows what loopback is', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('10.0.0.1')).toBe(false)
    expect(isLoopbackHost('imap.example.com')).toBe(false)
  })
})
