// What a message body needs to show find-in-conversation matches: its matches and the active
// one. It reports its count to the find bar, which sums the conversation.
import { useEffect, useMemo } from 'react'
import { sanitizeMailHtml } from '../thread/sanitize-mail-html'
import { findInText, foldNeedle, isFindable, type TextRange } from './find-in-text'
import { markHtml } from './mark-html'
import { useFindInMessage, useFindStore } from './find-store'

export type FindMarks = { ranges: TextRange[]; active: number | null }

function useReportCount(messageId: number, count: number): void {
  useEffect(() => {
    useFindStore.getState().reportCount(messageId, count)
  }, [messageId, count])
}

/** Matches in a plain-text body, as ranges into the text. */
export function useTextFindMarks(messageId: number, text: string): FindMarks {
  const { query, active } = useFindInMessage(messageId)
  const ranges = useMemo(() => findInText(text, query), [text, query])
  useReportCount(messageId, ranges.length)
  return { ranges, active }
}

/**
 * A sanitized HTML body with its matches marked, for the sandboxed frame, and how many of them
 * are in its folded quote.
 */
export function useHtmlFindMarks(messageId: number, bodyHtml: string): { html: string; quoted: number } {
  const { query, active } = useFindInMessage(messageId)
  const marked = useMemo(() => markHtml(bodyHtml, query, active), [bodyHtml, query, active])
  useReportCount(messageId, marked.count)
  return marked
}

/**
 * For a message shown as one line (its body not rendered): counts the matches its body would
 * mark, and reports them, so the conversation's counter is the same whether a message is open or
 * not, and the pane opens every message with a match (see use-message-fold.ts). Image options
 * change no text, so the count is the one HtmlBody or TextBody reports.
 */
export function useFindCountOnly(message: { id: number; html: string | null; text: string | null }): void {
  const { query } = useFindInMessage(message.id)
  const count = useMemo(() => {
    if (!isFindable(foldNeedle(query))) return 0
    if (message.html) {
      const { body } = sanitizeMailHtml(message.html, { allowRemoteImages: false })
      return markHtml(body, query, null).count
    }
    return message.text ? findInText(message.text, query).length : 0
  }, [message.html, message.text, query])
  useReportCount(message.id, count)
}
