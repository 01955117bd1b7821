// A lead stage as the user reads it. Stages are stored by name and a workspace is shared between
// teammates in different UI languages, so the stored names stay as they are: the pipeline's
// default names are only shown translated, and a stage the team named itself is shown as typed.
import { useCallback } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { DEFAULT_LEAD_STAGES } from '../../../src-preload/contract'

const defaults: ReadonlySet<string> = new Set(DEFAULT_LEAD_STAGES)

/** "新建" for the stored default "New" in Chinese; any other name, even "new", as stored. */
export function stageLabel(t: TFunction, stage: string): string {
  return defaults.has(stage) ? t(`crm.stage.${stage}`, { defaultValue: stage }) : stage
}

export function useStageLabel(): (stage: string) => string {
  const { t } = useTranslation()
  return useCallback((stage: string) => stageLabel(t, stage), [t])
}
