// A message is composed once, with its Bcc header: the copy for Sent (and a draft's copy in
// Drafts) keeps it, so the sender sees whom it went to. What goes over SMTP must not carry it,
// or every recipient would read the blind copies' addresses.

/** The message without its Bcc header (folded lines included); the body is left as it is. */
export function withoutBcc(raw: Buffer): Buffer {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const head = end === -1 ? text : text.slice(0, end + 2)
  // A header line and the lines folded under it (starting with a space or a tab).
  const stripped = head.replace(/^Bcc:[^\r\n]*(?:\r\n[ \t][^\r\n]*)*(?:\r\n|(?![\s\S]))/gim, '')
  if (stripped === head) return raw
  return Buffer.concat([Buffer.from(stripped, 'latin1'), raw.subarray(head.length)])
}
