// A mailbox deleted from its settings takes with it the button that opened them, where the
// dialog gives focus back: focus would fall to the page. It goes to the accounts list instead.
import { useEffect, useRef, type RefObject } from 'react'
import type { Account } from '../../../src-preload/contract'

/** Focuses the first button in `list` when an account is gone and focus went with it. */
export function useFocusAfterAccountRemoved(
  accounts: readonly Account[],
  list: RefObject<HTMLElement | null>
) {
  const shown = useRef(accounts.map((account) => account.id))
  useEffect(() => {
    const ids = accounts.map((account) => account.id)
    const removed = shown.current.some((id) => !ids.includes(id))
    shown.current = ids
    const active = document.activeElement
    if (removed && (!active || active === document.body)) list.current?.querySelector('button')?.focus()
  }, [accounts, list])
}
