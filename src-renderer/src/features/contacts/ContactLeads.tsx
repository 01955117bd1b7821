// The contact's leads: title, stage in the pipeline and value; new ones are linked to the contact.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'

export function ContactLeads({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const leads = useQuery('leads.list', { contactId }, ['leads'])
  const stages = useQuery('leads.stages', {}, ['leads', 'stages'])
  const create = useMutation('leads.create')
  const update = useMutation('leads.update')
  const [title, setTitle] = useState('')
  const add = async (event: FormEvent) => {
    event.preventDefault()
    const response = await create.run({ title, contactIds: [contactId] })
    if (response.ok) setTitle('')
  }
  const money = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 })
  const error = create.error ?? update.error ?? leads.error
  return (
    <section className="drawer-section" aria-labelledby="contact-leads-title" data-testid="contact-leads">
      <h3 id="contact-leads-title">{t('crm.contact.leads')}</h3>
      <ul className="drawer-list">
        {(leads.data ?? []).map((lead) => (
          <li key={lead.id} data-testid="lead">
            <span>
              <strong>{lead.title}</strong>
              <span className="drawer-list__detail">{money.format(lead.value)}</span>
            </span>
            <select
              value={lead.stage}
              aria-label={t('crm.contact.leadStage', { title: lead.title })}
              onChange={(event) => void update.run({ leadId: lead.id, stage: event.target.value })}
            >
              {[...new Set([...(stages.data ?? []), lead.stage])].map((stage) => (
                <option key={stage} value={stage}>
                  {stage}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <form className="define-field" onSubmit={(event) => void add(event)}>
        <input
          value={title}
          required
          aria-label={t('crm.contact.newLead')}
          placeholder={t('crm.contact.newLead')}
          onChange={(event) => setTitle(event.target.value)}
        />
        <button type="submit" className="button button--small" disabled={create.pending}>
          {t('crm.contact.addLead')}
        </button>
      </form>
      {error ? (
        <p className="field__error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
    </section>
  )
}
