import { useEffect, useRef } from 'react'
import type { MessageDetail } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'

/**
 * Marks the thread read when it is shown and again when new mail arrives in it (the message
 * count grows), but not when the user marks a message unread while reading (the count has not
 * changed), nor when the thread loses a message (split off, purged from Trash): that is no new
 * mail to read, and would undo the user's "mark unread".
 */
export function useMarkRead(
  threadId: number,
  unreadCount: number | undefined,
  messageCount: number | undefined
) {
  const seenAt = useRef<number | null>(null)
  useEffect(() => {
    if (messageCount === undefined || seenAt.current === messageCount) return
    const before = seenAt.current
    seenAt.current = messageCount
    if (before !== null && messageCount < before) return
    if (unreadCount) void callCommand('threads.markRead', { threadId })
  }, [threadId, unreadCount, messageCount])
}

export function oldestFirst(messages: MessageDetail[]): MessageDetail[] {
  return [...messages].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id - b.id)
}
