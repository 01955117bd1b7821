// i18next set up once, before the first render, so that render already has its strings. English
// (also the fallback) is bundled; another language is fetched only when it is the one in use.
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
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
  document.documentElement.lang = language
  setPreferredLocales(navigator.languages)
  return i18next
}
