// What a message body needs to show find-in-conversation matches: its matches and the active
// one. It reports its count to the find bar, which sums the conversation.
import { useEffect, useMemo } from 'react'
import { findInText, type TextRange } from './find-in-text'
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

/** A sanitized HTML body with its matches marked, for the sandboxed frame. */
export function useHtmlFindMarks(messageId: number, bodyHtml: string): string {
  const { query, active } = useFindInMessage(messageId)
  const marked = useMemo(() => markHtml(bodyHtml, query, active), [bodyHtml, query, active])
  useReportCount(messageId, marked.count)
  return marked.html
}
