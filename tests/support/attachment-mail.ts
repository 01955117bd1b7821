// A message with one attachment, as a mail client would send it: text, then a base64 part.

export type AttachmentMail = {
  messageId: string
  to: string
  bytes: Buffer
  from?: string
  subject?: string
  text?: string
  filename?: string
  contentType?: string
}

export function mailWithAttachment(mail: AttachmentMail): string {
  const {
    from = 'Carlos Mendes <carlos@client.test>',
    subject = 'Quote attached',
    text = 'The quote is attached.',
    filename = 'quote.pdf',
    contentType = 'application/pdf'
  } = mail
  const base64 = mail.bytes.toString('base64').replace(/.{1,76}/g, '$&\r\n')
  return [
    `From: ${from}`,
    `To: ${mail.to}`,
    `Subject: ${subject}`,
    `Message-ID: ${mail.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b1',
    `Content-Type: ${contentType}; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    '--b1--',
    ''
  ].join('\r\n')
}
