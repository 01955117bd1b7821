// After Discard in New message or a reply box: "Draft discarded · Undo" for a few seconds, as
// Gmail does. Undo puts the whole draft back (recipients, subject, text, files, Send later time)
// where it was written, or beside what is being written there now; the draft saver then keeps it
// again, in the core and, at the next sync, in the server's Drafts.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useUiStore } from '../../store/ui-store'
import type { DiscardedDraft } from '../../store/draft-discard'
import { useFocusBackFromToast } from '../outbox/focus-back-from-toast'
import '../outbox/outbox.css'

/** How long Undo is offered; not while the pointer or the keyboard focus is on the notice. */
export const DISCARD_UNDO_MS = 10_000

export function DiscardedDraftToast() {
  const { t } = useTranslation()
  const discarded = useUiStore((state) => state.discarded)
  return (
    <>
      {/* Always in the page, so a screen reader is listening before the notice speaks. Each
          discard's words are a node of their own: said again for a second discard. */}
      <p className="visually-hidden" role="status" data-testid="draft-discarded-status">
        {discarded ? <span key={discarded.id}>{t('composer.discarded.notice')}</span> : null}
      </p>
      {/* Keyed per discard: each has its own few seconds. */}
      {discarded ? <Notice key={discarded.id} discarded={discarded} /> : null}
    </>
  )
}

function Notice({ discarded }: { discarded: DiscardedDraft }) {
  const { t } = useTranslation()
  const undoDiscard = useUiStore((state) => state.undoDiscard)
  const forgetDiscarded = useUiStore((state) => state.forgetDiscarded)
  const setComposerOpen = useUiStore((state) => state.setComposerOpen)
  const focusHandlers = useFocusBackFromToast()
  // Held while pointed at or focused: a keyboard user who reached Undo does not lose it.
  const [pointed, setPointed] = useState(false)
  const [focused, setFocused] = useState(false)
  const held = pointed || focused

  useEffect(() => {
    if (held) return
    const timer = setTimeout(() => forgetDiscarded(discarded.id), DISCARD_UNDO_MS)
    return () => clearTimeout(timer)
  }, [held, discarded.id, forgetDiscarded])

  const undo = () => {
    const undone = undoDiscard()
    if (undone?.kind === 'new') {
      // New message shows it (its To takes the focus), or lists it beside the one written since.
      setComposerOpen(true)
      return
    }
    // Back in its reply box, if that is the conversation shown: the keys go to its text.
    if (undone) document.getElementById(`reply-${undone.threadId}`)?.focus()
  }

  return (
    <div
      className="undo-toast undo-toast--discarded"
      data-testid="draft-discarded"
      onPointerEnter={() => setPointed(true)}
      onPointerLeave={() => setPointed(false)}
      onFocus={(event) => {
        focusHandlers.onFocus(event)
        setFocused(true)
      }}
      onBlur={(event) => {
        focusHandlers.onBlur(event)
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false)
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        // Its own Escape: not also the New message dialog's, which closes on one.
        event.stopPropagation()
        forgetDiscarded(discarded.id)
      }}
    >
      <span className="undo-toast__text">{t('composer.discarded.notice')}</span>
      <button type="button" className="undo-toast__action" data-testid="draft-discarded-undo" onClick={undo}>
        {t('composer.discarded.undo')}
      </button>
      <button
        type="button"
        className="undo-toast__close"
        aria-label={t('composer.discarded.close')}
        onClick={() => forgetDiscarded(discarded.id)}
      >
        ×
      </button>
    </div>
  )
}
