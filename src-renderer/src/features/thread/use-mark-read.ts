import { useEffect, useRef } from 'react'
import type { MessageDetail } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'

/** Marks the thread read while it is shown, once per new message count (no loops). */
export function useMarkRead(
  threadId: number,
  unreadCount: number | undefined,
  messageCount: number | undefined
) {
  const markedAt = useRef<number | null>(null)
  useEffect(() => {
    if (!unreadCount || messageCount === undefined || markedAt.current === messageCount) return
    markedAt.current = messageCount
    void callCommand('threads.markRead', { threadId })
  }, [threadId, unreadCount, messageCount])
}

export function oldestFirst(messages: MessageDetail[]): MessageDetail[] {
  return [...messages].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id - b.id)
}
