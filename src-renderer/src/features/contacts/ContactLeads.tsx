// The contact's leads: title, value and stage in the pipeline, each editable in place and
// deletable (with Undo); new ones are linked to the contact, and to the conversation open beside
// the drawer when it is this contact's.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, Lead } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useQuery } from '../../api/use-query'
import { AddForm } from '../../components/AddForm'
import { SaveError } from '../../components/SaveError'
import { formatNumber } from '../../i18n/format'
import { useStageLabel } from '../../i18n/stage-label'
import { useUiStore } from '../../store/ui-store'
import { UndoNote } from '../../components/UndoNote'
import { InlineField } from './InlineField'

export function ContactLeads({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation()
  const leads = useQuery('leads.list', { contactId }, ['leads'])
  const stages = useQuery('leads.stages', {}, ['leads', 'stages'])
  const stageLabel = useStageLabel()
  const conversationId = useOpenConversationOf(contactId)
  // A failed stage change or delete shows under the lead it was made on.
  const [rowError, setRowError] = useState<{ leadId: string; error: ApiError } | null>(null)
  const settle = (leadId: string, response: { ok: true } | { ok: false; error: ApiError }) =>
    setRowError(response.ok ? null : { leadId, error: response.error })
  const move = async (leadId: string, stage: string) =>
    settle(leadId, await callCommand('leads.update', { leadId, stage }))
  const setValue = async (leadId: string, text: string): Promise<ApiError | null> => {
    const response = await callCommand('leads.update', { leadId, value: text === '' ? 0 : Number(text) })
    return response.ok ? null : response.error
  }
  // The lead deleted last, offered back until Undo or the next delete.
  const [deleted, setDeleted] = useState<Lead | null>(null)
  const [restoring, setRestoring] = useState(false)
  const remove = async (lead: Lead) => {
    const response = await callCommand('leads.delete', { leadId: lead.id })
    settle(lead.id, response)
    if (response.ok) setDeleted(lead)
  }
  const restore = async (lead: Lead) => {
    setRestoring(true)
    const response = await callCommand('leads.restore', { leadId: lead.id })
    setRestoring(false)
    settle(lead.id, response)
    return response.ok
  }
  // The Delete button went with its row: the keyboard goes on from Undo, not from the page.
  useEffect(() => {
    if (!deleted || (document.activeElement && document.activeElement !== document.body)) return
    document.querySelector<HTMLElement>('[data-testid="lead-undo-button"]')?.focus()
  }, [deleted])
  const [title, setTitle] = useState('')
  return (
    <section className="drawer-section" aria-labelledby="contact-leads-title" data-testid="contact-leads">
      <h3 id="contact-leads-title">{t('crm.contact.leads')}</h3>
      <SaveError error={leads.error} />
      <ul className="drawer-list">
        {(leads.data ?? []).map((lead) => (
          <li key={lead.id} className="lead-row" data-testid="lead" data-stage={lead.stage}>
            <span>
              <strong>{lead.title}</strong>
              <InlineField
                id={`lead-value-${lead.id}`}
                label={t('crm.contact.leadValue')}
                type="number"
                value={String(lead.value)}
                display={formatNumber(lead.value, i18n.language, { maximumFractionDigits: 2 })}
                onSave={(text) => setValue(lead.id, text)}
              />
            </span>
            <select
              value={lead.stage}
              aria-label={t('crm.contact.leadStage', { title: lead.title })}
              onChange={(event) => void move(lead.id, event.target.value)}
            >
              {[...new Set([...(stages.data ?? []), lead.stage])].map((stage) => (
                // The value is the stored name, which the core moves the lead to.
                <option key={stage} value={stage}>
                  {stageLabel(stage)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="link-button"
              data-testid="lead-delete"
              aria-label={t('crm.contact.deleteLead', { title: lead.title })}
              onClick={() => void remove(lead)}
            >
              {t('crm.contact.delete')}
            </button>
            <SaveError error={rowError?.leadId === lead.id ? rowError.error : null} />
          </li>
        ))}
      </ul>
      <UndoNote
        undo={
          deleted
            ? {
                label: t('crm.contact.leadDeleted', { title: deleted.title }),
                revert: () => restore(deleted)
              }
            : null
        }
        disabled={restoring}
        onUndone={() => setDeleted(null)}
        testId="lead-undo"
      />
      <SaveError error={deleted && rowError?.leadId === deleted.id ? rowError.error : null} />
      <AddForm
        command="leads.create"
        input={() => ({
          title,
          contactIds: [contactId],
          conversationIds: conversationId ? [conversationId] : []
        })}
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

/**
 * The conversation open in the reading pane, when it is this contact's: a lead added from the
 * drawer opened beside it belongs to that deal too. The drawer can also be opened from search,
 * beside someone else's conversation, which the lead is not linked to.
 */
function useOpenConversationOf(contactId: string): string | null {
  const threadId = useUiStore((state) => state.openThreadId)
  const open = useQuery('conversations.ofThread', threadId === null ? null : { threadId }, [
    'conversations',
    'contacts'
  ])
  return threadId !== null && open.data?.contactId === contactId ? open.data.id : null
}
