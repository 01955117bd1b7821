// An internal comment on the conversation (never sent to the contact). Typing "@" offers the
// workspace's members; a picked member is notified. Members whose role keeps them from this
// conversation are listed but not offered: the core would refuse the mention.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { canSeeConversation, type Member, type VisibilityTarget } from '../../../../src-preload/contract'
import { Avatar } from '../../components/Avatar'
import { isComposing } from '../../components/composing'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'
import { useCrmStore, type CommentDraft } from '../../store/crm-store'
import type { People } from '../people/use-members'
import {
  completeMention,
  matchesMention,
  mentionAtCaret,
  mentionText,
  stillMentioned
} from './timeline-items'

type Props = {
  conversationId: string
  threadId: number
  people: People
  /** Who the conversation is assigned to, which decides who may be mentioned. */
  assignment: VisibilityTarget
}

const EMPTY_DRAFT: CommentDraft = { text: '', picked: [] }

function currentDraft(threadId: number): CommentDraft {
  return useCrmStore.getState().commentDrafts[threadId] ?? EMPTY_DRAFT
}

export function CommentComposer({ conversationId, threadId, people, assignment }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const comment = useMutation('conversations.comment')
  // Kept in the store per conversation (by its thread): the Reply tab or another conversation
  // loses none of it, and a merge of its thread takes it along (follow-thread-merges.ts).
  const draft = useCrmStore((state) => state.commentDrafts[threadId]) ?? EMPTY_DRAFT
  const updateDraft = useCrmStore((state) => state.updateCommentDraft)
  const text = draft.text
  /** Members picked from the suggestions, with the text written after their "@". */
  const picked = draft.picked
  const setText = (next: string) => updateDraft(threadId, { ...currentDraft(threadId), text: next })
  const setPicked = (next: (list: CommentDraft['picked']) => CommentDraft['picked']) => {
    const current = currentDraft(threadId)
    updateDraft(threadId, { ...current, picked: next(current.picked) })
  }
  const [caret, setCaret] = useState(0)
  const [active, setActive] = useState(0)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const sendRef = useRef<HTMLButtonElement>(null)
  const wantsFocus = useCrmStore((state) => state.pendingComment === threadId)

  // The "c" shortcut asks for this box: it takes focus (on mount too) and the request is done.
  useEffect(() => {
    if (!wantsFocus) return
    textRef.current?.focus()
    useCrmStore.getState().clearPendingComment()
  }, [wantsFocus])

  /** Where the "@" whose suggestions Escape dismissed starts; typing another "@" offers again. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const typed = mentionAtCaret(text, caret)
  const at = typed && typed.start !== dismissedAt ? typed : null
  const suggestions = at ? people.members.filter((m) => matchesMention(m, at.query)).slice(0, 6) : []

  const canSee = (member: Member) => canSeeConversation(member, assignment)

  const pick = (member: Member) => {
    if (!canSee(member)) return
    const written = mentionText(member, people.members)
    const next = completeMention(text, caret, written)
    if (!next) return
    setText(next.text)
    setCaret(next.caret)
    setPicked((list) =>
      list.some((p) => p.member.id === member.id) ? list : [...list, { member, text: written }]
    )
    requestAnimationFrame(() => {
      textRef.current?.focus()
      textRef.current?.setSelectionRange(next.caret, next.caret)
    })
  }

  const submit = async () => {
    if (!text.trim() || comment.pending) return
    // Only members whose "@Name" is still in the text are mentioned.
    const mentions = stillMentioned(text, picked).map((m) => m.id)
    const response = await comment.run({ conversationId, body: text, mentions })
    if (response.ok) {
      // Only what was sent goes: text typed while the comment was on its way stays, and so does
      // a comment a merge meanwhile joined to it (the draft may be on the surviving thread now).
      useCrmStore.getState().commentSent(threadId, text)
      setDismissedAt(null)
    }
    // Send was disabled while the comment was on its way, and stays so with the box empty: focus
    // goes back to the box for the next note, rather than to the top of the page.
    const active = document.activeElement
    if (!active || active === document.body || active === sendRef.current) textRef.current?.focus()
  }

  // A mention the core refused (typed as @address, or the assignment changed meanwhile): named.
  const refusedId =
    comment.error?.code === 'MENTION_NOT_VISIBLE'
      ? comment.error.field?.replace(/^mentions\./, '')
      : undefined
  const notVisible = refusedId ? people.members.find((m) => m.id === refusedId) : undefined

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An input method's keys (Enter commits a name, Escape cancels it, the arrows walk its
    // candidates) pick no member, close no list and send nothing.
    if (isComposing(event)) return
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActive((i) => (i + step + suggestions.length) % suggestions.length)
        return
      }
      const option = suggestions[Math.min(active, suggestions.length - 1)]!
      // On a member who cannot be mentioned, the keys keep their meaning (a newline, the next
      // field, Ctrl+Enter sends) rather than doing nothing.
      if ((event.key === 'Enter' || event.key === 'Tab') && canSee(option)) {
        event.preventDefault()
        pick(option)
        return
      }
      if (event.key === 'Escape') {
        // Only the list closes, not the drawer or dialog behind the comment box.
        event.preventDefault()
        event.stopPropagation()
        setDismissedAt(at!.start)
        return
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void submit()
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }

  return (
    <form className="comment-box" onSubmit={onSubmit} aria-busy={comment.pending}>
      <label className="reply-box__label" htmlFor={`comment-${conversationId}`}>
        {t('crm.comment.label')}
      </label>
      <textarea
        id={`comment-${conversationId}`}
        ref={textRef}
        className="reply-box__text comment-box__text"
        data-testid="comment-box"
        rows={3}
        value={text}
        placeholder={t('crm.comment.placeholder')}
        onChange={(event) => {
          setText(event.target.value)
          setCaret(event.target.selectionStart)
          setActive(0)
          const next = mentionAtCaret(event.target.value, event.target.selectionStart)
          if (next?.start !== dismissedAt) setDismissedAt(null)
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        aria-autocomplete="list"
        aria-controls={suggestions.length > 0 ? 'mention-list' : undefined}
      />
      {suggestions.length > 0 ? (
        <ul
          className="mention-list"
          id="mention-list"
          role="listbox"
          aria-label={t('crm.comment.mentionLabel')}
        >
          {suggestions.map((member, index) => (
            <li
              key={member.id}
              role="option"
              aria-selected={index === active}
              aria-disabled={!canSee(member)}
              className={index === active ? 'is-active' : ''}
              data-testid="mention-option"
              onMouseDown={(event) => {
                event.preventDefault()
                pick(member)
              }}
            >
              <Avatar name={member.name || member.email} small /> {member.name}
              <span className="mention-list__email">{member.email}</span>
              {canSee(member) ? null : (
                <span className="mention-list__note" data-testid="mention-cannot-see">
                  {t('crm.comment.cannotSee')}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {comment.error ? (
        <p className="field__error" role="alert">
          {notVisible
            ? t('crm.comment.mentionNotVisible', { name: notVisible.name || notVisible.email })
            : describeError(comment.error)}
        </p>
      ) : null}
      <div className="reply-box__actions">
        <span className="reply-box__hint">{t('crm.comment.hint')}</span>
        <button
          type="submit"
          className="button button--primary button--small"
          ref={sendRef}
          disabled={!text.trim() || comment.pending}
          data-testid="send-comment"
        >
          {t('crm.comment.send')}
        </button>
      </div>
    </form>
  )
}
