// Drafts as another mail program (Thunderbird, a phone) saves them in the server's Drafts folder.

/**
 * `id` null: saved without a Message-ID. `to` '': no To (a draft to Cc or Bcc only). `headers`:
 * more of them, such as Cc and Bcc.
 */
export type DraftParts = {
  id: string | null
  to: string
  subject: string
  inReplyTo?: string
  headers?: string[]
} & ({ text: string } | { mime: string[] })

/** A message as a mail program saves it in Drafts: from the user, plain text or `mime` as given. */
export function draftMail(user: string, parts: DraftParts): string {
  const { id, to, subject, inReplyTo, headers = [] } = parts
  return [
    `From: ${user}@example.test`,
    ...(to ? [`To: ${to}`] : []),
    `Subject: ${subject}`,
    ...(id ? [`Message-ID: ${id}`] : []),
    ...headers,
    ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`] : []),
    'Date: Thu, 3 Dec 2026 10:00:00 +0000',
    ...('text' in parts ? ['Content-Type: text/plain; charset=utf-8', '', parts.text, ''] : parts.mime)
  ].join('\r\n')
}

/** A multipart/mixed body: the text and one PDF named `filename`. */
export const withFile = (text: string, filename: string) => [
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  text,
  '--b',
  `Content-Type: application/pdf; name="${filename}"`,
  `Content-Disposition: attachment; filename="${filename}"`,
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from(`%PDF-1.4 ${filename}`).toString('base64'),
  '--b--',
  ''
]

/** An HTML-only body, as a phone saves words it wrapped in paragraphs. */
export const htmlOnly = (html: string) => [
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  html,
  ''
]

/** Text and HTML as alternatives, as most mail programs save a formatted draft. */
export const textAndHtml = (text: string, html: string) => [
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="a"',
  '',
  '--a',
  'Content-Type: text/plain; charset=utf-8',
  '',
  text,
  '--a',
  'Content-Type: text/html; charset=utf-8',
  '',
  html,
  '--a--',
  ''
]

/** HTML alone with an image pasted into it (multipart/related, no text part), named `cid`. */
export const htmlWithPastedImage = (html: string, cid: string) => [
  'MIME-Version: 1.0',
  'Content-Type: multipart/related; boundary="r"',
  '',
  '--r',
  'Content-Type: text/html; charset=utf-8',
  '',
  html,
  '--r',
  'Content-Type: image/png',
  'Content-Disposition: inline',
  `Content-ID: <${cid}>`,
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  '--r--',
  ''
]
