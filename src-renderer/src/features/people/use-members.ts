// Members and teams of the workspace, for avatars, assign menus and @-mentions.
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Member, Team } from '../../../../src-preload/contract'
import { PEOPLE_TABLES as TABLES } from '../../api/first-screen'
import { useQuery } from '../../api/use-query'

export type People = {
  members: Member[]
  teams: Team[]
  byId: Map<string, Member>
  me: Member | null
}

export function usePeople(): People {
  const { t } = useTranslation()
  const members = useQuery('members.list', {}, TABLES)
  const teams = useQuery('teams.list', {}, TABLES)
  return useMemo(() => {
    // Every member gets a display name: the local user may not have told us theirs yet.
    const list = (members.data ?? []).map((m) => ({
      ...m,
      name: m.name || m.email || (m.isLocal ? t('crm.you') : '?')
    }))
    return {
      members: list,
      teams: teams.data ?? [],
      byId: new Map(list.map((m) => [m.id, m])),
      me: list.find((m) => m.isLocal) ?? null
    }
  }, [members.data, teams.data, t])
}
