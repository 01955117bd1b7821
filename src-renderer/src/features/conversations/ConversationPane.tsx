// The middle pane: the inbox's name, "New message", the filter toolbar, and the conversation
// list or its empty, loading or error state.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../../src-preload/contract'
import { PencilIcon } from '../../components/icons'
import { useErrorMessage } from '../../i18n/error-message'
import { inboxRefKey, useCrmStore } from '../../store/crm-store'
import { useUiStore } from '../../store/ui-store'
import { useInboxes, useInboxName } from '../inboxes/use-inboxes'
import { usePeople } from '../people/use-members'
import { ActionError, ConversationMenus } from './ConversationMenus'
import { ConversationList } from './ConversationList'
import { ConversationToolbar } from './ConversationToolbar'
import { useConversationActions } from './use-conversation-actions'
import { useConversationPages } from './use-conversation-pages'
import { useConversationShortcuts } from './use-conversation-shortcuts'
import '../inbox/inbox.css'
import './conversations.css'

export function ConversationPane({ accounts }: { accounts: Account[] }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const { inbox, status, sort, unreplied } = useCrmStore()
  const pages = useConversationPages({ inbox, status, sort, unreplied })
  const people = usePeople()
  const actions = useConversationActions()
  useConversationShortcuts(actions)
  const inboxes = useInboxes()
  const inboxName = useInboxName()
  const current = inboxes.data?.find((entry) => entry.key === inboxRefKey(inbox))
  const setComposerOpen = useUiStore((state) => state.setComposerOpen)
  const mailboxName = useCallback(
    (accountId: number) => {
      const account = accounts.find((a) => a.id === accountId)
      return account ? account.displayName || account.email : ''
    },
    [accounts]
  )

  let content
  if (pages.error && pages.rows.length === 0) {
    content = (
      <p className="inbox__empty" role="alert">
        {describeError(pages.error)}
      </p>
    )
  } else if (pages.loading) {
    content = (
      <p className="inbox__empty" role="status">
        {t('inbox.loading')}
      </p>
    )
  } else if (pages.rows.length === 0) {
    content = (
      <div className="inbox__empty" role="status" data-testid="conversations-empty">
        <p>{t('crm.list.empty')}</p>
        <p className="inbox__hint">{t('crm.list.emptyHint')}</p>
      </div>
    )
  } else {
    content = (
      <>
        {pages.error ? (
          <p className="inbox__error" role="alert">
            {describeError(pages.error)}
          </p>
        ) : null}
        <ConversationList pages={pages} people={people} actions={actions} mailboxName={mailboxName} />
      </>
    )
  }

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <header className="inbox__header">
        <h1 id="inbox-title" data-testid="inbox-title">
          {inboxName(current)}
        </h1>
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => setComposerOpen(true)}
          data-testid="new-message"
        >
          <PencilIcon /> {t('composer.newMessage')}
        </button>
      </header>
      <ConversationToolbar />
      <ActionError actions={actions} />
      <ConversationMenus source="list" actions={actions} />
      {content}
    </section>
  )
}
