// A composed message's header section, edited as text and put back before its body, byte for
// byte: latin1 maps each byte to one character, so the lengths agree.

/** The message with its header section (each line with its CRLF) as `edit` returns it. */
export function withHeaderEdited(raw: Buffer, edit: (head: string) => string): Buffer {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const head = end === -1 ? text : text.slice(0, end + 2)
  const edited = edit(head)
  if (edited === head) return raw
  return Buffer.concat([Buffer.from(edited, 'latin1'), raw.subarray(head.length)])
}
