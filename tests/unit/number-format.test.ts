// Counts as each UI language writes them: 2000 is "2,000" in English and Chinese and "2.000" in
// Indonesian, in translated text ({{count, number}}) as in a bare count (sidebar, unread badge),
// and sizes with the language's decimal separator. They showed "2000" in every language.
import { afterEach, describe, expect, it } from 'vitest'
import { formatNumber, formatSize } from '../../src-renderer/src/i18n/format'
import { setPreferredLocales } from '../../src-renderer/src/i18n/regional-locale'
import { inLanguage, locale } from './fixtures/in-language'

const languages = ['en', 'id', 'zh-CN'] as const

type Tree = { [key: string]: string | Tree }
const strings = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[prefix + key, value] as [string, string]]
      : strings(value, `${prefix}${key}.`)
  )

// The placeholders the renderer fills with a number (a count, a limit, a position).
const numeric = ['count', 'done', 'total', 'max', 'min', 'cap', 'current', 'seconds', 'maxTerms', 'maxLength']

afterEach(() => setPreferredLocales([]))

describe('numbers as the UI language writes them', () => {
  it.each([
    ['en', '2,000', '1.5 MB'],
    ['id', '2.000', '1,5 MB'],
    ['zh-CN', '2,000', '1.5 MB']
  ])('writes a bare count and a size in %s as %s and %s', (lang, count, size) => {
    expect(formatNumber(2000, lang)).toBe(count)
    expect(formatSize(1.5 * 1024 * 1024, lang)).toBe(size)
  })

  it('writes a size under a kilobyte in bytes, plural in English', () => {
    expect([formatSize(45, 'en'), formatSize(1, 'en'), formatSize(45, 'id')]).toEqual([
      '45 bytes',
      '1 byte',
      '45 byte'
    ])
  })

  it.each([
    ['en', 'Offline, 2,000 changes waiting', 'Importing INBOX: 4,525 / 8,000'],
    ['id', 'Luring, 2.000 perubahan menunggu', 'Mengimpor INBOX: 4.525 / 8.000'],
    ['zh-CN', '离线，2,000 项更改等待同步', '正在导入 INBOX：4,525 / 8,000']
  ])('writes the counts in %s text as %s', async (lang, offline, importing) => {
    const t = await inLanguage(lang)
    expect(t('sync.offline', { count: 2000 })).toBe(offline)
    expect(t('sync.progress.importing', { folder: 'INBOX', done: 4525, total: 8000 })).toBe(importing)
  })

  it('still picks the plural by the count', async () => {
    const t = await inLanguage('en')
    expect(t('sync.offline', { count: 1 })).toBe('Offline, 1 change waiting')
    expect(t('sync.offline', { count: 1000 })).toBe('Offline, 1,000 changes waiting')
  })

  it("writes counts in the text as the user's region of the language does, as other numbers", async () => {
    setPreferredLocales(['en-IN'])
    const t = await inLanguage('en')
    expect(t('sync.offline', { count: 1_000_000 })).toBe('Offline, 10,00,000 changes waiting')
    expect(formatNumber(1_000_000, 'en')).toBe('10,00,000')
  })

  it.each(languages)('formats every numeric placeholder in %s', (lang) => {
    const bare = new RegExp(`\\{\\{\\s*(${numeric.join('|')})\\s*\\}\\}`)
    expect(strings(locale(lang) as Tree).filter(([, text]) => bare.test(text))).toEqual([])
  })
})
