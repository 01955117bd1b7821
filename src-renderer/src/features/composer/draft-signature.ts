// The signature of a draft's From mailbox, in its text: put in when the draft is begun (blank),
// never into one continued (kept, another program's, brought back by Undo); swapped for another
// mailbox's when the From changes, as long as the user has not changed it (as Thunderbird does).
import { swapSignature, withSignature, writtenText } from '../../../../src-preload/contract/signature'
import { isBlank, type NewMessageDraft } from '../../store/ui-store'

type SignedPart = Pick<NewMessageDraft, 'text' | 'signature'>

/**
 * A draft just begun gets `signature` (undefined: the mailbox's is not known yet, so nothing
 * happens). One with text or anything else of its own, or that has had its signature, gets none.
 */
export function startSignature(
  draft: Partial<NewMessageDraft> & { text: string; chosen?: boolean },
  signature: string | undefined
): SignedPart | null {
  if (signature === undefined || draft.signature !== undefined) return null
  if (draft.text !== '' || !isBlank(draft)) return null
  return { text: withSignature('', signature), signature }
}

/**
 * What New message's text becomes with `signature`, its From's: begun, or another From's swapped
 * for it; null for no change (the user changed the signature, or none was ever put in).
 */
export function fromSignature(draft: NewMessageDraft, signature: string | undefined): SignedPart | null {
  if (signature === undefined) return null
  if (draft.signature === undefined) return startSignature(draft, signature)
  if (draft.signature === signature) return null
  const text = swapSignature(draft.text, draft.signature, signature)
  return text === null ? null : { text, signature }
}

/**
 * Focused while it holds only its signature, the text takes the keys above it, on the first line,
 * rather than after it, where a textarea whose value was set puts them.
 */
export function caretAboveSignature(field: HTMLTextAreaElement, draft: SignedPart): void {
  if (!draft.signature || writtenText(draft.text, draft.signature) !== '') return
  if (field.selectionStart === field.value.length) field.setSelectionRange(0, 0)
}
