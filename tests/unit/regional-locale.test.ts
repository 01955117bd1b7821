// Dates, times and numbers in the user's region of the UI language: a British user of the English
// UI reads 24-hour times and day-first dates; a Traditional-Chinese system keeps the Simplified
// UI's own formats.
import { afterEach, describe, expect, it } from 'vitest'
import { formatFullDate, formatListDate, formatSize } from '../../src-renderer/src/i18n/format'
import { regionalLocale, setPreferredLocales } from '../../src-renderer/src/i18n/regional-locale'
import { timeAgo } from '../../src-renderer/src/features/inboxes/inbox-ref'

afterEach(() => setPreferredLocales([]))

describe('regionalLocale', () => {
  it('takes the first preferred language that is the UI language, with its region', () => {
    expect(regionalLocale('en', ['fr-FR', 'en-GB', 'en-US'])).toBe('en-GB')
    expect(regionalLocale('id', ['id-ID'])).toBe('id-ID')
    expect(regionalLocale('id', ['in'])).toBe('id')
    expect(regionalLocale('zh-CN', ['zh-SG'])).toBe('zh-SG')
  })

  it('keeps the UI language when no preferred one is written like it', () => {
    expect(regionalLocale('en', ['fr-FR'])).toBe('en')
    expect(regionalLocale('en', [])).toBe('en')
    // Traditional script: the Simplified UI does not take its formats.
    expect(regionalLocale('zh-CN', ['zh-TW', 'zh-HK'])).toBe('zh-CN')
    expect(regionalLocale('en', ['not a tag'])).toBe('en')
  })
})

describe('formats in the user’s region', () => {
  const iso = '2026-11-02T14:05:00Z'
  const tz = process.env.TZ
  afterEach(() => {
    process.env.TZ = tz
  })

  it('writes a British user’s dates day first, with a 24-hour clock', () => {
    process.env.TZ = 'UTC'
    setPreferredLocales(['en-GB'])
    expect(formatFullDate(iso, 'en')).toBe('2 Nov 2026, 14:05')
    expect(formatListDate(iso, 'en', new Date('2026-11-02T18:00:00Z'))).toBe('14:05')
    expect(formatListDate(iso, 'en', new Date('2027-01-05T18:00:00Z'))).toBe('02/11/2026')
  })

  it('leaves an American user’s formats as they were', () => {
    process.env.TZ = 'UTC'
    setPreferredLocales(['en-US'])
    expect(formatFullDate(iso, 'en')).toBe('Nov 2, 2026, 2:05 PM')
  })

  it('says sizes and times ago in the regional locale too', () => {
    setPreferredLocales(['id-ID'])
    expect(formatSize(1.5 * 1024 * 1024, 'id')).toBe('1,5 MB')
    expect(timeAgo('2026-01-05T09:55:00Z', 'id', Date.parse('2026-01-05T10:00:00Z'))).toBe(
      '5 menit yang lalu'
    )
  })
})
