// Where the earlier conversation a reply carries below itself starts in a plain-text body, so the
// thread view can fold it behind "Show quoted text" (as Gmail and Thunderbird do): each reply
// repeats the whole thread. Only a trailing quote folds; quotes between answers (an inline reply)
// are part of what was written. Pure, so it is unit-tested with real clients' header forms.
import { isForwardSubject } from '../../../../src-preload/contract/subject-prefixes'

// "On <date>, <name> wrote:" in the languages of our users and of their clients' defaults. The
// verb may stand anywhere in the line ("Am … schrieb Bob <bob@x.de>:"), which ends with a colon.
const ATTRIBUTION_VERB = new RegExp(
  [
    String.raw`\bwrote\b`,
    String.raw`\bwrites\b`,
    String.raw`\bschrieb\b`,
    String.raw`\ba écrit\b`,
    String.raw`\bescribió`,
    String.raw`\bescreveu\b`,
    String.raw`\bmenulis\b`,
    '写道',
    '寫道',
    String.raw`\bschreef\b`,
    String.raw`\bha scritto\b`,
    String.raw`\bskrev\b`,
    String.raw`\bnapisał`,
    'написал',
    String.raw`\bkirjoitti\b`,
    'yazdı'
  ].join('|'),
  'iu'
)
const ENDS_WITH_COLON = /[:：]\s*$/
// How a wrapped attribution's first line begins ("On Tue, 5 Mar 2024 at 10:00, Bob <" + "bob@x> wrote:").
const ATTRIBUTION_OPENER = /^\s*(?:(?:On|Am|Le|El|Em|Pada|Op|Il|Den|W dniu)\s|在)/u

// Outlook and Foxmail put a header block above the quoted mail instead of "> ".
export const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Mensagem original|Pesan Asli|原始邮件|原始郵件|Oorspronkelijk bericht|Messaggio originale)\s*-{2,}\s*$/iu
const RULE = /^\s*_{16,}\s*$/
// Never two runs of spaces a failed match can share out in many ways ("\s*\*?\s*"): a line of a
// word and 100k spaces then took seconds, and a hostile mail froze the window (text-quote.test.ts).
export const FROM_FIELD = /^\s*\*?(?:From|Von|De|Dari|发件人|寄件者|Van|Da|Från|Od|От)\s*(?:\*\s*)?[:：]/iu
const SENT_FIELD =
  /^\s*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado(?: el)?|Enviada(?: em)?|Data|Dikirim|Tanggal|发送时间|日期|寄件日期|傳送時間|Verzonden|Inviato|Skickat|Wysłano|Отправлено)\s*(?:\*\s*)?[:：]/iu
// Outlook always writes the Subject in its block; a From and a Date alone are as likely a booking
// or an itinerary ("From: Jakarta (CGK) … Date: 12 Mar"), which must not fold.
const SUBJECT_FIELD =
  /^\s*\*?(?:Subject|Betreff|Objet|Asunto|Assunto|Perihal|Subjek|主题|主旨|Onderwerp|Oggetto|Ämne|Temat|Тема)\s*(?:\*\s*)?[:：]/iu
// Outlook wraps a long To: or Cc: (many recipients) over lines that start with no field name.
const RECIPIENTS_FIELD =
  /^\s*\*?(?:To|Cc|An|Kopie|À|A|Para|Kepada|Tembusan|收件人|收件者|抄送|副本|Aan|Till|Kopia|Do|DW|Кому|Копия)\s*(?:\*\s*)?[:：]/iu
// Any field of the block, so a wrapped To: ends where the next field starts: a line that begins
// with a word (or two, "Enviado el") and a colon. Not a recipient: Outlook writes "Name <address>;".
const FIELD_START = /^\s*\*?\p{L}+(?: \p{L}+)?\s*(?:\*\s*)?[:：]/u
// How far below the From: line its Sent: and Subject: may be, and how many lines a wrapped To:/Cc:
// may add (about 500 recipients at Outlook's 76 columns).
const BLOCK_LINES = 6
const MAX_WRAPPED = 200

// A forward is the message itself, not history: what follows one of these never folds.
export const FORWARD_WORDS =
  /Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Mensagem encaminhada|Pesan yang diteruskan|Pesan Terusan|转发的邮件|轉寄的郵件|Doorgestuurd bericht|Messaggio inoltrato|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:|Début du message réexpédié :|Inicio del mensaje reenviado:|Início da mensagem reencaminhada:/iu
const FORWARD_MARKER = new RegExp(
  String.raw`^\s*(?:-{2,}\s*)?(?:${FORWARD_WORDS.source})\s*(?:-{2,}\s*)?$`,
  'iu'
)

const QUOTED = /^\s*>/
const isBlank = (line: string) => line.trim() === ''

/** Where each line starts in the text, and the lines (without their line break). */
function splitLines(text: string): { lines: string[]; starts: number[] } {
  const lines: string[] = []
  const starts: number[] = []
  let at = 0
  for (const line of text.split('\n')) {
    starts.push(at)
    lines.push(line.replace(/\r$/, ''))
    at += line.length + 1
  }
  return { lines, starts }
}

