// Snooze choices: 1 hour, 3 hours, tomorrow 09:00, next Monday 09:00 (the core computes these
// in the browser's time zone, which the snooze sends), or a custom date and time.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Popover } from '../../components/Popover'
import type { SnoozeChoice } from './use-conversation-actions'

const PRESETS = ['1h', '3h', 'tomorrow', 'next-monday'] as const

type Props = { onChoose: (choice: SnoozeChoice) => void; onClose: () => void }

export function SnoozeMenu({ onChoose, onClose }: Props) {
  const { t } = useTranslation()
  const [custom, setCustom] = useState('')
  const [invalid, setInvalid] = useState(false)
  const submitCustom = (event: FormEvent) => {
    event.preventDefault()
    const time = new Date(custom)
    if (!custom || Number.isNaN(time.getTime()) || time.getTime() <= Date.now()) {
      setInvalid(true)
      return
    }
    onChoose({ until: time.toISOString() })
  }
  return (
    <Popover label={t('crm.snooze.title')} onClose={onClose} testId="snooze-menu">
      <p className="popover__title">{t('crm.snooze.title')}</p>
      {PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          className="popover__item"
          data-testid={`snooze-${preset}`}
          onClick={() => onChoose({ preset })}
        >
          {t(`crm.snooze.${preset}`)}
        </button>
      ))}
      <form className="popover__form" onSubmit={submitCustom}>
        <label htmlFor="snooze-custom">{t('crm.snooze.custom')}</label>
        <input
          id="snooze-custom"
          type="datetime-local"
          value={custom}
          aria-invalid={invalid || undefined}
          onChange={(event) => {
            setCustom(event.target.value)
            setInvalid(false)
          }}
        />
        {invalid ? (
          <p className="field__error" role="alert">
            {t('crm.snooze.customInvalid')}
          </p>
        ) : null}
        <button type="submit" className="button button--small">
          {t('crm.snooze.apply')}
        </button>
      </form>
    </Popover>
  )
}
