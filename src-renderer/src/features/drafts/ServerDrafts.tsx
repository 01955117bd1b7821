// Drafts another mail program keeps on the server (a phone, webmail), listed in the New message
// dialog to be continued here. A new message comes into the composer, a reply into its
// conversation's reply box, both by Undo's rules (beside what is being written, never over it),
// with their files. The draft is saved at once with `continues`, and the next sync replaces the
// other program's copy with Rapport's (src-main/core/drafts/server-drafts.ts). One whose HTML has
// formatting plain text loses is continued only once the user agrees, and its copy stays.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  ApiError,
  hasOwnRecipients,
  type ServerCopy,
  type ServerDraft
} from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { useUiStore, type DraftState } from '../../store/ui-store'
import { readAttachmentFiles } from '../outbox/attachment-files'
import { draftPreview } from './draft-preview'
import { FormattingLostQuestion } from './FormattingLostQuestion'
import { settleDrafts } from './start-drafts'
import { openThreadAndSelect } from '../conversations/select-opened-thread'

const copyKey = (copy: ServerCopy) => `${copy.folderId}:${copy.uidValidity}:${copy.uid}`

/**
 * The copies of server drafts that a draft in the UI continues already (its save may not have
 * reached the core yet), as one string: the store's selector must give the same value while
 * nothing changed.
 */
function continuedIn(state: DraftState): string {
  const drafts = [
    state.newMessage,
    ...Object.values(state.replyDrafts),
    ...state.asideDrafts.map((a) => a.draft)
  ]
  return drafts
    .flatMap((draft) => draft.continues?.map(copyKey) ?? [])
    .sort()
    .join(' ')
}

export function ServerDrafts() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const { data } = useQuery('drafts.onServer', {}, ['messages', 'drafts'])
  const continued = new Set(useUiStore(continuedIn).split(' '))
  const restoreNewMessage = useUiStore((state) => state.restoreNewMessage)
  const restoreReply = useUiStore((state) => state.restoreReply)
  const setComposerOpen = useUiStore((state) => state.setComposerOpen)
  const focusReply = useUiStore((state) => state.focusReply)
  const [opening, setOpening] = useState<number | null>(null)
  // The draft whose lost formatting is being asked about.
  const [asking, setAsking] = useState<number | null>(null)
  // Cancelled, the focus goes back to that draft's Continue button, which the question replaced.
  const [cancelled, setCancelled] = useState<number | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  // A newer version the other program saved since has a copy of its own, and is listed.
  const listed = (data ?? []).filter((draft) => !draft.copies.every((copy) => continued.has(copyKey(copy))))
  if (listed.length === 0 && !error) return null

  const onContinue = async (draft: ServerDraft) => {
    setOpening(draft.id)
    setError(null)
    try {
      const extras = {
        files: await readAttachmentFiles(draft.attachments),
        later: '',
        continues: draft.copies
      }
      if (draft.threadId === null) {
        // Each recipient in its own field, Bcc included: the Cc and Bcc fields show when filled.
        const { accountId, subject, text } = draft
        restoreNewMessage({ accountId, ...draft.recipients, subject, text, ...extras })
      } else {
        // Its own To, Cc and Bcc go with it, each in its field (a Cc or a Bcc alone too): the other
        // program's user may have changed them.
        restoreReply(draft.threadId, {
          text: draft.text,
          ...(hasOwnRecipients(draft.recipients) ? draft.recipients : {}),
          // Threaded under the earlier message its In-Reply-To names, not the newest.
          ...(draft.answering !== null ? { answering: draft.answering } : {}),
          ...extras
        })
        openThreadAndSelect(draft.threadId)
        // The keys go to the reply's text, not back to New message (the box may mount later).
        focusReply(draft.threadId)
        setComposerOpen(false)
      }
    } catch (failure) {
      // attachments.read answers with an ApiError; anything else (a file that cannot be made) too.
      const known = ApiError.safeParse(failure)
      setError(known.success ? known.data : { code: 'INTERNAL', message: String(failure) })
      return
    } finally {
      setOpening(null)
    }
    // Kept now, not after the saver's pause: a message sent at once still replaces the copy.
    await settleDrafts()
  }

  const describe = (draft: ServerDraft) => {
    const subject = draft.subject || t('composer.serverDrafts.noSubject')
    return draft.threadId === null
      ? t('composer.serverDrafts.newMessage', { subject, to: draft.to })
      : t('composer.serverDrafts.reply', { subject, text: draftPreview(draft.text) })
  }

  return (
    <section className="server-drafts" aria-labelledby="server-drafts-title" data-testid="server-drafts">
      <h3 id="server-drafts-title" className="server-drafts__title">
        {t('composer.serverDrafts.title')}
      </h3>
      {error ? (
        <p className="composer__error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      <ul className="aside-drafts__list">
        {listed.map((draft) => (
          <li
            key={draft.id}
            className={`aside-drafts__item${asking === draft.id ? ' server-drafts__item--asking' : ''}`}
            data-testid="server-draft"
          >
            <span className="aside-drafts__text">{describe(draft)}</span>
            {asking === draft.id ? (
              <FormattingLostQuestion
                onContinue={() => {
                  setAsking(null)
                  void onContinue(draft)
                }}
                onCancel={() => {
                  setAsking(null)
                  setCancelled(draft.id)
                }}
              />
            ) : (
              <button
                type="button"
                className="button"
                disabled={opening !== null}
                autoFocus={cancelled === draft.id}
                onClick={() => (draft.losesFormatting ? setAsking(draft.id) : void onContinue(draft))}
                data-testid="server-draft-continue"
              >
                {opening === draft.id
                  ? t('composer.serverDrafts.continuing')
                  : t('composer.serverDrafts.continue')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
