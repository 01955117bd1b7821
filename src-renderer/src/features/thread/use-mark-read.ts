import { useEffect, useRef } from 'react'
import type { MessageDetail } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'

/**
 * Marks the thread read when it is shown and again when new mail arrives in it, but not when
 * the user marks a message unread while reading (the message count has not changed).
 */
export function useMarkRead(
  threadId: number,
  unreadCount: number | undefined,
  messageCount: number | undefined
) {
  const seenAt = useRef<number | null>(null)
  useEffect(() => {
    if (messageCount === undefined || seenAt.current === messageCount) return
    seenAt.current = messageCount
    if (unreadCount) void callCommand('threads.markRead', { threadId })
  }, [threadId, unreadCount, messageCount])
}

export function oldestFirst(messages: MessageDetail[]): MessageDetail[] {
  return [...messages].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id - b.id)
}
