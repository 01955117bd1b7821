// A value shown as text that becomes an input on click; Enter or leaving the field saves,
// Escape cancels. The save's error stays under the field.
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { SaveError } from '../../components/SaveError'
import { isComposing } from '../../components/composing'
import { editableNumber, parseLocaleNumber } from '../../i18n/parse-number'
import { formatLocale } from '../../i18n/regional-locale'
import { useCarriedEdits } from './carried-edit'

type Props = {
  id: string
  label: string
  value: string
  type?: 'text' | 'number' | 'date' | 'time' | 'email'
  placeholder?: string
  /** The value as shown when not being edited (a number formatted for the locale); else `value`. */
  display?: string
  onSave: (value: string) => Promise<ApiError | null>
  /**
   * What to show for a refused save instead of the plain error (null: the plain error). `saveAgain`
   * saves another value in the field's place, as Enter would, after the user resolved the refusal.
   */
  renderError?: (error: ApiError, draft: string, saveAgain: (value: string) => void) => ReactNode
}

export function InlineField(props: Props) {
  const { id, label, value, type = 'text', placeholder, display, onSave, renderError } = props
  const { t, i18n } = useTranslation()
  const edits = useCarriedEdits()
  // A number is typed as the region writes it ("2.500.000,75" in Indonesian) and saved as the
  // stored form ("2500000.75"); null for what is not a number.
  const locale = formatLocale(i18n.language)
  const stored = (text: string): string | null => {
    if (type !== 'number' || text.trim() === '') return text
    const number = parseLocaleNumber(text, locale)
    return number === null ? null : String(number)
  }
  // Text typed in this field of a contact merged away meanwhile: the edit goes on here.
  const [carried] = useState(() => edits.take(id))
  const [editing, setEditing] = useState(carried !== null)
  const [draft, setDraft] = useState(carried ?? value)
  useEffect(() => {
    edits.note(id, editing ? draft : null)
  }, [edits, id, editing, draft])
  const [error, setError] = useState<ApiError | null>(null)
  // The text the shown error refused: only that is not sent again on the way to the error's button.
  const [refused, setRefused] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // The value when editing began: left unchanged, the field saves nothing, so a value saved
  // meanwhile in another window is not put back as it was.
  const [base, setBase] = useState(value)
  // Enter or Escape ends the edit from the keyboard: focus goes back to the field's button.
  const button = useRef<HTMLButtonElement>(null)
  const [refocus, setRefocus] = useState(false)
  useEffect(() => {
    if (editing || !refocus) return
    setRefocus(false)
    button.current?.focus()
  }, [editing, refocus])

  const start = () => {
    setDraft(type === 'number' ? editableNumber(value, locale) : value)
    setBase(value)
    setError(null)
    setEditing(true)
  }
  const save = async (fromKeyboard = false, text = draft) => {
    if (saving) return
    const next = stored(text)
    if (next === null) {
      setError({ code: 'INVALID_INPUT', message: 'Not a number.' })
      return
    }
    if (next === base || next === value) {
      setRefocus(fromKeyboard)
      setEditing(false)
      return
    }
    setSaving(true)
    const failure = await onSave(next)
    setSaving(false)
    setError(failure)
    setRefused(failure ? text : null)
    if (!failure) {
      setRefocus(fromKeyboard)
      setEditing(false)
    }
  }
  const saveAgain = (text: string) => {
    setDraft(text)
    void save(true, text)
  }
  // Focus going to what the error offers (its button) is not leaving the field: saved on the way,
  // the refused value would be sent again while the user acts on the refusal. A value changed
  // since is saved (Tab reaches that button first): skipped, it was never saved at all.
  const onBlur = (event: FocusEvent<HTMLInputElement>) => {
    const toError = event.relatedTarget && event.currentTarget.parentElement?.contains(event.relatedTarget)
    if (toError && draft === refused) return
    void save()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    // An input method composing (CJK) owns Enter (it confirms the characters) and Escape.
    if (isComposing(event)) return
    if (event.key === 'Enter') {
      event.preventDefault()
      void save(true)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setRefocus(true)
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
          // Text, not a number input, which refuses the region's separators (see parse-number).
          type={type === 'number' ? 'text' : type}
          inputMode={type === 'number' ? 'decimal' : undefined}
          value={draft}
          autoFocus
          // Read-only, not disabled, while saving: a disabled input drops the focus to the page,
          // so after a refused save the next keys went to the list's shortcuts (`e` closed the
          // conversation, Escape the drawer) instead of fixing the value.
          readOnly={saving}
          aria-busy={saving || undefined}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
        />
      ) : (
        <button
          ref={button}
          type="button"
          id={`contact-${id}`}
          className="inline-field__value"
          onClick={start}
          title={t('crm.contact.edit')}
        >
          {(display ?? value) || (
            <span className="inline-field__empty">{placeholder ?? t('crm.contact.empty')}</span>
          )}
        </button>
      )}
      {error && renderError ? (
        (renderError(error, draft, saveAgain) ?? <SaveError error={error} />)
      ) : (
        <SaveError error={error} />
      )}
    </div>
  )
}
