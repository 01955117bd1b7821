// Workspace members: name, email, role and (for agents) what they may see. On one machine the
// local user is the owner; others are added here and arrive with team workspaces.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, CommandInput } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { AddForm } from '../../components/AddForm'
import { SaveError } from '../../components/SaveError'
import type { People } from '../people/use-members'

const ROLES = ['owner', 'manager', 'agent'] as const
const VISIBILITY = ['none', 'team', 'own'] as const

export function MembersSettings({ people }: { people: People }) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<'manager' | 'agent'>('agent')
  // A failed role or visibility change shows under the member it was made on.
  const [updateError, setUpdateError] = useState<{ memberId: string; error: ApiError } | null>(null)
  const update = async (input: CommandInput<'members.update'>) => {
    const response = await callCommand('members.update', input)
    setUpdateError(response.ok ? null : { memberId: input.memberId, error: response.error })
  }
  return (
    <section className="settings-section" aria-labelledby="settings-members">
      <h3 id="settings-members">{t('crm.settings.members')}</h3>
      <table className="settings-table">
        <thead>
          <tr>
            <th>{t('crm.settings.name')}</th>
            <th>{t('crm.settings.email')}</th>
            <th>{t('crm.settings.role')}</th>
            <th>{t('crm.settings.visibility')}</th>
          </tr>
        </thead>
        <tbody>
          {people.members.map((m) => (
            <tr key={m.id} data-testid="member-row">
              <td>{m.name || '—'}</td>
              <td>
                {m.email}
                <SaveError error={updateError?.memberId === m.id ? updateError.error : null} />
              </td>
              <td>
                <select
                  value={m.role}
                  disabled={m.isLocal}
                  aria-label={t('crm.settings.roleOf', { name: m.name })}
                  onChange={(e) =>
                    void update({ memberId: m.id, role: e.target.value as (typeof ROLES)[number] })
                  }
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`crm.role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  value={m.visibility}
                  disabled={m.role !== 'agent'}
                  aria-label={t('crm.settings.visibilityOf', { name: m.name })}
                  onChange={(e) =>
                    void update({ memberId: m.id, visibility: e.target.value as (typeof VISIBILITY)[number] })
                  }
                >
                  {VISIBILITY.map((v) => (
                    <option key={v} value={v}>
                      {t(`crm.visibility.${v}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddForm
        command="members.add"
        input={() => ({ name, email, role })}
        onAdded={() => {
          setName('')
          setEmail('')
        }}
        submitLabel={t('crm.settings.addMember')}
        className="settings-form"
        primary
        testId="add-member-form"
      >
        <input
          value={name}
          required
          placeholder={t('crm.settings.name')}
          aria-label={t('crm.settings.name')}
          onChange={(e) => setName(e.target.value)}
        />
        <input
          type="email"
          value={email}
          required
          placeholder={t('crm.settings.email')}
          aria-label={t('crm.settings.email')}
          onChange={(e) => setEmail(e.target.value)}
        />
        <select
          value={role}
          aria-label={t('crm.settings.role')}
          onChange={(e) => setRole(e.target.value as typeof role)}
        >
          <option value="agent">{t('crm.role.agent')}</option>
          <option value="manager">{t('crm.role.manager')}</option>
        </select>
      </AddForm>
    </section>
  )
}
