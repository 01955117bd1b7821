// i18next set up once, synchronously, with every bundled language (they are small), so the
// first render already has its strings.
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from './locales/en.json'
import id from './locales/id.json'
import zhCN from './locales/zh-CN.json'

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

export function initI18n(language: Language = pickLanguage(navigator.languages)): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, id: { translation: id }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
    // React escapes text itself; escaping here would double-escape sender names like "A & B".
    interpolation: { escapeValue: false }
  })
  document.documentElement.lang = language
  return i18next
}
