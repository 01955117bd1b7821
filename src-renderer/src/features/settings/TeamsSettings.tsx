// Teams (Sales, Support …): each gets its own inbox; members are ticked in or out.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { AddForm } from '../../components/AddForm'
import { SaveError } from '../../components/SaveError'
import type { People } from '../people/use-members'

export function TeamsSettings({ people }: { people: People }) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  // A failed tick shows under the team it was made in.
  const [tickError, setTickError] = useState<{ teamId: string; error: ApiError } | null>(null)
  const tick = async (teamId: string, memberId: string, inTeam: boolean) => {
    const response = await callCommand(inTeam ? 'teams.removeMember' : 'teams.addMember', {
      teamId,
      memberId
    })
    setTickError(response.ok ? null : { teamId, error: response.error })
  }
  return (
    <section className="settings-section" aria-labelledby="settings-teams">
      <h3 id="settings-teams">{t('crm.settings.teams')}</h3>
      {people.teams.map((team) => (
        <fieldset key={team.id} className="settings-team" data-testid="team">
          <legend>{team.name}</legend>
          {people.members.map((m) => {
            const inTeam = team.memberIds.includes(m.id)
            return (
              <label key={m.id} className="settings-check">
                <input type="checkbox" checked={inTeam} onChange={() => void tick(team.id, m.id, inTeam)} />
                {m.name || m.email}
              </label>
            )
          })}
          <SaveError error={tickError?.teamId === team.id ? tickError.error : null} />
        </fieldset>
      ))}
      <AddForm
        command="teams.add"
        input={() => ({ name })}
        onAdded={() => setName('')}
        submitLabel={t('crm.settings.addTeam')}
        className="settings-form"
        primary
        testId="add-team-form"
      >
        <input
          value={name}
          required
          placeholder={t('crm.settings.teamName')}
          aria-label={t('crm.settings.teamName')}
          onChange={(e) => setName(e.target.value)}
        />
      </AddForm>
    </section>
  )
}
