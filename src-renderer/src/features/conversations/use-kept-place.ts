import { useCallback, useLayoutEffect, useRef, type RefObject } from 'react'

type Place = { id: string; offset: number }

/**
 * Scrolled away from the top, rows arriving or leaving above the view (new mail, a conversation
 * moving to the top) must not move the rows in view, as in Gmail: the first row wholly in view
 * stays where it is, found again by its id once the rows change. Not the row partly out at the top
 * edge, as the virtualizer's own anchoring does: a reply to that conversation moves it to the top,
 * and the view went along with it. At the very top new mail shows above instead.
 *
 * Rows are all `rowHeight` tall. Returns what to call with the scroll offset whenever it changes.
 */
export function useKeptPlace(
  listRef: RefObject<HTMLElement | null>,
  rows: ReadonlyArray<{ id: string }>,
  rowHeight: number
): (scrollTop: number) => void {
  const kept = useRef<Place | null>(null)
  /** The rows the kept place was taken among: the last ones laid out. */
  const shown = useRef(rows)

  const remember = useCallback(
    (scrollTop: number) => {
      const index = Math.ceil(scrollTop / rowHeight)
      const row = shown.current[index]
      kept.current = row ? { id: row.id, offset: index * rowHeight - scrollTop } : null
    },
    [rowHeight]
  )

  useLayoutEffect(() => {
    const list = listRef.current
    const place = kept.current
    if (list && place && list.scrollTop > 0 && shown.current !== rows) {
      const index = rows.findIndex((row) => row.id === place.id)
      const top = index * rowHeight - place.offset
      if (index >= 0 && Math.abs(top - list.scrollTop) >= 1) list.scrollTop = top
    }
    shown.current = rows
    remember(list?.scrollTop ?? 0)
  }, [rows, listRef, rowHeight, remember])

  return remember
}
