// Seeded, deterministic generator of realistic raw RFC 5322 messages, for tests and benchmarks.
//
// The same { seed, count, selfAddress, folder } always yields byte-identical messages: the PRNG
// is seeded, Message-ID, Date and MIME boundaries are set explicitly, and dates hang off a fixed
// anchor instead of the clock. Messages are returned oldest first, ready for APPEND.
//
// Mix: ~30% of messages sit in threads of 2-6 with In-Reply-To/References chains and reply
// prefixes in several languages; text+html alternatives, plain-text-only mails, attachments
// (pdf/png/csv, some with Chinese or accented names), RFC 2047 names and subjects, Chinese and
// Indonesian bodies, Cc lists, timezones of the senders, and a few legacy-charset (GB2312,
// ISO-8859-1) mails built by hand.
import MailComposer from 'nodemailer/lib/mail-composer'
import {
  ATTACHMENTS,
  CONTACTS,
  FORWARD_PREFIX,
  GREETING,
  QUOTE_INTRO,
  REPLY_PREFIX,
  SENTENCES,
  SIGNOFF,
  SUBJECTS,
  c,
  type AttachmentSpec,
  type Contact,
  type Lang
} from './corpus-data.js'

export { brokenMimeSamples } from './broken-mime.js'

export interface CorpusMessage {
  raw: Buffer
  messageId: string
  subject: string
  from: string
  fromName: string
  to: string[]
  cc: string[]
  date: Date
  inReplyTo?: string
  references: string[]
  hasAttachment: boolean
  attachmentNames: string[]
  /** The plain-text body as composed (the HTML alternative says the same), for expected search hits. */
  text: string
}

export interface CorpusOptions {
  seed: number
  count: number
  selfAddress: string
  /** inbox: mail from contacts to self; sent: mail from self to contacts. */
  folder?: 'inbox' | 'sent'
}

