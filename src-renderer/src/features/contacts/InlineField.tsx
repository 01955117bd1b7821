// A value shown as text that becomes an input on click; Enter or leaving the field saves,
// Escape cancels. The save's error stays under the field.
import { useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { SaveError } from '../../components/SaveError'

type Props = {
  id: string
  label: string
  value: string
  type?: 'text' | 'number' | 'date' | 'time' | 'email'
  placeholder?: string
  onSave: (value: string) => Promise<ApiError | null>
}

export function InlineField({ id, label, value, type = 'text', placeholder, onSave }: Props) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(value)
  const [error, setError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)

  const start = () => {
    setDraft(value)
    setError(null)
    setEditing(true)
  }
  const save = async () => {
    if (saving) return
    if (draft === value) {
      setEditing(false)
      return
    }
    setSaving(true)
    const failure = await onSave(draft)
    setSaving(false)
    setError(failure)
    if (!failure) setEditing(false)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      void save()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setEditing(false)
      setError(null)
    }
  }

  return (
    <div className="inline-field" data-testid={`field-${id}`}>
      <label className="inline-field__label" htmlFor={`contact-${id}`}>
        {label}
      </label>
      {editing ? (
        <input
          id={`contact-${id}`}
          type={type}
          value={draft}
          autoFocus
          disabled={saving}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => void save()}
        />
      ) : (
        <button
          type="button"
          id={`contact-${id}`}
          className="inline-field__value"
          onClick={start}
          title={t('crm.contact.edit')}
        >
          {value || <span className="inline-field__empty">{placeholder ?? t('crm.contact.empty')}</span>}
        </button>
      )}
      <SaveError error={error} />
    </div>
  )
}
