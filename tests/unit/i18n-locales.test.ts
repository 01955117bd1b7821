// Every language has every key, with the same {{placeholders}}; every key family the renderer
// builds from a contract enum (errors.CODE, outbox.state.STATE, sync.progress.PHASE, ...) is
// complete in English, so no raw key ever reaches the screen.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCodes, SearchProblem } from '../../src-preload/contract/errors'
import { OutboxState } from '../../src-preload/contract/outbox-shapes'
import { ParseErrorCode, Security } from '../../src-preload/contract/mail-shapes'
import { ConversationStatus, DEFAULT_LEAD_STAGES } from '../../src-preload/contract/crm-shapes'
import { DetectionSource } from '../../src-preload/contract/provider-commands'

type Tree = { [key: string]: string | Tree }
const languages = ['en', 'id', 'zh-CN'] as const
const load = (lang: string) =>
  JSON.parse(readFileSync(`src-renderer/src/i18n/locales/${lang}.json`, 'utf8')) as Tree

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value)
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v)
  }
  return out
}

const flat = Object.fromEntries(languages.map((l) => [l, flatten(load(l))])) as Record<
  (typeof languages)[number],
  Map<string, string>
>
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort()

describe('locale files', () => {
  it.each(['id', 'zh-CN'] as const)('%s has exactly the keys of English', (lang) => {
    const en = [...flat.en.keys()]
    const other = [...flat[lang].keys()]
    expect(
      en.filter((k) => !flat[lang].has(k)),
      'missing'
    ).toEqual([])
    expect(
      other.filter((k) => !flat.en.has(k)),
      'extra'
    ).toEqual([])
  })

  it.each(['id', 'zh-CN'] as const)('%s uses the same placeholders as English', (lang) => {
    const wrong = [...flat.en].filter(
      ([k, v]) => flat[lang].has(k) && placeholders(v).join() !== placeholders(flat[lang].get(k)!).join()
    )
    expect(wrong.map(([k]) => k)).toEqual([])
  })

  it('has no empty strings', () => {
    for (const lang of languages)
      expect([...flat[lang]].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([])
  })

  it('has a sentence for every error code, outbox state, security setting, status, default lead stage, parse error, search problem and detection source', () => {
    const need = [
      ...errorCodes.map((c) => `errors.${c}`),
      ...OutboxState.options.map((s) => `outbox.state.${s}`),
      ...Security.options.map((s) => `onboarding.security.${s}`),
      ...ConversationStatus.options.map((s) => `crm.status.${s}`),
      ...DEFAULT_LEAD_STAGES.map((s) => `crm.stage.${s}`),
      ...ParseErrorCode.options.map((c) => `thread.parseErrorReason.${c}`),
      ...SearchProblem.shape.reason.options.map((r) => `search.problem.${r}`),
      ...DetectionSource.options.map((s) => `onboarding.detect.${s}`)
    ]
    expect(need.filter((k) => !flat.en.has(k))).toEqual([])
  })
})
