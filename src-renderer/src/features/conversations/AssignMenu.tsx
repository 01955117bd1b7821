// Assign a conversation to a member (or nobody), or to a team. Each choice sends only what it
// changes: a team picked while the conversation is still loading (or changed in another window
// since) keeps whoever it is assigned to.
import { useTranslation } from 'react-i18next'
import { Avatar } from '../../components/Avatar'
import { Popover } from '../../components/Popover'
import type { People } from '../people/use-members'

type Props = {
  people: People
  /** The conversation's assignee and team; undefined while it loads (nothing shows as chosen). */
  current: { assigneeId: string | null; teamId: string | null } | undefined
  onAssign: (to: { memberId?: string | null; teamId?: string | null }) => void
  onClose: () => void
}

export function AssignMenu({ people, current, onAssign, onClose }: Props) {
  const { t } = useTranslation()
  return (
    <Popover label={t('crm.assign.title')} onClose={onClose} testId="assign-menu">
      <p className="popover__title">{t('crm.assign.title')}</p>
      {people.members.map((member) => (
        <button
          key={member.id}
          type="button"
          className="popover__item"
          aria-pressed={member.id === current?.assigneeId}
          data-testid="assign-member"
          onClick={() => onAssign({ memberId: member.id })}
        >
          <Avatar name={member.name || member.email} small />
          {member.isLocal ? t('crm.assign.me', { name: member.name || member.email }) : member.name}
        </button>
      ))}
      <button
        type="button"
        className="popover__item"
        aria-pressed={current?.assigneeId === null}
        onClick={() => onAssign({ memberId: null })}
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
          aria-pressed={team.id === current?.teamId}
          onClick={() => onAssign({ teamId: team.id === current?.teamId ? null : team.id })}
        >
          {team.name}
        </button>
      ))}
    </Popover>
  )
}
