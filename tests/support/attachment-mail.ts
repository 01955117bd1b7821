// A message with attachments, as a mail client would send it: text, then a base64 part each.

export type MailAttachment = { bytes: Buffer; filename?: string; contentType?: string }

export type AttachmentMail = {
  messageId: string
  to: string
  attachments: MailAttachment[]
  from?: string
  subject?: string
  text?: string
  /** The Date header; now when not given. Copies of one message share theirs. */
  date?: Date
}

export function mailWithAttachments(mail: AttachmentMail): string {
  const {
    from = 'Carlos Mendes <carlos@client.test>',
    subject = 'Quote attached',
    text = 'The quote is attached.'
  } = mail
  const parts = mail.attachments.flatMap(
    ({ bytes, filename = 'quote.pdf', contentType = 'application/pdf' }) => [
      '--b1',
      `Content-Type: ${contentType}; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64').replace(/.{1,76}/g, '$&\r\n')
    ]
  )
  return [
    `From: ${from}`,
    `To: ${mail.to}`,
    `Subject: ${subject}`,
    `Message-ID: ${mail.messageId}`,
    `Date: ${(mail.date ?? new Date()).toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    ...parts,
    '--b1--',
    ''
  ].join('\r\n')
}
