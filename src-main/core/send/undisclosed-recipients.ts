// A message sent to Cc or Bcc only has no To. RFC 5322 allows that, but some mail programs show
// such a message oddly or file it as spam, and the recipients cannot tell it was meant for others
// too. Gmail and Thunderbird write an empty group instead, which names no one.

export const UNDISCLOSED_TO = 'To: undisclosed-recipients:;'

/**
 * The message with "To: undisclosed-recipients:;" after its From when it has no To header (the
 * body left as it is). Written here because nodemailer quotes a group's name
 * ("undisclosed-recipients":;) and writes no To at all for an empty list.
 */
export function withUndisclosedTo(raw: Buffer): Buffer {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const head = end === -1 ? text : text.slice(0, end + 2)
  if (/^To:/im.test(head)) return raw
  // After the From field and the lines folded under it; at the top if there is none.
  const from = /^From:[^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n/im.exec(head)
  const at = from ? from.index + from[0].length : 0
  return Buffer.concat([
    raw.subarray(0, at),
    Buffer.from(`${UNDISCLOSED_TO}\r\n`, 'latin1'),
    raw.subarray(at)
  ])
}
