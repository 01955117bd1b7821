// i18next set up once, before the first render, so that render already has its strings. English
// (also the fallback) is bundled; another language is fetched only when it is the one in use.
import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { formatNumber } from './format'
import en from './locales/en.json'
import { setPreferredLocales } from './regional-locale'

export const supportedLanguages = ['en', 'id', 'zh-CN'] as const
export type Language = (typeof supportedLanguages)[number]

/** Picks the best bundled language for the browser's preference list. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    if (lower === 'id' || lower.startsWith('id-') || lower === 'in') return 'id'
    if (lower.startsWith('zh')) return 'zh-CN'
    if (lower.startsWith('en')) return 'en'
  }
  return 'en'
}

const otherLanguages = {
  id: () => import('./locales/id.json'),
  'zh-CN': () => import('./locales/zh-CN.json')
}

/**
 * Numbers in the strings, written {{count, number}}, formatted as every other number the UI shows
 * (format.ts): i18next's own `number` knows the UI language only, not the user's region of it.
 * A value that is not a number (the strings give this format to numbers only) is shown as it is.
 */
export function addNumberFormat(instance: i18n): void {
  instance.services.formatter?.add('number', (value: unknown, lng: string | undefined) =>
    typeof value === 'number' ? formatNumber(value, lng ?? instance.language) : String(value)
  )
}

export async function initI18n(
  language: Language = pickLanguage(navigator.languages)
): Promise<typeof i18next> {
  const translation = language === 'en' ? null : (await otherLanguages[language]()).default
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ...(translation ? { [language]: { translation } } : {}) },
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
    // React escapes text itself; escaping here would double-escape sender names like "A & B".
    interpolation: { escapeValue: false }
  })
  addNumberFormat(i18next)
  document.documentElement.lang = language
  setPreferredLocales(navigator.languages)
  return i18next
}
