import { describe, expect, it } from 'vitest'
import { parseDailyCap } from '../../src-renderer/src/features/account-settings/send-cap'

describe('the daily send cap typed in the mailbox settings', () => {
  it.each([
    ['1', 1],
    [' 500 ', 500],
    ['100000', 100_000]
  ])('accepts a whole number from 1 to 100000: %j', (text, value) => {
    expect(parseDailyCap(text)).toBe(value)
  })

  it.each(['', '0', '100001', '-5', '2.5', '1e3', 'abc'])('refuses %j', (text) => {
    expect(parseDailyCap(text)).toBeNull()
  })
})
