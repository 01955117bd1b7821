// The contact's leads: title, stage in the pipeline and value; new ones are linked to the contact.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useQuery } from '../../api/use-query'
import { AddForm } from '../../components/AddForm'
import { SaveError } from '../../components/SaveError'
import { formatLocale } from '../../i18n/regional-locale'

export function ContactLeads({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation()
  const leads = useQuery('leads.list', { contactId }, ['leads'])
  const stages = useQuery('leads.stages', {}, ['leads', 'stages'])
  // A failed stage change shows under the lead it was made on.
  const [moveError, setMoveError] = useState<{ leadId: string; error: ApiError } | null>(null)
  const move = async (leadId: string, stage: string) => {
    const response = await callCommand('leads.update', { leadId, stage })
    setMoveError(response.ok ? null : { leadId, error: response.error })
  }
  const [title, setTitle] = useState('')
  const money = new Intl.NumberFormat(formatLocale(i18n.language), { maximumFractionDigits: 2 })
  return (
    <section className="drawer-section" aria-labelledby="contact-leads-title" data-testid="contact-leads">
      <h3 id="contact-leads-title">{t('crm.contact.leads')}</h3>
      <SaveError error={leads.error} />
      <ul className="drawer-list">
        {(leads.data ?? []).map((lead) => (
          <li key={lead.id} data-testid="lead" data-stage={lead.stage}>
            <span>
              <strong>{lead.title}</strong>
              <span className="drawer-list__detail">{money.format(lead.value)}</span>
            </span>
            <select
              value={lead.stage}
              aria-label={t('crm.contact.leadStage', { title: lead.title })}
              onChange={(event) => void move(lead.id, event.target.value)}
            >
              {[...new Set([...(stages.data ?? []), lead.stage])].map((stage) => (
                <option key={stage} value={stage}>
                  {stage}
                </option>
              ))}
            </select>
            <SaveError error={moveError?.leadId === lead.id ? moveError.error : null} />
          </li>
        ))}
      </ul>
      <AddForm
        command="leads.create"
        input={() => ({ title, contactIds: [contactId] })}
        onAdded={() => setTitle('')}
        submitLabel={t('crm.contact.addLead')}
        className="define-field"
        testId="add-lead-form"
      >
        <input
          value={title}
          required
          aria-label={t('crm.contact.newLead')}
          placeholder={t('crm.contact.newLead')}
          onChange={(event) => setTitle(event.target.value)}
        />
      </AddForm>
    </section>
  )
}