/** The line above `index` that is not blank, or -1. */
function previousNonBlank(lines: readonly string[], index: number): number {
  let at = index - 1
  while (at >= 0 && isBlank(lines[at]!)) at--
  return at
}

/** Whether one line (a wrapped one joined) says who wrote what is quoted below it. */
export function isAttribution(line: string): boolean {
  return line.length <= 400 && ENDS_WITH_COLON.test(line) && ATTRIBUTION_VERB.test(line)
}

/** The first line of the attribution that ends at line `last` (up to 3 lines when wrapped), or null. */
function attributionStart(lines: readonly string[], last: number): number | null {
  let found: number | null = null
  for (let count = 1; count <= 3 && last - count + 1 >= 0; count++) {
    const first = last - count + 1
    if (count > 1 && isBlank(lines[first]!)) break
    const joined = lines.slice(first, last + 1).join(' ')
    if (!isAttribution(joined)) continue
    if (count === 1 || ATTRIBUTION_OPENER.test(lines[first]!)) found = first
  }
  return found
}

/** The first line of the trailing run of "> " lines with its attribution, or null. */
function trailingQuotedRun(lines: readonly string[]): number | null {
  let at = lines.length - 1
  while (at >= 0 && isBlank(lines[at]!)) at--
  if (at < 0 || !QUOTED.test(lines[at]!)) return null
  let first = at
  while (at >= 0 && (QUOTED.test(lines[at]!) || isBlank(lines[at]!))) {
    if (QUOTED.test(lines[at]!)) first = at
    at--
  }
  const above = previousNonBlank(lines, first)
  return above >= 0 ? (attributionStart(lines, above) ?? first) : first
}

/**
 * Whether the lines below a From: line (`from`) hold a Sent: and a Subject: within the next
 * BLOCK_LINES, not counting the lines a wrapped To:/Cc: goes on over (many recipients). Up to
 * MAX_WRAPPED lines of those in all, and every other line counts, so a From: line looks at a bounded
 * number of lines and no more than BLOCK_LINES + 1 From: lines ever look at the same one: linear.
 */
function hasSentAndSubject(lines: readonly string[], from: number): boolean {
  let sent = false
  let subject = false
  let inRecipients = false
  let counted = 0
  let wrapped = 0
  for (let at = from + 1; at < lines.length && counted < BLOCK_LINES; at++) {
    const line = lines[at]!
    const blank = isBlank(line)
    const field: boolean = !blank && FIELD_START.test(line) && !(inRecipients && isRecipientLine(line))
    if (inRecipients && !field && !blank && wrapped < MAX_WRAPPED) {
      wrapped++
      continue
    }
    counted++
    inRecipients = field && RECIPIENTS_FIELD.test(line)
    if (!field) continue
    sent ||= SENT_FIELD.test(line)
    subject ||= SUBJECT_FIELD.test(line)
    if (sent && subject) return true
  }
  return false
}

/**
 * A wrapped To:/Cc: line that only looks like a field: a recipient whose name has a colon
 * ("Sales: Ana <sales@example.com>;"). A field the block is looked through for is still one.
 */
function isRecipientLine(line: string): boolean {
  if (!line.includes('@')) return false
  return ![FROM_FIELD, SENT_FIELD, SUBJECT_FIELD, RECIPIENTS_FIELD].some((known) => known.test(line))
}

/** The first line of an Outlook-style header block (with its separator line), or null. */
function firstHeaderBlock(lines: readonly string[]): number | null {
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!
    if (ORIGINAL_MESSAGE.test(line)) return at
    if (!FROM_FIELD.test(line) || !hasSentAndSubject(lines, at)) continue
    const above = previousNonBlank(lines, at)
    return above >= 0 && RULE.test(lines[above]!) ? above : at
  }
  return null
}

/**
 * The offset in `text` where its trailing quote starts (right after the last line written
 * above it, so the blank lines between fold too), or null when nothing should fold: no quote,
 * a quote that is the whole message, or a forward. `subject`, the message's: Outlook writes the
 * same From:/Sent: block above a forwarded message as above a quoted one, so only "FW:" tells.
 */
export function trailingQuoteStart(text: string, subject: string): number | null {
  if (isForwardSubject(subject)) return null
  const { lines, starts } = splitLines(text)
  const candidates = [trailingQuotedRun(lines), firstHeaderBlock(lines)].filter((l) => l !== null)
  if (candidates.length === 0) return null
  const firstLine = Math.min(...candidates)
  const above = lines.slice(0, firstLine)
  if (above.every(isBlank) || above.some((line) => FORWARD_MARKER.test(line))) return null
  const lastWritten = previousNonBlank(lines, firstLine)
  return starts[lastWritten]! + lines[lastWritten]!.length
}

/**
 * Whether the text ends in quoted mail ("> " lines, or an Outlook header block), whatever is above
 * it: a reply draft continued from another program carries its own quote, and is not quoted again.
 */
export function endsWithQuote(text: string): boolean {
  const { lines } = splitLines(text)
  return trailingQuotedRun(lines) !== null || firstHeaderBlock(lines) !== null
}
