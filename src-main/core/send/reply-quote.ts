// The message a reply answers, quoted below the reply's text at send time, the way Gmail and
// Thunderbird write it: an attribution line, then each line of the message's text after "> ".
// The reply box stays clean; the recipient (in Outlook, Gmail, a phone) gets the context.

/** The message being answered, as the store has it. */
export type QuotedMessage = {
  fromName: string
  fromAddress: string
  /** Its date, in ms since the epoch. */
  date: number
  /** Its text part, or the text made of its HTML (bodyText); null or blank: nothing to quote. */
  text: string | null
}

/**
 * How much of the answered message is quoted (UTF-16 units, about 100 KB of Latin text). Each
 * reply quotes the one before, history included, so a long exchange would grow every message;
 * past the cap the rest is cut at a line and said to be. Gmail clips messages past 102 KB.
 */
export const MAX_QUOTED_CHARS = 100_000

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * "Mon, 7 Dec 2026 at 14:05" in `timeZone` (the core's own, the sender's, when not given): the
 * time the sender saw the message arrive, as Gmail writes it. The answered message's own offset
 * is not stored, and the recipient's is not known.
 */
export function attributionDate(date: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(new Date(date))
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  const weekday = WEEKDAYS.find((day) => part('weekday').startsWith(day)) ?? part('weekday')
  const month = MONTHS[Number(part('month')) - 1] ?? part('month')
  return `${weekday}, ${Number(part('day'))} ${month} ${part('year')} at ${part('hour')}:${part('minute')}`
}

/** One line: a crafted name with line breaks cannot start a line of its own. */
const oneLine = (value: string) => value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim()

/**
 * "On Mon, 7 Dec 2026 at 14:05, Ana Lima <ana@client.test> wrote:". In English whatever the
 * sender's UI language: the recipient reads it and their language is unknown, the CLI that sends
 * replies too has no UI language, and "On … wrote:" is the line other mail programs recognise to
 * fold the quote away.
 */
export function attributionLine(message: QuotedMessage, timeZone?: string): string {
  const name = oneLine(message.fromName)
  const address = oneLine(message.fromAddress)
  const who = name && address ? `${name} <${address}>` : name || address || 'Unknown sender'
  return `On ${attributionDate(message.date, timeZone)}, ${who} wrote:`
}

/**
 * The line without the spaces and tabs at its end. Not /[ \t]+$/ (nor /\s+$/ for a whole text):
 * a regex tries that at each space of a run it then finds not at the end, quadratic in a hostile
 * message's long run of spaces (seconds of the core's time at send).
 */
function withoutTrailingBlanks(line: string): string {
  let end = line.length
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--
  return line.slice(0, end)
}

/** The text cut to `max` units at the end of a line, no surrogate pair split. */
function capped(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false }
  let end = text.lastIndexOf('\n', max)
  if (end <= 0) end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max
  return { text: text.slice(0, end), cut: true }
}

/**
 * Each line after "> ", or after ">" alone when it is quoted already (">> older"), so the depth
 * reads as RFC 3676 counts it. No line ends in a space: in format=flowed a trailing space joins
 * the next line, and an empty line is ">" alone. Long lines stay whole (rewrapping changes what
 * they said; quoted-printable carries them).
 */
export function quotedLines(text: string, max = MAX_QUOTED_CHARS): string {
  const normal = text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
  const { text: kept, cut } = capped(normal, max)
  // A cut after a paragraph leaves its blank lines, and "[Quoted text shortened]" adds one more.
  const lines = kept
    .trimEnd()
    .split('\n')
    .map((line) => {
      const bare = withoutTrailingBlanks(line)
      if (bare === '') return '>'
      return bare.startsWith('>') ? `>${bare}` : `> ${bare}`
    })
    // One blank line between paragraphs: the text made of Gmail's HTML (`<div><br></div>`) has two.
    .filter((line, i, all) => !(line === '>' && all[i - 1] === '>'))
  if (cut) lines.push('>', '> [Quoted text shortened]')
  return lines.join('\n')
}

/**
 * The reply's text with the answered message quoted below it; the text alone when that message
 * has no text to quote (attachments only, or not stored).
 */
export function withQuote(replyText: string, message: QuotedMessage | null, timeZone?: string): string {
  if (!message?.text || message.text.trim() === '') return replyText
  const quote = `${attributionLine(message, timeZone)}\n${quotedLines(message.text)}`
  const text = replyText.trimEnd()
  return text === '' ? quote : `${text}\n\n${quote}`
}
