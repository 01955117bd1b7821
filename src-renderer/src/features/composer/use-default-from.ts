// The From a new message starts with: the mailbox whose inbox is shown, else that of the open
// conversation, else the one New message last went from, else the first that can send. Set into
// the draft when the composer opens, so that a draft keeps its From wherever it is opened again.
import { useEffect } from 'react'
import { callCommand } from '../../api/call-command'
import { accountInView } from './mailto-compose'
import { canSendFrom } from './sending-mailboxes'
import type { Account } from '../../../../src-preload/contract'
import { useCrmStore } from '../../store/crm-store'
import { isBlank, useUiStore } from '../../store/ui-store'

/** The account of the mailbox inbox shown in the sidebar, or null for any other inbox. */
async function inboxAccount(): Promise<number | null> {
  const inbox = useCrmStore.getState().inbox
  return typeof inbox === 'object' && 'account' in inbox ? inbox.account : null
}

async function lastSentFrom(): Promise<number | null> {
  const response = await callCommand('outbox.lastNewMessageFrom', {})
  return response.ok ? response.value.accountId : null
}

/** Most telling first; each asked only when those before it name no mailbox that can send. */
const HINTS = [inboxAccount, accountInView, lastSentFrom]

/**
 * On opening, a draft without a From of its own (none, or one no longer offered) gets the
 * default. A blank one gets it anew, so that what is in view now counts, not what was when it
 * was opened before; one being written keeps its From.
 */
export function useDefaultFrom(choices: readonly Account[]): void {
  useEffect(() => {
    const started = useUiStore.getState().newMessage
    const offered = (id: number | null) => choices.some((account) => account.id === id)
    if (!isBlank(started) && offered(started.accountId)) return
    let cancelled = false
    void (async () => {
      let chosen: number | null = null
      for (const hint of HINTS) {
        const id = await hint()
        // Never an archived mailbox while one can send.
        if (choices.some((account) => account.id === id && canSendFrom(account))) {
          chosen = id
          break
        }
      }
      // Typed into or a From picked meanwhile (the draft is another object then): that stands.
      if (cancelled || useUiStore.getState().newMessage !== started) return
      useUiStore.getState().updateNewMessage({ accountId: chosen ?? choices[0]?.id ?? null })
    })()
    return () => {
      cancelled = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on opening
  }, [])
}
