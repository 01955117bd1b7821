import { simpleParser } from 'mailparser'
import PostalMime from 'postal-mime'
import { MAILPARSER_OPTIONS } from '../src-main/core/mail/message-parser'

export type ParserComparison = {
  count: number
  mailparserSeconds: number
  postalMimeSeconds: number
  /** Messages on which both parsers read the same subject, sender, Message-ID, date, bodies and attachment count. */
  agreeing: number
}

/**
 * PERFORMANCE.md asks for postal-mime to be measured against mailparser on our corpus before the
 * parser is chosen: the parse stage is the import's slowest. The stack fixes mailparser, so this
 * only measures; each parser runs alone on the same messages, bytes already in memory, no cache.
 */
export async function compareParsers(sources: Buffer[]): Promise<ParserComparison> {
  const timed = async (parse: (raw: Buffer) => Promise<string>) => {
    const t = performance.now()
    const fields: string[] = []
    for (const raw of sources) fields.push(await parse(raw))
    return { seconds: (performance.now() - t) / 1000, fields }
  }
  const mailparser = async (raw: Buffer) => fieldsOfMailparser(await simpleParser(raw, MAILPARSER_OPTIONS))
  const postalMime = async (raw: Buffer) => fieldsOfPostalMime(await PostalMime.parse(raw))
  // Alternated, best of two each: whichever runs second would otherwise pay for the first's garbage.
  type Timed = Awaited<ReturnType<typeof timed>>
  const rounds: Array<readonly [Timed, Timed]> = []
  for (let i = 0; i < 2; i++) rounds.push([await timed(mailparser), await timed(postalMime)] as const)
  const best = (k: 0 | 1) => Math.min(...rounds.map((r) => r[k].seconds))
  const [byMailparser, byPostalMime] = [rounds[0]![0].fields, rounds[0]![1].fields]
  return {
    count: sources.length,
    mailparserSeconds: best(0),
    postalMimeSeconds: best(1),
    agreeing: byMailparser.filter((fields, i) => fields === byPostalMime[i]).length
  }
}

type Fields = {
  subject?: string
  from?: string
  messageId?: string
  date?: number
  text?: string
  html?: string | false
  attachments: number
}

const normalized = (text: string | false | undefined) => (text || '').replace(/\s+/g, ' ').trim()
// A string, so two parsers' readings compare with ===.
const key = (f: Fields) =>
  JSON.stringify([
    f.subject ?? '',
    (f.from ?? '').toLowerCase(),
    f.messageId ?? '',
    f.date ?? null,
    normalized(f.text),
    normalized(f.html),
    f.attachments
  ])

function fieldsOfMailparser(mail: Awaited<ReturnType<typeof simpleParser>>): string {
  return key({
    subject: mail.subject,
    from: mail.from?.value[0]?.address,
    messageId: mail.messageId,
    date: mail.date?.getTime(),
    text: mail.text,
    html: mail.html,
    // The attachments message-parser.ts keeps (inline images of an HTML body are not listed).
    attachments: mail.attachments.filter((a) => a.contentDisposition === 'attachment' || !a.related).length
  })
}

function fieldsOfPostalMime(mail: Awaited<ReturnType<typeof PostalMime.parse>>): string {
  const date = mail.date ? new Date(mail.date).getTime() : undefined
  return key({
    subject: mail.subject,
    from: mail.from && 'address' in mail.from ? mail.from.address : undefined,
    messageId: mail.messageId,
    date: Number.isFinite(date) ? date : undefined,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.length
  })
}
