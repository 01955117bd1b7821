// The inbox list in the sidebar: All, Mine, Unassigned, one per mailbox (only while there are
// two or more), one per team, Blocked (only while a contact is blocked) and custom inboxes, with
// open counts and the new-message dot.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Inbox } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useErrorMessage } from '../../i18n/error-message'
import { formatNumber } from '../../i18n/format'
import { inboxRefKey, useCrmStore } from '../../store/crm-store'
import { CustomInboxInfo, SaveViewForm } from './CustomInboxes'
import { DeletedInboxUndo } from './DeletedInboxUndo'
import { inboxRef } from './inbox-ref'
import { useInboxes, useInboxName } from './use-inboxes'
import './inboxes.css'

const STANDARD = new Set<Inbox['kind']>(['all', 'mine', 'unassigned'])

export function InboxSidebar() {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const inboxes = useInboxes()
  const name = useInboxName()
  const current = useCrmStore((state) => inboxRefKey(state.inbox))
  const setInbox = useCrmStore((state) => state.setInbox)
  const list = inboxes.data
  // The custom inbox deleted last, while Undo is offered: until Undo or the next inbox chosen.
  const [deleted, setDeleted] = useState<Inbox | null>(null)

  // The shown inbox can vanish (Blocked after the last unblock, a deleted custom inbox, a
  // mailbox's inbox once that mailbox or every other is deleted): then go back to All. Only an
  // inbox that was listed and is gone counts, not one just created.
  const listedBefore = useRef<Set<string>>(new Set())
  useEffect(() => {
    if (!list) return
    const keys = new Set(list.map((inbox) => inbox.key))
    if (listedBefore.current.has(current) && !keys.has(current)) setInbox('all')
    listedBefore.current = keys
  }, [list, current, setInbox])

  const standard = (list ?? []).filter((inbox) => STANDARD.has(inbox.kind))
  const mailboxes = (list ?? []).filter((inbox) => inbox.kind === 'account')
  const others = (list ?? []).filter((inbox) => !STANDARD.has(inbox.kind) && inbox.kind !== 'account')

  const choose = (inbox: Inbox) => {
    const ref = inboxRef(inbox)
    setDeleted(null)
    setInbox(ref)
    if (inbox.dot) void callCommand('inboxes.markSeen', { inbox: ref })
  }

  const item = (inbox: Inbox) => (
    <li key={inbox.key} className="inbox-nav__entry">
      <button
        type="button"
        className={`inbox-nav__item ${inbox.key === current ? 'is-current' : ''}`}
        aria-current={inbox.key === current ? 'page' : undefined}
        data-testid="inbox-item"
        data-inbox={inbox.key}
        data-kind={inbox.kind}
        onClick={() => choose(inbox)}
      >
        <span className="inbox-nav__name">{name(inbox)}</span>
        {inbox.archived ? (
          <span className="inbox-nav__badge" data-testid="inbox-archived">
            {t('crm.inbox.archive')}
          </span>
        ) : null}
        {inbox.dot ? (
          <span
            className="inbox-nav__dot"
            data-testid="inbox-dot"
            role="img"
            aria-label={t('crm.inbox.newMail')}
          />
        ) : null}
        {inbox.openCount !== null ? (
          <span
            className="inbox-nav__count"
            data-testid="inbox-count"
            title={
              inbox.kind === 'account'
                ? t('crm.inbox.mailboxOpenCount', { count: inbox.openCount })
                : t('crm.inbox.openCount')
            }
          >
            {formatNumber(inbox.openCount, i18n.language)}
          </span>
        ) : null}
      </button>
      {inbox.kind === 'custom' ? <CustomInboxInfo inbox={inbox} onDeleted={setDeleted} /> : null}
    </li>
  )

  return (
    <nav className="inbox-nav" aria-label={t('crm.inbox.navLabel')}>
      {inboxes.error ? (
        <p className="field__error" role="alert">
          {describeError(inboxes.error)}
        </p>
      ) : null}
      <ul className="inbox-nav__list">
        {standard.map(item)}
        {mailboxes.length > 0 ? (
          <li className="inbox-nav__entry">
            <span className="inbox-nav__group" id="inbox-nav-mailboxes">
              {t('crm.inbox.mailboxes')}
            </span>
            <ul
              className="inbox-nav__list"
              aria-labelledby="inbox-nav-mailboxes"
              data-testid="mailbox-inboxes"
            >
              {mailboxes.map(item)}
            </ul>
          </li>
        ) : null}
        {others.map(item)}
      </ul>
      <DeletedInboxUndo inbox={deleted} onDone={() => setDeleted(null)} />
      <SaveViewForm />
    </nav>
  )
}
