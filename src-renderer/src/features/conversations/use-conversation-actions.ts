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
  /** A member (null: nobody) and/or a team (null: none); what is left out stays as it is. */
  assign: (id: string, to: { memberId?: string | null; teamId?: string | null }) => Promise<boolean>
  pending: boolean
  error: ApiError | null
  clearError: () => void
}

/** The browser's (the user's) IANA time zone, when it tells it. */
function userTimeZone(): { timeZone?: string } {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return timeZone ? { timeZone } : {}
}

export function useConversationActions(): ConversationActions {
  const { run, pending, error, clearError } = useCommandRunner()

  return {
    close: useCallback((id) => run('conversations.close', { conversationId: id }), [run]),
    open: useCallback((id) => run('conversations.open', { conversationId: id }), [run]),
    unsnooze: useCallback((id) => run('conversations.unsnooze', { conversationId: id }), [run]),
    // A preset's 09:00 is the user's: in web mode the core may run in another time zone.
    snooze: useCallback(
      (id, choice) =>
        run('conversations.snooze', {
          conversationId: id,
          ...choice,
          ...('preset' in choice ? userTimeZone() : {})
        }),
      [run]
    ),
    assign: useCallback((id, to) => run('conversations.assign', { conversationId: id, ...to }), [run]),
    pending,
    error,
    clearError
  }
}
