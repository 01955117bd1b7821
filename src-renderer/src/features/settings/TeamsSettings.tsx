// Teams (Sales, Support …): each gets its own inbox; members are ticked in or out.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'
import type { People } from '../people/use-members'

export function TeamsSettings({ people }: { people: People }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const add = useMutation('teams.add')
  const join = useMutation('teams.addMember')
  const leave = useMutation('teams.removeMember')
  const [name, setName] = useState('')
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const response = await add.run({ name })
    if (response.ok) setName('')
  }
  const error = add.error ?? join.error ?? leave.error
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
                <input
                  type="checkbox"
                  checked={inTeam}
                  onChange={() => void (inTeam ? leave : join).run({ teamId: team.id, memberId: m.id })}
                />
                {m.name || m.email}
              </label>
            )
          })}
        </fieldset>
      ))}
      <form className="settings-form" onSubmit={(event) => void submit(event)}>
        <input
          value={name}
          required
          placeholder={t('crm.settings.teamName')}
          aria-label={t('crm.settings.teamName')}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small button--primary" disabled={add.pending}>
          {t('crm.settings.addTeam')}
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
