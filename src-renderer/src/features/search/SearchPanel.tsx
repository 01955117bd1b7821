// The results under the search bar: one tab per kind, each with its count, and the list of the
// chosen tab. A contact opens in the contact drawer; a message or comment opens its conversation.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, SearchKind } from '../../../../src-preload/contract'
import { useQuery, type QueryResult } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { formatNumber } from '../../i18n/format'
import { useOpenContact } from './open-result'
import { CommentResults, ContactResults, MessageResults, type ResultNavigation } from './ResultLists'
import { useSearchStore } from './search-store'
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from '../../../../src-preload/contract/search-limits'

/** What the problems' sentences name as the most a search may have. */
const LIMITS = { maxTerms: MAX_QUERY_TERMS, maxLength: MAX_QUERY_LENGTH }

const KINDS: SearchKind[] = ['contacts', 'messages', 'comments']
const PAGE = 50

type Props = {
  query: string
  onOpenThread: (threadId: number) => void
}

export function SearchPanel({ query, onOpenThread }: Props) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const tab = useSearchStore((state) => state.tab)
  const setTab = useSearchStore((state) => state.setTab)
  const openContact = useOpenContact()
  // "Show more" grows a list by a page, up to the 500 a search returns at once; a new query starts over.
  const [limits, setLimits] = useState({ query, messages: PAGE, comments: PAGE })
  const messageLimit = limits.query === query ? limits.messages : PAGE
  const commentLimit = limits.query === query ? limits.comments : PAGE
  // The selected result of the list shown; another search or tab starts with none.
  const listKey = `${tab} ${query}`
  const [selection, setSelection] = useState({ listKey, index: -1 })
  const navigation: ResultNavigation = {
    selected: selection.listKey === listKey ? selection.index : -1,
    onSelect: (index) => setSelection({ listKey, index })
  }
  // After "Show more", the first result it brought is selected and the focus goes to its list
  // (the button may be gone).
  const focusFrom = useRef<{ kind: 'messages' | 'comments'; index: number } | null>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const showMore = (kind: 'messages' | 'comments') => {
    focusFrom.current = { kind, index: kind === 'messages' ? messageLimit : commentLimit }
    setLimits({
      query,
      messages: messageLimit,
      comments: commentLimit,
      [kind]: Math.min(500, (kind === 'messages' ? messageLimit : commentLimit) + PAGE)
    })
  }
  const moreButton = (kind: 'messages' | 'comments', limit: number, next: unknown) =>
    next && limit < 500 ? (
      <button
        type="button"
        className="button button--small search-panel__more"
        onClick={() => showMore(kind)}
      >
        {t('search.showMore')}
      </button>
    ) : null

  const contacts = useQuery('search.contacts', { query }, ['contacts'])
  // While a longer page of the same search loads, the list shown so far stays: replacing it by
  // "Loading…" dropped the scroll position and the focus of the "Show more" just pressed.
  const messages = useKeptWhileGrowing(
    useQuery('search.messages', { query, limit: messageLimit }, ['messages']),
    query
  )
  const comments = useKeptWhileGrowing(
    useQuery('search.comments', { query, limit: commentLimit }, ['comments']),
    query
  )

  const shownCount = { messages: messages.data?.hits.length, comments: comments.data?.comments.length }
  useEffect(() => {
    const wanted = focusFrom.current
    if (!wanted) return
    const count = shownCount[wanted.kind]
    if (count === undefined || count <= wanted.index) return
    focusFrom.current = null
    // Focus first: a list reached by keyboard selects its first result, and this must win.
    panelRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus({ preventScroll: true })
    navigation.onSelect(wanted.index)
  })

  // "+" when there are more than the page found.
  const count = (found: number, more: unknown) => `${formatNumber(found, i18n.language)}${more ? '+' : ''}`
  const counts: Record<SearchKind, string | null> = {
    messages: messages.data ? count(messages.data.hits.length, messages.data.next) : null,
    contacts: contacts.data ? count(contacts.data.contacts.length, false) : null,
    comments: comments.data ? count(comments.data.comments.length, comments.data.next) : null
  }
  const tooShort = messages.data?.tooShort ?? contacts.data?.tooShort ?? false
  const minLength = messages.data?.minLength ?? 3
  const current = { messages, contacts, comments }[tab]

  // Arrow keys move between tabs, as in any tab list.
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    const next = KINDS[(KINDS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : 2)) % KINDS.length]!
    setTab(next)
    document.getElementById(`search-tab-${next}`)?.focus()
  }

  // Each problem said in the UI's language; the core's English message only when it sent none.
  // A query over the contract's length is refused before the core parses it (no problems, and
  // zod's English as the message), so that one is said here.
  const errorText = (error: ApiError) =>
    error.code === 'INVALID_INPUT'
      ? t('search.invalidQuery', {
          detail: error.problems?.length
            ? error.problems
                .map(({ reason, value }) => t(`search.problem.${reason}`, { value, ...LIMITS }))
                .join(' ')
            : error.field === 'query'
              ? t('search.problem.tooLong', { value: query.length, ...LIMITS })
              : error.message
        })
      : describeError(error)

  let body
  if (tooShort) body = <p className="search-panel__hint">{t('search.tooShort', { count: minLength })}</p>
  else if (current.error) body = <p role="alert">{errorText(current.error)}</p>
  else if (!current.data) body = <p role="status">{t('search.loading')}</p>
  else if (tab === 'messages' && messages.data && messages.data.hits.length > 0)
    body = (
      <>
        <MessageResults hits={messages.data.hits} onOpen={onOpenThread} navigation={navigation} />
        {moreButton('messages', messageLimit, messages.data.next)}
      </>
    )
  else if (tab === 'contacts' && contacts.data && contacts.data.contacts.length > 0)
    body = (
      <ContactResults
        contacts={contacts.data.contacts}
        query={query}
        onOpen={openContact}
        navigation={navigation}
      />
    )
  else if (tab === 'comments' && comments.data && comments.data.comments.length > 0)
    body = (
      <>
        <CommentResults comments={comments.data.comments} onOpen={onOpenThread} navigation={navigation} />
        {moreButton('comments', commentLimit, comments.data.next)}
      </>
    )
  else body = <p className="search-panel__hint">{t('search.noResults', { query })}</p>

  return (
    <div className="search-panel" data-testid="search-panel">
      <div className="search-tabs" role="tablist" aria-label={t('search.tabs.label')} onKeyDown={onTabKey}>
        {KINDS.map((kind) => (
          <button
            key={kind}
            id={`search-tab-${kind}`}
            type="button"
            role="tab"
            aria-selected={tab === kind}
            aria-controls="search-tabpanel"
            tabIndex={tab === kind ? 0 : -1}
            className="search-tabs__tab"
            onClick={() => setTab(kind)}
            data-testid={`search-tab-${kind}`}
          >
            {t(`search.tabs.${kind}`)}
            {counts[kind] !== null && !tooShort ? (
              <span className="search-tabs__count" data-testid={`search-count-${kind}`}>
                {counts[kind]}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div
        id="search-tabpanel"
        ref={panelRef}
        role="tabpanel"
        aria-labelledby={`search-tab-${tab}`}
        className="search-panel__body"
      >
        {body}
      </div>
    </div>
  )
}

/** The last result of this search while the next (a longer page of it) is loading. */
function useKeptWhileGrowing<T>(result: QueryResult<T>, query: string): QueryResult<T> {
  const last = useRef<{ query: string; data: T } | null>(null)
  if (result.data !== undefined) last.current = { query, data: result.data }
  else if (!result.error && last.current?.query === query) return { ...result, data: last.current.data }
  return result
}
