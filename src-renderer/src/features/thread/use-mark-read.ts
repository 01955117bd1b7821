import { useEffect, useRef } from 'react'
import type { MessageDetail } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useQuery } from '../../api/use-query'
import { isArchive } from '../composer/sending-mailboxes'

/**
 * Marks the thread read when it is shown and again when new mail arrives in it (the message
 * count grows), but not when the user marks a message unread while reading (the count has not
 * changed), nor when the thread loses a message (split off, purged from Trash): that is no new
 * mail to read, and would undo the user's "mark unread". Nor while the thread's mailbox is kept
 * as a read-only archive, or not known yet: the core refuses every change to an archive's mail.
 */
export function useMarkRead(
  thread: { id: number; accountId: number; unreadCount: number; messageCount: number } | undefined
) {
  const accounts = useQuery('accounts.list', {}, ['accounts'])
  const mailbox = accounts.data?.find((account) => account.id === thread?.accountId)
  const writable = mailbox ? !isArchive(mailbox) : false
  const threadId = thread?.id
  const unreadCount = thread?.unreadCount
  const messageCount = thread?.messageCount
  const seenAt = useRef<number | null>(null)
  useEffect(() => {
    // Not counted as seen: an archive signed in to again while it is open is marked read then.
    if (!writable || threadId === undefined) return
    if (messageCount === undefined || seenAt.current === messageCount) return
    const before = seenAt.current
    seenAt.current = messageCount
    if (before !== null && messageCount < before) return
    if (unreadCount) void callCommand('threads.markRead', { threadId })
  }, [writable, threadId, unreadCount, messageCount])
}

export function oldestFirst(messages: MessageDetail[]): MessageDetail[] {
  return [...messages].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id - b.id)
}
