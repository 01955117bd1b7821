// Members and teams of the workspace, for avatars, assign menus and @-mentions.
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Member, Team } from '../../../../src-preload/contract'
import { PEOPLE_TABLES as TABLES } from '../../api/first-screen'
import { useQuery } from '../../api/use-query'
import { sortByName } from '../../i18n/name-order'

export type People = {
  members: Member[]
  teams: Team[]
  byId: Map<string, Member>
  me: Member | null
}

export function usePeople(): People {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const members = useQuery('members.list', {}, TABLES)
  const teams = useQuery('teams.list', {}, TABLES)
  return useMemo(() => {
    // Every member gets a display name: the local user may not have told us theirs yet.
    const named = (members.data ?? []).map((m) => ({
      ...m,
      name: m.name || m.email || (m.isLocal ? t('crm.you') : '?')
    }))
    // The user first (assign to me), then the others in the order of the user's language.
    const list = sortByName(named, language, (m) => m.name).sort(
      (a, b) => Number(b.isLocal) - Number(a.isLocal)
    )
    return {
      members: list,
      teams: sortByName(teams.data ?? [], language, (team) => team.name),
      byId: new Map(list.map((m) => [m.id, m])),
      me: list.find((m) => m.isLocal) ?? null
    }
  }, [members.data, teams.data, t, language])
}
