// Custom fields (text, number, checkbox, date, time): the workspace defines them once, each
// contact fills them in place.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { updateContact } from './contact-edit'
import { InlineField } from './InlineField'

const TYPES = ['text', 'number', 'checkbox', 'date', 'time'] as const

export function CustomFields({ contact }: { contact: Contact }) {
  const { t } = useTranslation()
  const fields = useQuery('contacts.fields', {}, ['fields'])
  const setValue = (key: string, value: string | number | boolean | null) =>
    updateContact(contact.id, { customFields: { ...contact.customFields, [key]: value } })
  return (
    <section className="drawer-section" aria-labelledby="contact-custom-title">
      <h3 id="contact-custom-title">{t('crm.contact.customFields')}</h3>
      {(fields.data ?? []).map((def) => {
        const value = contact.customFields[def.key]
        if (def.type === 'checkbox') {
          return (
            <label key={def.key} className="inline-field inline-field--check">
              <input
                type="checkbox"
                checked={value === true}
                onChange={(event) => void setValue(def.key, event.target.checked)}
              />
              {def.label}
            </label>
          )
        }
        return (
          <InlineField
            key={def.key}
            id={`custom-${def.key}`}
            label={def.label}
            type={def.type}
            value={value === null || value === undefined ? '' : String(value)}
            onSave={(text) =>
              setValue(def.key, text === '' ? null : def.type === 'number' ? Number(text) : text)
            }
          />
        )
      })}
      <DefineField onDefined={fields.reload} />
    </section>
  )
}

function DefineField({ onDefined }: { onDefined: () => void }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const define = useMutation('contacts.defineField')
  const [label, setLabel] = useState('')
  const [type, setType] = useState<(typeof TYPES)[number]>('text')
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const key =
      label
        .trim()
        .toLowerCase()
        .replace(/[^\w-]+/g, '_')
        .slice(0, 64) || 'field'
    const response = await define.run({ key, label: label.trim(), type })
    if (response.ok) {
      setLabel('')
      onDefined()
    }
  }
  return (
    <form className="define-field" onSubmit={(event) => void submit(event)}>
      <input
        value={label}
        required
        aria-label={t('crm.contact.newFieldLabel')}
        placeholder={t('crm.contact.newFieldLabel')}
        onChange={(event) => setLabel(event.target.value)}
      />
      <select
        value={type}
        aria-label={t('crm.contact.newFieldType')}
        onChange={(e) => setType(e.target.value as typeof type)}
      >
        {TYPES.map((value) => (
          <option key={value} value={value}>
            {t(`crm.fieldType.${value}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small" disabled={define.pending}>
        {t('crm.contact.addField')}
      </button>
      {define.error ? (
        <p className="field__error" role="alert">
          {describeError(define.error)}
        </p>
      ) : null}
    </form>
  )
}
