// The reply box's signature: a reply begun in the box (focused while blank) gets its mailbox's,
// the keys going above it, on the first line, as in New message.
import type { FocusEvent, MouseEvent } from 'react'
import { emptyReply, useUiStore } from '../../store/ui-store'
import { caretAboveSignature, startSignature } from './draft-signature'

/** `signature`: the conversation's mailbox's, undefined while not known (then none is put in). */
export function useReplySignature(threadId: number, signature: string | undefined) {
  const updateDraft = useUiStore((state) => state.updateReplyDraft)
  // The store's draft as it is now: Reply puts its recipients there just before it focuses.
  const toSign = () => startSignature(useUiStore.getState().replyDrafts[threadId] ?? emptyReply, signature)
  return {
    onFocus: (event: FocusEvent<HTMLTextAreaElement>) => {
      const field = event.currentTarget
      const signed = toSign()
      if (signed) {
        // Set at once, so the caret can be put above it before the store's value renders.
        field.value = signed.text
        updateDraft(threadId, signed)
      }
      caretAboveSignature(field, signed ?? useUiStore.getState().replyDrafts[threadId] ?? emptyReply)
    },
    /**
     * A click into the blank box would put the caret where it landed in the signature then put
     * in: focused without the click's own caret, the caret goes above it.
     */
    onMouseDown: (event: MouseEvent<HTMLTextAreaElement>) => {
      const field = event.currentTarget
      if (document.activeElement === field || !toSign()) return
      event.preventDefault()
      field.focus()
    }
  }
}
