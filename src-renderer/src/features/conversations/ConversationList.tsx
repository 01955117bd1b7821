// The virtualized conversation list. Only the rows in view exist in the DOM, so an inbox of
// 100k conversations scrolls smoothly; the next keyset page is fetched near the end.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useCrmStore } from '../../store/crm-store'
import { useUiStore } from '../../store/ui-store'
import { useListKeyboard } from '../inbox/use-list-keyboard'
import type { People } from '../people/use-members'
import { conversationRowId, ConversationRow } from './ConversationRow'
import { selectionAfterChange } from './selection-after-change'
import type { ConversationActions } from './use-conversation-actions'
import type { ConversationPages } from './use-conversation-pages'
import { useKeptPlace } from './use-kept-place'

const ROW_HEIGHT = 84
/** Start fetching the next page this many rows before the end. */
const LOAD_AHEAD = 20

type Props = {
  pages: ConversationPages
  people: People
  actions: ConversationActions
  mailboxName: (accountId: number) => string
}

export function ConversationList({ pages, people, actions, mailboxName }: Props) {
  const { t } = useTranslation()
  const { rows, hasMore, loadingMore, loadMore, error } = pages
  const listRef = useRef<HTMLDivElement>(null)
  const selectedId = useCrmStore((state) => state.selectedConversationId)
  const openThreadId = useUiStore((state) => state.openThreadId)
  const select = useCrmStore((state) => state.selectConversation)
  const open = useCrmStore((state) => state.openConversation)

  const keepPlace = useKeptPlace(listRef, rows, ROW_HEIGHT)
  const itemKey = useCallback((index: number) => rows[index]?.id ?? 'more', [rows])
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: itemKey,
    onChange: (instance) => keepPlace(instance.scrollOffset ?? 0),
    // Before the list is measured, assume it is as tall as the window, so the very first
    // render already has rows instead of waiting for a measuring pass.
    initialRect: { width: 0, height: window.innerHeight },
    overscan: 8
  })
  const items = virtualizer.getVirtualItems()
  const lastVisible = items.at(-1)?.index ?? -1

  // Re-checked after every page, so a tall window fills itself; not after an error, which
  // would retry in a tight loop (the next `changed` refresh clears it).
  useEffect(() => {
    if (hasMore && !error && lastVisible >= rows.length - LOAD_AHEAD) loadMore()
  }, [hasMore, error, lastVisible, rows.length, loadMore, loadingMore])

  const selectedIndex = rows.findIndex((row) => row.id === selectedId)
  // When an action (or sync) takes the selected row out of the list, select the one in its place.
  const previousRows = useRef(rows)
  useEffect(() => {
    const before = previousRows.current
    previousRows.current = rows
    const next = selectionAfterChange(before, rows, useCrmStore.getState().selectedConversationId)
    if (next) select(next.id, next.threadId)
  }, [rows, select])
  useListKeyboard({
    count: rows.length,
    selectedIndex,
    listRef,
    onSelect: (index) => {
      const row = rows[index]
      if (!row) return
      select(row.id, row.threadId)
      virtualizer.scrollToIndex(index, { align: 'auto' })
    },
    onOpen: (index) => {
      const row = rows[index]
      if (row) open(row.id, row.threadId)
    }
  })

  return (
    <div
      ref={listRef}
      className="thread-list"
      role="listbox"
      tabIndex={0}
      aria-label={t('crm.list.label')}
      aria-activedescendant={
        selectedId !== null && selectedIndex >= 0 ? conversationRowId(selectedId) : undefined
      }
      data-testid="conversation-list"
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
            <ConversationRow
              key={row.id}
              conversation={row}
              mailbox={mailboxName(row.accountId)}
              people={people}
              actions={actions}
              selected={row.id === selectedId}
              open={row.threadId === openThreadId}
              position={item.index + 1}
              setSize={hasMore ? undefined : rows.length}
              style={style}
              onClick={() => open(row.id, row.threadId)}
            />
          )
        })}
      </div>
    </div>
  )
}
