// New message's text follows its From: the mailbox's signature put in once the From is known,
// and swapped, untouched, for the next one's when the From (or the mailbox's signature) changes.
import { useEffect } from 'react'
import type { Account } from '../../../../src-preload/contract'
import { useUiStore } from '../../store/ui-store'
import { fromSignature } from './draft-signature'

/** `choices`: the mailboxes New message may go from; a From not among them waits for useDefaultFrom. */
export function useNewMessageSignature(choices: readonly Account[]): void {
  const draft = useUiStore((state) => state.newMessage)
  const update = useUiStore((state) => state.updateNewMessage)
  const from = choices.find((account) => account.id === draft.accountId)
  const signature = from ? (from.signature ?? '') : undefined
  useEffect(() => {
    const patch = fromSignature(draft, signature)
    if (patch) update(patch)
  }, [draft, signature, update])
}
