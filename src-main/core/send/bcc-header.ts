// A message is composed once, with its Bcc header: the copy for Sent (and a draft's copy in
// Drafts) keeps it, so the sender sees whom it went to. What goes over SMTP must not carry it,
// or every recipient would read the blind copies' addresses.
import { withHeaderEdited } from './header-section'

/** The message without its Bcc header (folded lines included); the body is left as it is. */
export function withoutBcc(raw: Buffer): Buffer {
  // A header line and the lines folded under it (starting with a space or a tab).
  return withHeaderEdited(raw, (head) =>
    head.replace(/^Bcc:[^\r\n]*(?:\r\n[ \t][^\r\n]*)*(?:\r\n|(?![\s\S]))/gim, '')
  )
}
