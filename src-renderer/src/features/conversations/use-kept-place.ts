import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react'

/** A row wholly in view, its neighbours then, and how far below the list's top edge it was. */
type Place = { id: string; before: string | null; after: string | null; offset: number }

/**
 * Scrolled away from the top, rows arriving or leaving above the view (new mail, a conversation
 * moving to the top) must not move the rows in view, as in Gmail: the first row wholly in view
 * stays where it is, found again by its id once the rows change. Not the row partly out at the top
 * edge, as the virtualizer's own anchoring does: a reply to that conversation moves it to the top,
 * and the view went along with it. A reply to the first row wholly in view moves that one away
 * too: a row is only kept in place while a neighbour it had is still beside it, so the next row
 * in view is kept instead. At the very top new mail shows above instead.
 *
 * Rows are all `rowHeight` tall. Returns what to call with the scroll offset whenever it changes.
 */
export function useKeptPlace(
  listRef: RefObject<HTMLElement | null>,
  rows: ReadonlyArray<{ id: string }>,
  rowHeight: number
): (scrollTop: number) => void {
  /** The rows wholly in view, first to last. */
  const kept = useRef<Place[]>([])
  /** The rows the kept place was taken among: the last ones laid out. */
  const shown = useRef(rows)

  const remember = useCallback(
    (scrollTop: number) => {
      const laidOut = shown.current
      const first = Math.ceil(scrollTop / rowHeight)
      const last = Math.floor((scrollTop + (listRef.current?.clientHeight ?? 0)) / rowHeight)
      const places: Place[] = []
      for (let index = first; index <= Math.max(first, last) && index < laidOut.length; index++)
        places.push({
          id: laidOut[index]!.id,
          before: laidOut[index - 1]?.id ?? null,
          after: laidOut[index + 1]?.id ?? null,
          offset: index * rowHeight - scrollTop
        })
      kept.current = places
    },
    [listRef, rowHeight]
  )

  // At every scroll: the virtualizer reports one only when the first or last row in view changes
  // (or it starts or stops scrolling), and a place kept from the start of a scroll pulled the list
  // back there when the rows changed before it stopped.
  useEffect(() => {
    const list = listRef.current
    if (!list) return
    const onScroll = () => remember(list.scrollTop)
    list.addEventListener('scroll', onScroll, { passive: true })
    return () => list.removeEventListener('scroll', onScroll)
  }, [listRef, remember])

  useLayoutEffect(() => {
    const list = listRef.current
    if (list && list.scrollTop > 0 && shown.current !== rows) {
      const place = keptAmong(kept.current, rows)
      const top = place && place.index * rowHeight - place.offset
      if (top !== null && Math.abs(top - list.scrollTop) >= 1) list.scrollTop = top
    }
    shown.current = rows
    remember(list?.scrollTop ?? 0)
  }, [rows, listRef, rowHeight, remember])

  return remember
}

/**
 * The first remembered row that did not move on its own: a neighbour it had is still beside it.
 * Null when one looked at is gone (archived, closed under Open): the rows below it close the gap,
 * the list staying where it is.
 */
function keptAmong(
  places: readonly Place[],
  rows: ReadonlyArray<{ id: string }>
): { index: number; offset: number } | null {
  const indexOf = new Map(rows.map((row, index) => [row.id, index]))
  for (const place of places) {
    const index = indexOf.get(place.id)
    if (index === undefined) return null
    const beside =
      (place.before !== null && indexOf.get(place.before) === index - 1) ||
      (place.after !== null && indexOf.get(place.after) === index + 1) ||
      (place.before === null && place.after === null)
    if (beside) return { index, offset: place.offset }
  }
  return null
}
