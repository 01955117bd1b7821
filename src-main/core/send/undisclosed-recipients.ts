// A message sent to Cc or Bcc only has no To. RFC 5322 allows that, but some mail programs show
// such a message oddly or file it as spam, and the recipients cannot tell it was meant for others
// too. Gmail and Thunderbird write an empty group instead, which names no one.
import { withHeaderEdited } from './header-section'

export const UNDISCLOSED_TO = 'To: undisclosed-recipients:;'

/**
 * The message with "To: undisclosed-recipients:;" after its From when it has no To header (the
 * body left as it is). Written here because nodemailer quotes a group's name
 * ("undisclosed-recipients":;) and writes no To at all for an empty list.
 */
export function withUndisclosedTo(raw: Buffer): Buffer {
  return withHeaderEdited(raw, (head) => {
    if (/^To:/im.test(head)) return head
    // After the From field and the lines folded under it; at the top if there is none.
    const from = /^From:[^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n/im.exec(head)
    const at = from ? from.index + from[0].length : 0
    return `${head.slice(0, at)}${UNDISCLOSED_TO}\r\n${head.slice(at)}`
  })
}
