// The pipeline's default stages are stored by their English names, which teammates in other UI
// languages share: only shown translated, exactly those names, and a stage the team named itself
// as typed.
import { beforeAll, describe, expect, it } from 'vitest'
import type { TFunction } from 'i18next'
import { DEFAULT_LEAD_STAGES } from '../../src-preload/contract'
import { stageLabel } from '../../src-renderer/src/i18n/stage-label'
import { inLanguage } from './fixtures/in-language'

const t: Record<string, TFunction> = {}
beforeAll(async () => {
  for (const lang of ['en', 'id', 'zh-CN']) t[lang] = (await inLanguage(lang)) as TFunction
})
const labels = (lang: string, stages: readonly string[]) => stages.map((s) => stageLabel(t[lang]!, s))

describe('a lead stage as the user reads it', () => {
  it('is a default stage in the user’s language', () => {
    expect(labels('en', DEFAULT_LEAD_STAGES)).toEqual(['New', 'Qualified', 'Proposal', 'Won', 'Lost'])
    expect(labels('id', DEFAULT_LEAD_STAGES)).toEqual([
      'Baru',
      'Terkualifikasi',
      'Penawaran',
      'Menang',
      'Kalah'
    ])
    expect(labels('zh-CN', DEFAULT_LEAD_STAGES)).toEqual(['新建', '已确认', '方案报价', '赢单', '输单'])
  })

  it('is a stage the team named itself as typed, even one that only looks like a default', () => {
    const own = ['Quote sent', '报价已发', 'new', ' New', 'Won ', 'toString', 'constructor']
    expect(labels('zh-CN', own)).toEqual(own)
    expect(labels('id', own)).toEqual(own)
  })
})
