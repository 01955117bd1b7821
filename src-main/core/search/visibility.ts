import type { Member } from '../people/people-repository'

/**
 * The conversations a member may see, as a condition on `cv`: the rule of canSeeConversation
 * (src-preload/contract/conversation-visibility.ts) that conversations.list applies too. An
 * own-only agent sees the conversations assigned to them; a team-restricted agent also their teams'. Null: no
 * restriction. Adds the values it uses to `params`.
 */
export function visibleConversations(viewer: Member, params: Record<string, string | number>): string | null {
  if (viewer.role !== 'agent' || viewer.visibility === 'none') return null
  params.viewerId = viewer.id
  if (viewer.visibility === 'own') return 'cv.assignee_id = @viewerId'
  params.viewerTeams = JSON.stringify(viewer.teamIds)
  return '(cv.assignee_id = @viewerId OR cv.team_id IN (SELECT value FROM json_each(@viewerTeams)))'
}
