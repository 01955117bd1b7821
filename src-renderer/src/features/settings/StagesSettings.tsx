// The lead pipeline: one stage per line, in order. The stored names are shown and edited as they
// are, not translated: they are shared with teammates in other languages, and leads follow a
// renamed stage by name. Elsewhere the default names are shown in the user's language.
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { useStageLabel } from '../../i18n/stage-label'

export function StagesSettings() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const stages = useQuery('leads.stages', {}, ['leads', 'stages'])
  const save = useMutation('leads.setStages')
  const stageLabel = useStageLabel()
  // Said only when a stage here is shown under another name elsewhere (not to an English user).
  const shownTranslated = (stages.data ?? []).some((stage) => stageLabel(stage) !== stage)
  const [text, setText] = useState('')
  const [saved, setSaved] = useState(false)
  // The stored pipeline replaces what is typed when it changes, not each time it is read again
  // (every change to a lead re-reads it, which would throw away a pipeline being typed).
  const stored = stages.data?.join('\n')
  useEffect(() => {
    if (stored !== undefined) setText(stored)
  }, [stored])
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const list = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
    const response = await save.run({ stages: list })
    // The list itself follows through the core's `changed` event.
    setSaved(response.ok)
  }
  return (
    <section className="settings-section" aria-labelledby="settings-stages">
      <h3 id="settings-stages">{t('crm.settings.stages')}</h3>
      <form onSubmit={(event) => void submit(event)} className="settings-stages">
        <label htmlFor="pipeline-stages">{t('crm.settings.stagesHint')}</label>
        <textarea
          id="pipeline-stages"
          rows={6}
          value={text}
          // Not before the stored pipeline is in: its arrival would replace what was typed.
          disabled={stored === undefined}
          data-testid="pipeline-stages"
          aria-describedby={shownTranslated ? 'pipeline-stages-translated' : undefined}
          onChange={(e) => {
            setText(e.target.value)
            setSaved(false)
          }}
        />
        {shownTranslated ? (
          <p id="pipeline-stages-translated" className="field__hint" data-testid="pipeline-stages-translated">
            {t('crm.settings.stagesShownTranslated')}
          </p>
        ) : null}
        <button type="submit" className="button button--small button--primary" disabled={save.pending}>
          {t('crm.settings.saveStages')}
        </button>
        {saved ? <span role="status">{t('crm.settings.saved')}</span> : null}
      </form>
      {save.error ? (
        <p className="field__error" role="alert">
          {describeError(save.error)}
        </p>
      ) : null}
    </section>
  )
}
