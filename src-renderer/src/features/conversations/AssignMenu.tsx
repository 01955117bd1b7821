// Assign a conversation to a member (or nobody), and optionally to a team.
import { useTranslation } from 'react-i18next'
import { Avatar } from '../../components/Avatar'
import { Popover } from '../../components/Popover'
import type { People } from '../people/use-members'

type Props = {
  people: People
  assigneeId: string | null
  teamId: string | null
  onAssign: (memberId: string | null, teamId?: string | null) => void
  onClose: () => void
}

export function AssignMenu({ people, assigneeId, teamId, onAssign, onClose }: Props) {
  const { t } = useTranslation()
  return (
    <Popover label={t('crm.assign.title')} onClose={onClose} testId="assign-menu">
      <p className="popover__title">{t('crm.assign.title')}</p>
      {people.members.map((member) => (
        <button
          key={member.id}
          type="button"
          className="popover__item"
          aria-pressed={member.id === assigneeId}
          data-testid="assign-member"
          onClick={() => onAssign(member.id)}
        >
          <Avatar name={member.name || member.email} small />
          {member.isLocal ? t('crm.assign.me', { name: member.name || member.email }) : member.name}
        </button>
      ))}
      <button
        type="button"
        className="popover__item"
        aria-pressed={assigneeId === null}
        onClick={() => onAssign(null)}
        data-testid="assign-nobody"
      >
        {t('crm.assign.nobody')}
      </button>
      {people.teams.length > 0 ? <p className="popover__title">{t('crm.assign.team')}</p> : null}
      {people.teams.map((team) => (
        <button
          key={team.id}
          type="button"
          className="popover__item"
          aria-pressed={team.id === teamId}
          onClick={() => onAssign(assigneeId, team.id === teamId ? null : team.id)}
        >
          {team.name}
        </button>
      ))}
    </Popover>
  )
}
