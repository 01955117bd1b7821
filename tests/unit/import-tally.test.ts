// What a folder will hold once a pass has imported it, worked out from its STATUS before the pass
// opens it: the same figure planUids comes to, so the account's overall total does not move as
// each folder starts.
import { describe, expect, it } from 'vitest'
import { expectedTotal } from '../../src-main/core/sync/import-tally'

const neverSynced = { uidValidity: null, uidNext: null }
const synced = { uidValidity: 7, uidNext: 1001 }

describe('a folder expected total', () => {
  it('is the newest N of a folder never synced, or all of it', () => {
    expect(expectedTotal(neverSynced, 0, { messages: 8000, uidNext: 8001, uidValidity: 7n }, 500)).toBe(500)
    expect(expectedTotal(neverSynced, 0, { messages: 300, uidNext: 301, uidValidity: 7n }, 500)).toBe(300)
    expect(expectedTotal(neverSynced, 0, { messages: 8000, uidNext: 8001, uidValidity: 7n }, 'all')).toBe(
      8000
    )
  })

  it('counts the mail a resumed import stored as part of the folder', () => {
    const resumed = { uidValidity: 7, uidNext: null }
    expect(expectedTotal(resumed, 4525, { messages: 8000, uidNext: 8001, uidValidity: 7n }, 'all')).toBe(8000)
  })

  it('adds new mail in full to a folder already at its window', () => {
    expect(expectedTotal(synced, 500, { messages: 1010, uidNext: 1011, uidValidity: 7n }, 500)).toBe(510)
  })

  it('does not count UIDs taken by mail expunged again as new mail', () => {
    // 10 UIDs taken since the last pass, 6 of them expunged again: 4 new messages.
    expect(expectedTotal(synced, 300, { messages: 304, uidNext: 1011, uidValidity: 7n }, 500)).toBe(304)
  })

  it('fills a deeper window below the new mail', () => {
    expect(expectedTotal(synced, 500, { messages: 1010, uidNext: 1011, uidValidity: 7n }, 800)).toBe(800)
  })

  it('starts a renumbered folder over, never below what it holds until its pass comes', () => {
    expect(expectedTotal(synced, 500, { messages: 600, uidNext: 601, uidValidity: 8n }, 'all')).toBe(600)
    expect(expectedTotal(synced, 500, { messages: 100, uidNext: 101, uidValidity: 8n }, 'all')).toBe(500)
  })
})
