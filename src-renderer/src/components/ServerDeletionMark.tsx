// A list row's mark for mail the server no longer has as usual: gone from it (Rapport keeps its
// copy) or marked deleted there by another mail program. The thread view says it in full; a row
// says it with an icon whose name is the same sentence, shown on hover.
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ServerDeletion } from '../../../src-preload/contract'
import { TrashIcon } from './icons'
import './components.css'

/** Whose state the row shows: its one message (search results), or its latest (conversations). */
export type ServerDeletionScope = 'message' | 'latest'

const KEYS: Record<ServerDeletionScope, Record<ServerDeletion, string>> = {
  message: { deleted: 'inbox.row.deletedOnServer', marked: 'inbox.row.markedDeletedOnServer' },
  latest: { deleted: 'inbox.row.latestDeletedOnServer', marked: 'inbox.row.latestMarkedDeletedOnServer' }
}

/** The sentence, for a row whose own aria-label must carry it too (an option's name hides its children). */
export function serverDeletionText(t: TFunction, state: ServerDeletion, scope: ServerDeletionScope): string {
  return t(KEYS[scope][state])
}

/** The state of a message as MessageSummary carries it. */
export function messageServerDeletion(message: {
  deletedOnServer?: boolean
  markedDeletedOnServer?: boolean
}): ServerDeletion | null {
  if (message.deletedOnServer) return 'deleted'
  return message.markedDeletedOnServer ? 'marked' : null
}

/** Nothing when the server has the mail as usual (state null). */
export function ServerDeletionMark({
  state,
  scope
}: {
  state: ServerDeletion | null
  scope: ServerDeletionScope
}) {
  const { t } = useTranslation()
  if (!state) return null
  const text = serverDeletionText(t, state, scope)
  return (
    <span
      className={`server-deletion-mark server-deletion-mark--${state}`}
      role="img"
      aria-label={text}
      title={text}
      data-testid="row-server-deletion"
      data-state={state}
    >
      <TrashIcon />
    </span>
  )
}
