// The three result lists of the search panel. Every matched word comes as a range from the
// core (messages, comments) or is found here (contacts), and is shown by MarkedText.
import { useTranslation } from 'react-i18next'
import type { CommentHit, ContactHit, MessageHit } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { messageServerDeletion, ServerDeletionMark } from '../../components/ServerDeletionMark'
import { formatFullDate, formatListDate } from '../../i18n/format'
import { useToday } from '../../i18n/use-today'
import { useFolderLabel } from '../account-settings/folder-names'
import { findWordStarts } from './find-in-text'
import { MarkedText } from './MarkedText'
import { ResultListbox } from './ResultListbox'

/** The selected result of the list shown, kept by the panel. */
export type ResultNavigation = { selected: number; onSelect: (index: number) => void }

export function MessageResults({
  hits,
  onOpen,
  navigation
}: {
  hits: MessageHit[]
  onOpen: (threadId: number) => void
  navigation: ResultNavigation
}) {
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  // Every account's: a search goes over all of them.
  const folders = useQuery('folders.list', {}, ['folders'])
  const folderLabel = useFolderLabel()
  const foldersOf = (accountId: number) => folders.data?.filter((f) => f.accountId === accountId)
  return (
    <ResultListbox
      {...navigation}
      items={hits}
      label={t('search.tabs.messages')}
      itemKey={(hit) => hit.id}
      disabled={(hit) => hit.threadId === null}
      onOpen={(hit) => hit.threadId !== null && onOpen(hit.threadId)}
      testId="search-result-message"
    >
      {(hit) => (
        <>
          <span className="search-result__top">
            <span className="search-result__title">
              <MarkedText text={hit.subject || t('inbox.noSubject')} ranges={hit.subjectRanges} />
            </span>
            <ServerDeletionMark state={messageServerDeletion(hit)} scope="message" />
            <time dateTime={hit.date} title={formatFullDate(hit.date, i18n.language)}>
              {formatListDate(hit.date, i18n.language)}
            </time>
          </span>
          <span className="search-result__meta">
            {hit.from?.name || hit.from?.address || t('inbox.unknownSender')}
            {hit.folder ? ` · ${folderLabel(hit.folder, foldersOf(hit.accountId))}` : ''}
          </span>
          <span className="search-result__snippet">
            <MarkedText text={hit.match.text} ranges={hit.match.ranges} />
          </span>
        </>
      )}
    </ResultListbox>
  )
}

export function ContactResults({
  contacts,
  query,
  onOpen,
  navigation
}: {
  contacts: ContactHit[]
  query: string
  onOpen: (contactId: string) => void
  navigation: ResultNavigation
}) {
  const { t } = useTranslation()
  return (
    <ResultListbox
      {...navigation}
      items={contacts}
      label={t('search.tabs.contacts')}
      itemKey={(contact) => contact.id}
      onOpen={(contact) => onOpen(contact.id)}
      testId="search-result-contact"
    >
      {(contact) => {
        const name = contact.displayName || contact.emails[0] || t('search.contact.noName')
        const details = [...contact.emails, ...contact.phones].join(' · ')
        return (
          <>
            <span className="search-result__title">
              <MarkedText text={name} ranges={findWordStarts(name, query)} />
            </span>
            {contact.company ? <span className="search-result__meta">{contact.company}</span> : null}
            <span className="search-result__snippet">
              <MarkedText text={details} ranges={findWordStarts(details, query)} />
            </span>
          </>
        )
      }}
    </ResultListbox>
  )
}

export function CommentResults({
  comments,
  onOpen,
  navigation
}: {
  comments: CommentHit[]
  onOpen: (threadId: number) => void
  navigation: ResultNavigation
}) {
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  return (
    <ResultListbox
      {...navigation}
      items={comments}
      label={t('search.tabs.comments')}
      itemKey={(comment) => comment.id}
      onOpen={(comment) => onOpen(comment.threadId)}
      testId="search-result-comment"
    >
      {(comment) => (
        <>
          <span className="search-result__top">
            <span className="search-result__title">
              {t('search.comment.by', { name: comment.authorName || t('search.comment.someone') })}
            </span>
            <time dateTime={comment.at} title={formatFullDate(comment.at, i18n.language)}>
              {formatListDate(comment.at, i18n.language)}
            </time>
          </span>
          <span className="search-result__meta">
            {t('search.comment.on', { subject: comment.subject || t('inbox.noSubject') })}
          </span>
          <span className="search-result__snippet">
            <MarkedText text={comment.match.text} ranges={comment.match.ranges} />
          </span>
        </>
      )}
    </ResultListbox>
  )
}