/** mulberry32: tiny, fast, good enough, and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Rng {
  private next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }
  hex(len: number): string {
    let s = ''
    while (s.length < len) s += Math.floor(this.next() * 16).toString(16)
    return s
  }
}

// A valid 1x1 PNG; the pseudo-random tail after IEND keeps sizes realistic and viewers happy.
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
)

function attachmentContent(rng: Rng, kind: AttachmentSpec['kind']): Buffer {
  const noise = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rng.int(0, 255)))
  if (kind === 'png') return Buffer.concat([PNG_1X1, noise(rng.int(500, 8000))])
  if (kind === 'pdf') {
    const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1')
    return Buffer.concat([head, noise(rng.int(2000, 30000)), Buffer.from('\n%%EOF\n')])
  }
  const rows = ['id,name,qty,price,note']
  for (let i = 1, n = rng.int(5, 60); i <= n; i++) {
    rows.push(
      `${i},${rng.pick(['Kopi Arabika', '绿茶', 'Widget A', 'Café crème'])},${rng.int(1, 99)},${rng.int(1, 999)}.${rng.int(10, 99)},`
    )
  }
  return Buffer.from(rows.join('\r\n') + '\r\n')
}

const ANCHOR = Date.UTC(2025, 5, 1, 9, 0, 0) // corpus dates are spread over ~2 years before this
const SPAN_MS = 730 * 24 * 3600 * 1000
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** RFC 5322 date in the sender's own timezone, e.g. "Tue, 14 May 2024 17:22:31 +0700". */
export function rfc5322Date(date: Date, tzMinutes: number): string {
  const d = new Date(date.getTime() + tzMinutes * 60000)
  const p = (n: number): string => String(n).padStart(2, '0')
  const sign = tzMinutes < 0 ? '-' : '+'
  const tz = `${sign}${p(Math.floor(Math.abs(tzMinutes) / 60))}${p(Math.abs(tzMinutes) % 60)}`
  return (
    `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${tz}`
  )
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function firstName(name: string): string {
  return name.split(/[\s(]/)[0] ?? name
}

interface Draft {
  from: Contact
  to: Contact[]
  cc: Contact[]
  date: Date
  subject: string
  lang: Lang
  paragraphs: string[]
  quote?: { intro: string; text: string }
  attachments: AttachmentSpec[]
  plainOnly: boolean
  legacyCharset: boolean
  messageId: string
  inReplyTo?: string
  references: string[]
}

function paragraphs(rng: Rng, lang: Lang, to: Contact, from: Contact): string[] {
  const out = [GREETING[lang](firstName(to.name))]
  for (let i = 0, n = rng.int(1, 3); i < n; i++) {
    const sentences = Array.from({ length: rng.int(1, 4) }, () => rng.pick(SENTENCES[lang]))
    out.push(sentences.join(lang === 'zh' ? '' : ' '))
  }
  out.push(`${SIGNOFF[lang]}\n${from.name}`)
  return out
}

function textBody(d: Draft): string {
  let text = d.paragraphs.join('\n\n') + '\n'
  if (d.quote) text += `\n${d.quote.intro}\n` + d.quote.text.replace(/^/gm, '> ') + '\n'
  return text
}

function htmlBody(d: Draft, rng: Rng): string {
  const ps = d.paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
  if (rng.chance(0.3))
    ps.splice(2, 0, `<p><a href="https://example.com/doc/${rng.hex(8)}">https://example.com/doc</a></p>`)
  let html = `<div dir="ltr" style="font-family:Arial,sans-serif">${ps.join('\n')}</div>`
  if (d.quote) {
    html +=
      `\n<div class="gmail_quote"><div>${escapeHtml(d.quote.intro)}</div>` +
      `<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">` +
      `${escapeHtml(d.quote.text).replace(/\n/g, '<br>')}</blockquote></div>`
  }
  return `<html><head><meta charset="utf-8"></head><body>\n${html}\n</body></html>\n`
}

function addr(k: Contact): { name: string; address: string } {
  return { name: k.name, address: k.address }
}

// GB2312 bytes for one subject and body: 163.com-style legacy mail that clients must still decode.
const GB2312_SUBJECT = Buffer.from('b9d8d3dacfc2d6dcbbe1d2e9b5c4b0b2c5c5', 'hex') // 关于下周会议的安排
const GB2312_TEXT = '您好，附件是本月的报价单，请查收。如有问题请随时联系。'
const LATIN1_TEXT = "Bonjour,\n\nVoici l'ordre du jour de la réunion de jeudi à Genève.\n\nCordialement,\n"
const GB2312_BODY = Buffer.from(
  'c4fabac3a3acb8bdbcfecac7b1bed4c2b5c4b1a8bcdbb5a5a3acc7ebb2e9cad5a1a3c8e7d3d0cecacce2c7ebcbe6cab1c1aacfb5a1a3',
  'hex'
) // 您好，附件是本月的报价单，请查收。如有问题请随时联系。

/** Single-part text mail in GB2312 or ISO-8859-1, built by hand because MailComposer is UTF-8 only. */
function legacyMessage(d: Draft): Buffer {
  const zh = d.lang === 'zh'
  const subject = zh
    ? `=?gb2312?B?${GB2312_SUBJECT.toString('base64')}?=`
    : `=?iso-8859-1?Q?R=E9union_=E0_Gen=E8ve_:_ordre_du_jour?=`
  const body = zh
    ? GB2312_BODY.toString('base64') + '\r\n'
    : 'Bonjour,\r\n\r\nVoici l=27ordre du jour de la r=E9union de jeudi =E0 Gen=E8ve.\r\n\r\nCordialement,\r\n'
  const headers = [
    `From: ${d.from.address}`,
    `To: ${d.to.map((t) => t.address).join(', ')}`,
    `Subject: ${subject}`,
    `Date: ${rfc5322Date(d.date, d.from.tz)}`,
    `Message-ID: ${d.messageId}`,
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${zh ? 'gb2312' : 'iso-8859-1'}`,
    `Content-Transfer-Encoding: ${zh ? 'base64' : 'quoted-printable'}`
  ]
  return Buffer.from(headers.join('\r\n') + '\r\n\r\n' + body, 'latin1')
}

async function compose(d: Draft, rng: Rng, boundary: string): Promise<Buffer> {
  if (d.legacyCharset) return legacyMessage(d)
  const text = textBody(d)
  const composer = new MailComposer({
    from: addr(d.from),
    to: d.to.map(addr),
    cc: d.cc.length ? d.cc.map(addr) : undefined,
    subject: d.subject,
    messageId: d.messageId,
    date: rfc5322Date(d.date, d.from.tz), // a string keeps the sender's timezone
    inReplyTo: d.inReplyTo,
    references: d.references.length ? d.references : undefined,
    baseBoundary: boundary,
    text,
    html: d.plainOnly ? undefined : htmlBody(d, rng),
    attachments: d.attachments.map((a) => ({ filename: a.filename, content: attachmentContent(rng, a.kind) }))
  })
  return composer.compile().build()
}

function pickOthers(rng: Rng, n: number, exclude: Contact[]): Contact[] {
  const out: Contact[] = []
  while (out.length < n) {
    const k = rng.pick(CONTACTS)
    if (!exclude.includes(k) && !out.includes(k)) out.push(k)
  }
  return out
}

export async function generateCorpus(opts: CorpusOptions): Promise<CorpusMessage[]> {
  const rng = new Rng(opts.seed)
  const folder = opts.folder ?? 'inbox'
  const local = opts.selfAddress.split('@')[0] ?? 'me'
  const self: Contact = c(local.charAt(0).toUpperCase() + local.slice(1), opts.selfAddress, 'en', 420)
  const selfDomain = opts.selfAddress.split('@')[1] ?? 'localhost'
  const drafts: Draft[] = []

  const newId = (sender: Contact, date: Date): string => {
    const domain = sender === self ? selfDomain : (sender.address.split('@')[1] ?? 'example.com')
    return `<${date.getTime().toString(36)}.${rng.hex(12)}@${domain}>`
  }

  while (drafts.length < opts.count) {
    // A 10% chance to start a thread of 2-6 puts ~30% of messages in threads.
    const size = rng.chance(0.1) ? Math.min(rng.int(2, 6), opts.count - drafts.length) : 1
    const people = pickOthers(rng, rng.int(1, 3), [])
    const lead = people[0] as Contact
    const lang = lead.lang
    const base = rng.pick(SUBJECTS[lang])
    const forwarded = size === 1 && rng.chance(0.05)
    let date = new Date(ANCHOR - Math.floor(rng.float() * SPAN_MS))
    const chain: Draft[] = []
    for (let i = 0; i < size; i++) {
      const from = folder === 'sent' ? self : (people[i % people.length] as Contact)
      const to = folder === 'sent' ? people.slice(0, 1 + (i % people.length)) : [self]
      const ccPool = folder === 'sent' ? [] : people.filter((p) => p !== from)
      const cc = rng.chance(0.2) ? [...ccPool.slice(0, 1), ...pickOthers(rng, 1, [from, ...ccPool])] : ccPool
      const prev = chain[i - 1]
      let subject = forwarded ? FORWARD_PREFIX[lang] + base : base
      if (prev) subject = (i >= 3 && rng.chance(0.3) ? 'AW: Re: ' : rng.pick(REPLY_PREFIX[lang])) + base
      const legacy = size === 1 && (lang === 'zh' || lang === 'fr') && rng.chance(0.08)
      const draft: Draft = {
        from,
        to,
        cc,
        date,
        subject,
        lang,
        paragraphs: paragraphs(rng, lang, to[0] as Contact, from),
        attachments: rng.chance(0.2)
          ? [...new Set(Array.from({ length: rng.int(1, 2) }, () => rng.pick(ATTACHMENTS)))]
          : [],
        plainOnly: rng.chance(0.15),
        legacyCharset: legacy,
        messageId: newId(from, date),
        references: prev ? [...prev.references, prev.messageId].slice(-10) : []
      }
      if (prev) {
        draft.inReplyTo = prev.messageId
        draft.quote = {
          intro: QUOTE_INTRO[lang](rfc5322Date(prev.date, prev.from.tz), prev.from.name),
          text: prev.paragraphs.join('\n\n')
        }
      }
      if (legacy) draft.attachments = []
      chain.push(draft)
      // Replies follow within 10 minutes to 3 days.
      date = new Date(date.getTime() + rng.int(10 * 60, 3 * 24 * 3600) * 1000)
    }
    drafts.push(...chain)
  }

  drafts.sort((a, b) => a.date.getTime() - b.date.getTime())
  const out: CorpusMessage[] = []
  for (const [i, d] of drafts.entries()) {
    const raw = await compose(d, rng, `${opts.seed.toString(16)}-${i}`)
    out.push({
      raw,
      messageId: d.messageId,
      subject: d.legacyCharset
        ? d.lang === 'zh'
          ? '关于下周会议的安排'
          : 'Réunion à Genève : ordre du jour'
        : d.subject,
      from: d.from.address,
      fromName: d.legacyCharset ? '' : d.from.name,
      to: d.to.map((t) => t.address),
      cc: d.legacyCharset ? [] : d.cc.map((t) => t.address),
      date: d.date,
      ...(d.inReplyTo ? { inReplyTo: d.inReplyTo } : {}),
      references: d.references,
      hasAttachment: d.attachments.length > 0,
      attachmentNames: d.attachments.map((a) => a.filename),
      text: d.legacyCharset ? (d.lang === 'zh' ? GB2312_TEXT : LATIN1_TEXT) : textBody(d)
    })
  }
  return out
}
