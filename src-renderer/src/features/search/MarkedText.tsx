import { segmentText, type TextRange } from './find-in-text'

type Props = {
  text: string
  ranges: readonly TextRange[]
  /** Where `text` starts in the text the ranges count in (a part of a longer body). */
  offset?: number
  /** Index of the active range, styled apart (find in conversation). */
  active?: number | null
}

/**
 * Text with ranges in <mark>, built from React text nodes: mail and search snippets are
 * hostile text and are never parsed as HTML.
 */
export function MarkedText({ text, ranges, offset = 0, active = null }: Props) {
  const end = offset + text.length
  const local: TextRange[] = []
  const indexes: number[] = []
  ranges.forEach(([a, b], index) => {
    if (b <= offset || a >= end) return
    local.push([Math.max(a, offset) - offset, Math.min(b, end) - offset])
    indexes.push(index)
  })
  if (local.length === 0) return <>{text}</>
  return (
    <>
      {segmentText(text, local).map((segment, i) => {
        if (segment.match === null) return segment.text
        const isActive = indexes[segment.match] === active
        return (
          <mark
            key={i}
            className={isActive ? 'search-mark search-mark--active' : 'search-mark'}
            data-find-active={isActive ? 'true' : undefined}
          >
            {segment.text}
          </mark>
        )
      })}
    </>
  )
}
