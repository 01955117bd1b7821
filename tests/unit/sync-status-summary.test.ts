import { describe, expect, it } from 'vitest'
import type { SyncState } from '../../src-preload/contract'
import { summarize } from '../../src-renderer/src/features/sync-status/use-sync-states'

const state = (overrides: Partial<SyncState>): SyncState => ({
  accountId: 1,
  state: 'up-to-date',
  lastSyncAt: null,
  error: null,
  ...overrides
})

describe('sync status summary', () => {
  it('is offline with the changes waiting when an account cannot reach its server', () => {
    const summary = summarize([
      state({
        state: 'error',
        error: { code: 'HOST_UNREACHABLE', message: 'no route' },
        pendingChanges: 3
      }),
      state({ accountId: 2, pendingChanges: 1 })
    ])
    expect(summary).toMatchObject({ kind: 'error', offline: true, pendingChanges: 4, errorAccountId: 1 })
  })

  it('says when the offline mailbox was last in step, not when another mailbox was', () => {
    const summary = summarize([
      state({
        accountId: 1,
        state: 'error',
        error: { code: 'HOST_UNREACHABLE', message: 'no route' },
        lastSyncAt: '2026-03-01T09:00:00.000Z'
      }),
      state({ accountId: 2, lastSyncAt: '2026-03-04T09:00:00.000Z' })
    ])
    expect(summary).toMatchObject({ offline: true, lastSyncAt: '2026-03-01T09:00:00.000Z' })
    // All in step: the newest of them.
    expect(
      summarize([state({ accountId: 2, lastSyncAt: '2026-03-04T09:00:00.000Z' }), state({})]).lastSyncAt
    ).toBe('2026-03-04T09:00:00.000Z')
  })

  it('is not offline for other errors, and counts no changes when none are reported', () => {
    const summary = summarize([state({ state: 'error', error: { code: 'AUTH_FAILED', message: 'no' } })])
    expect(summary).toMatchObject({ kind: 'error', offline: false, pendingChanges: 0 })
  })

  it('lists every failing mailbox, those that need a password first, so none is hidden behind another', () => {
    const summary = summarize([
      state({ accountId: 1, state: 'error', error: { code: 'HOST_UNREACHABLE', message: 'no route' } }),
      state({ accountId: 2 }),
      state({ accountId: 3, state: 'error', error: { code: 'AUTH_FAILED', message: 'no' } }),
      state({ accountId: 4, state: 'error', error: { code: 'SECRET_MISSING', message: 'gone' } })
    ])
    expect(summary.failures.map((f) => f.accountId)).toEqual([3, 4, 1])
    expect(summary).toMatchObject({ kind: 'error', errorAccountId: 3, offline: false })
  })

  it('lists the mailboxes waiting for sign-in while another syncs, so their forms stay', () => {
    const summary = summarize([
      state({ accountId: 1, state: 'syncing' }),
      state({ accountId: 2, state: 'error', error: { code: 'AUTH_FAILED', message: 'no' } }),
      state({ accountId: 3, state: 'error', error: { code: 'HOST_UNREACHABLE', message: 'no route' } })
    ])
    expect(summary).toMatchObject({ kind: 'syncing', needSignIn: [2] })
  })

  it('counts the messages every mailbox could not store, whatever the status', () => {
    const summary = summarize([
      state({ accountId: 1, unstoredMessages: 2 }),
      state({ accountId: 2, state: 'syncing', unstoredMessages: 1 }),
      state({ accountId: 3 })
    ])
    expect(summary).toMatchObject({ kind: 'syncing', unstoredMessages: 3 })
  })

  it('says new mail is checked, not pushed, while any mailbox’s server refuses IDLE', () => {
    expect(summarize([state({ accountId: 1 }), state({ accountId: 2, pushPaused: true })])).toMatchObject({
      kind: 'up-to-date',
      pushPaused: true
    })
    expect(summarize([state({ accountId: 1, pushPaused: false })]).pushPaused).toBe(false)
  })
})
