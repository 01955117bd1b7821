// The virtualized thread list. Only the rows in view exist in the DOM, so an inbox of any
// size scrolls smoothly; the next page is fetched when the view nears the end.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useUiStore } from '../../store/ui-store'
import { threadRowId, ThreadRow } from './ThreadRow'
import { useListKeyboard } from './use-list-keyboard'
import type { ThreadPages } from './use-thread-pages'

const ROW_HEIGHT = 76
/** Start fetching the next page this many rows before the end. */
const LOAD_AHEAD = 20

export function ThreadList({ pages }: { pages: ThreadPages }) {
  const { t } = useTranslation()
  const { rows, hasMore, loadingMore, loadMore, error } = pages
  const listRef = useRef<HTMLDivElement>(null)
  const selectedThreadId = useUiStore((state) => state.selectedThreadId)
  const openThreadId = useUiStore((state) => state.openThreadId)
  const selectThread = useUiStore((state) => state.selectThread)
  const openThread = useUiStore((state) => state.openThread)

  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8
  })
  const items = virtualizer.getVirtualItems()
  const lastVisible = items.at(-1)?.index ?? -1

  // Re-checked after every page (loadingMore flips back), so a tall window fills itself. Not
  // after an error, which would retry in a tight loop; the next `changed` refresh clears it.
  useEffect(() => {
    if (hasMore && !error && lastVisible >= rows.length - LOAD_AHEAD) loadMore()
  }, [hasMore, error, lastVisible, rows.length, loadMore, loadingMore])

  const selectedIndex = rows.findIndex((row) => row.id === selectedThreadId)
  useListKeyboard({
    count: rows.length,
    selectedIndex,
    listRef,
    onSelect: (index) => {
      const row = rows[index]
      if (!row) return
      selectThread(row.id)
      virtualizer.scrollToIndex(index, { align: 'auto' })
    },
    onOpen: (index) => {
      const row = rows[index]
      if (row) openThread(row.id)
    }
  })

  return (
    <div
      ref={listRef}
      className="thread-list"
      role="listbox"
      tabIndex={0}
      aria-label={t('inbox.listLabel')}
      aria-activedescendant={
        selectedThreadId !== null && selectedIndex >= 0 ? threadRowId(selectedThreadId) : undefined
      }
      data-testid="thread-list"
    >
      <div className="thread-list__sizer" style={{ height: virtualizer.getTotalSize() }} role="presentation">
        {items.map((item) => {
          const row = rows[item.index]
          const style = { height: item.size, transform: `translateY(${item.start}px)` }
          if (!row) {
            return (
              <div key="more" className="thread-list__more" style={style} role="presentation">
                {t('inbox.loadingMore')}
              </div>
            )
          }
          return (
            <ThreadRow
              key={row.id}
              thread={row}
              selected={row.id === selectedThreadId}
              open={row.id === openThreadId}
              position={item.index + 1}
              setSize={hasMore ? undefined : rows.length}
              style={style}
              onClick={() => openThread(row.id)}
            />
          )
        })}
      </div>
    </div>
  )
}
