// The actions on a conversation (close, open, snooze, assign), each a contract call whose
// error is kept so the place that triggered it can show it.
import { useCallback } from 'react'
import type { ApiError } from '../../../../src-preload/contract'
import { useCommandRunner } from '../../api/use-command-runner'

export type SnoozeChoice = { preset: '1h' | '3h' | 'tomorrow' | 'next-monday' } | { until: string }

export type ConversationActions = {
  close: (id: string) => Promise<boolean>
  open: (id: string) => Promise<boolean>
  unsnooze: (id: string) => Promise<boolean>
  snooze: (id: string, choice: SnoozeChoice) => Promise<boolean>
  assign: (id: string, memberId: string | null, teamId?: string | null) => Promise<boolean>
  pending: boolean
  error: ApiError | null
  clearError: () => void
}

export function useConversationActions(): ConversationActions {
  const { run, pending, error, clearError } = useCommandRunner()

  return {
    close: useCallback((id) => run('conversations.close', { conversationId: id }), [run]),
    open: useCallback((id) => run('conversations.open', { conversationId: id }), [run]),
    unsnooze: useCallback((id) => run('conversations.unsnooze', { conversationId: id }), [run]),
    snooze: useCallback(
      (id, choice) => run('conversations.snooze', { conversationId: id, ...choice }),
      [run]
    ),
    assign: useCallback(
      (id, memberId, teamId) =>
        run('conversations.assign', {
          conversationId: id,
          memberId,
          ...(teamId === undefined ? {} : { teamId })
        }),
      [run]
    ),
    pending,
    error,
    clearError
  }
}
