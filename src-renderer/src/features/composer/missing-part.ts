// What Send in New message asks about before the message goes (SendAnywayConfirm): no subject,
// or no text and no attachments.
import { writtenText } from '../../../../src-preload/contract/signature'

export type MissingPart = 'subject' | 'text' | 'both'

/**
 * What the message lacks that is worth asking about, or null when it has a subject and content.
 * The signature put in (untouched) is not text of the message's own.
 */
export function missingPart(draft: {
  subject: string
  text: string
  files: readonly unknown[]
  signature?: string
}) {
  const noSubject = draft.subject.trim() === ''
  // Attachments alone are content: a file sent with a subject and no words is common.
  const noText = writtenText(draft.text, draft.signature).trim() === '' && draft.files.length === 0
  return noSubject && noText ? 'both' : noSubject ? 'subject' : noText ? 'text' : null
}
