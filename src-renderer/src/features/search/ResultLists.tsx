// The three result lists of the search panel. Every matched word comes as a range from the
// core (messages, comments) or is found here (contacts), and is shown by MarkedText.
import { useTranslation } from 'react-i18next'
import type { CommentHit, ContactHit, MessageHit } from '../../../../src-preload/contract'
import { formatFolderPath, formatFullDate, formatListDate } from '../../i18n/format'
import { findWordStarts } from './find-in-text'
import { MarkedText } from './MarkedText'

export function MessageResults({ hits, onOpen }: { hits: MessageHit[]; onOpen: (threadId: number) => void }) {
  const { t, i18n } = useTranslation()
  return (
    <ul className="search-results" aria-label={t('search.tabs.messages')}>
      {hits.map((hit) => (
        <li key={hit.id}>
          <button
            type="button"
            className="search-result"
            disabled={hit.threadId === null}
            onClick={() => hit.threadId !== null && onOpen(hit.threadId)}
            data-testid="search-result-message"
          >
            <span className="search-result__top">
              <span className="search-result__title">
                <MarkedText text={hit.subject || t('inbox.noSubject')} ranges={hit.subjectRanges} />
              </span>
              <time dateTime={hit.date} title={formatFullDate(hit.date, i18n.language)}>
                {formatListDate(hit.date, i18n.language)}
              </time>
            </span>
            <span className="search-result__meta">
              {hit.from?.name || hit.from?.address || t('inbox.unknownSender')}
              {hit.folder ? ` · ${formatFolderPath(hit.folder)}` : ''}
            </span>
            <span className="search-result__snippet">
              <MarkedText text={hit.match.text} ranges={hit.match.ranges} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}

export function ContactResults({
  contacts,
  query,
  onOpen
}: {
  contacts: ContactHit[]
  query: string
  onOpen: (contactId: string) => void
}) {
  const { t } = useTranslation()
  return (
    <ul className="search-results" aria-label={t('search.tabs.contacts')}>
      {contacts.map((contact) => {
        const name = contact.displayName || contact.emails[0] || t('search.contact.noName')
        const details = [...contact.emails, ...contact.phones].join(' · ')
        return (
          <li key={contact.id}>
            <button
              type="button"
              className="search-result"
              onClick={() => onOpen(contact.id)}
              data-testid="search-result-contact"
            >
              <span className="search-result__title">
                <MarkedText text={name} ranges={findWordStarts(name, query)} />
              </span>
              {contact.company ? <span className="search-result__meta">{contact.company}</span> : null}
              <span className="search-result__snippet">
                <MarkedText text={details} ranges={findWordStarts(details, query)} />
              </span>
            </button>
          </li>
        )
      })}
    </ul>
  )
}

export function CommentResults({
  comments,
  onOpen
}: {
  comments: CommentHit[]
  onOpen: (threadId: number) => void
}) {
  const { t, i18n } = useTranslation()
  return (
    <ul className="search-results" aria-label={t('search.tabs.comments')}>
      {comments.map((comment) => (
        <li key={comment.id}>
          <button
            type="button"
            className="search-result"
            onClick={() => onOpen(comment.threadId)}
            data-testid="search-result-comment"
          >
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
          </button>
        </li>
      ))}
    </ul>
  )
}
