// Who may see a conversation, by role: one rule for the core, which enforces it (opening,
// listing, search, mention notifications), and the renderer, which offers mentions by it.
import type { Member } from './crm-shapes'

export type VisibilityTarget = { assigneeId: string | null; teamId: string | null }

/**
 * Owners, managers, and agents whose visibility is not limited see every conversation. A limited agent
 * sees those assigned to them and, with team visibility, those assigned to one of their teams.
 */
export function canSeeConversation(
  member: Pick<Member, 'id' | 'role' | 'visibility' | 'teamIds'>,
  conversation: VisibilityTarget
): boolean {
  if (member.role !== 'agent' || member.visibility === 'none') return true
  if (conversation.assigneeId === member.id) return true
  return (
    member.visibility === 'team' &&
    conversation.teamId !== null &&
    member.teamIds.includes(conversation.teamId)
  )
}
