// Custom fields (text, number, checkbox, date, time): the workspace defines them once, each
// contact fills them in place.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, Contact } from '../../../../src-preload/contract'
import { AddForm } from '../../components/AddForm'
import { SaveError } from '../../components/SaveError'
import { useQuery } from '../../api/use-query'
import { formatNumber } from '../../i18n/format'
import { updateContact } from './contact-edit'
import { InlineField } from './InlineField'

const TYPES = ['text', 'number', 'checkbox', 'date', 'time'] as const

export function CustomFields({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation()
  const fields = useQuery('contacts.fields', {}, ['fields'])
  // Checkboxes save on click, so their error is kept here, next to the box that failed.
  const [checkError, setCheckError] = useState<{ key: string; error: ApiError } | null>(null)
  // Only the field edited: the core merges it into the contact's, so a value saved since this
  // drawer last loaded (another window, the edit just before) is not put back as it was.
  const setValue = (key: string, value: string | number | boolean | null) =>
    updateContact(contact.id, { customFields: { [key]: value } })
  return (
    <section className="drawer-section" aria-labelledby="contact-custom-title">
      <h3 id="contact-custom-title">{t('crm.contact.customFields')}</h3>
      {(fields.data ?? []).map((def) => {
        const value = contact.customFields[def.key]
        if (def.type === 'checkbox') {
          return (
            <div key={def.key} data-testid={`field-custom-${def.key}`}>
              <label className="inline-field inline-field--check">
                <input
                  type="checkbox"
                  checked={value === true}
                  onChange={(event) =>
                    void setValue(def.key, event.target.checked).then((error) =>
                      setCheckError(error ? { key: def.key, error } : null)
                    )
                  }
                />
                {def.label}
              </label>
              <SaveError error={checkError?.key === def.key ? checkError.error : null} />
            </div>
          )
        }
        return (
          <InlineField
            key={def.key}
            id={`custom-${def.key}`}
            label={def.label}
            type={def.type}
            value={value === null || value === undefined ? '' : String(value)}
            // Shown as the region writes numbers ("2.500", not "2500"), as a lead's value is.
            display={
              typeof value === 'number'
                ? formatNumber(value, i18n.language, { maximumFractionDigits: 20 })
                : undefined
            }
            onSave={(text) =>
              setValue(def.key, text === '' ? null : def.type === 'number' ? Number(text) : text)
            }
          />
        )
      })}
      <DefineField />
    </section>
  )
}

/** A field's key from its label: "Renewal date" -> "renewal_date". */
function fieldKey(label: string): string {
  return (
    label
      .trim()
      .toLowerCase()
      .replace(/[^\w-]+/g, '_')
      .slice(0, 64) || 'field'
  )
}

// The new field appears through the core's `changed` event, in this drawer and every other.
function DefineField() {
  const { t } = useTranslation()
  const [label, setLabel] = useState('')
  const [type, setType] = useState<(typeof TYPES)[number]>('text')
  return (
    <AddForm
      command="contacts.defineField"
      input={() => ({ key: fieldKey(label), label: label.trim(), type })}
      onAdded={() => setLabel('')}
      submitLabel={t('crm.contact.addField')}
      className="define-field"
      testId="define-field-form"
    >
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
    </AddForm>
  )
}
