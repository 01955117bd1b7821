// A mailto link opens Rapport's own New message, filled from the link, rather than another mail
// program: the user reads it over and presses Send (nothing goes by the click). Links in a mail's
// HTML reach the page from the desktop host (its frame runs no script, so only the main process
// sees them); links in the page itself are caught here, in web mode too.
import { callCommand } from '../../api/call-command'
import { parseMailto, type MailtoFields } from '../../../../src-preload/mailto-link'
import { emptyNewMessage, useUiStore } from '../../store/ui-store'

/**
 * The account the user is reading in: that of the open conversation, whose mail holds the link.
 * Null (the composer's own choice, as for New message) when none is open or it cannot be read.
 */
export async function accountInView(): Promise<number | null> {
  const threadId = useUiStore.getState().openThreadId
  if (threadId === null) return null
  const response = await callCommand('threads.get', { threadId })
  return response.ok ? response.value.thread.accountId : null
}

/**
 * Opens New message on the link's fields, each recipient in its own field (Cc and Bcc show), the
 * From's signature to go below the link's body (as Thunderbird does).
 */
export async function composeFromMailto(fields: MailtoFields): Promise<void> {
  const accountId = await accountInView()
  useUiStore.getState().startNewMessage({
    ...emptyNewMessage,
    accountId,
    to: fields.to.join(', '),
    cc: fields.cc.join(', '),
    bcc: fields.bcc.join(', '),
    subject: fields.subject,
    text: fields.body,
    // Begun here, not continued, though not blank: signed with none so far, so that New message
    // swaps in its From's signature once that is known (draft-signature.ts, fromSignature).
    signature: ''
  })
}

/** For a link's click in the page: opens New message instead when it is a mailto link. */
export function composeIfMailto(event: { preventDefault(): void }, href: string): void {
  const fields = parseMailto(href)
  if (!fields) return
  event.preventDefault()
  void composeFromMailto(fields)
}

/** At start: mailto links the desktop host saw followed in a mail open New message. */
export function followMailtoLinks(): () => void {
  return window.rapportHost?.onMailto?.((fields) => void composeFromMailto(fields)) ?? (() => undefined)
}
