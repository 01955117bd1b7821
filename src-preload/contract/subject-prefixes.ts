// Reply and forward prefixes in the languages mail programs write them in (Outlook, Gmail,
// Thunderbird, Apple Mail, Foxmail), so "AW: 回复: Re[2]: Quote" threads with "Quote" (the core's
// threading/subject.ts) and a reply to "AW: Angebot" is titled "AW: Angebot", not
// "Re: AW: Angebot" (the composer's replySubject). A prefix missing here makes every reply look
// like an edited subject, which starts a thread of its own.

/** Reply prefixes: German, Scandinavian, Finnish, Dutch, Italian, Portuguese, Indonesian, Chinese. */
export const REPLY_WORDS = 're aw sv vs antw ant rif res ref r balas bls 回复 回覆 答复 答覆'
/** Forward prefixes. A reply to a forwarded message is still titled "Re: Fwd: …". */
export const FORWARD_WORDS = 'fwd fw wg tr 转发 轉寄 转寄'
/**
 * The forwards among LOCAL_WORDS: Dutch, Swedish, Finnish, Portuguese, Spanish, Polish,
 * Hungarian, Turkish, Latvian, Greek, Russian, Hebrew, Korean.
 */
export const LOCAL_FORWARD_WORDS = 'doorst vb vl enc rv pd tov ilt İlt prd πρθ пересл הועבר 전달'
/**
 * Also stripped for the thread key, so replies written with them stay in their thread; but as
 * short words ("PD: Q3 roadmap", "ENC: Annual report") they can begin a subject that is no reply.
 */
export const LOCAL_WORDS = [
  LOCAL_FORWARD_WORDS,
  // Polish and Czech, Turkish, Latvian replies
  'odp ynt vá atb',
  // Greek, Russian, Hebrew, Korean replies
  'σχετ απ ответ отв השב 회신 답장'
].join(' ')

/**
 * Matches one leading prefix of `words` (space-separated): "AW:", "Re[2]:", "回复：", "RE :". The
 * spaces before a count are inside its group: two runs a failed match could share out ("\s*(…)?\s*")
 * made a prefix word, a long run of spaces and no colon quadratic (forward-message.test.ts).
 */
export const prefixPattern = (words: string): RegExp =>
  new RegExp(String.raw`^\s*(?:${words.split(' ').join('|')})(?:\s*(?:\[\d+\]|\(\d+\)))?\s*[:：]\s*`, 'i')

const FORWARD_FIRST = prefixPattern(`${FORWARD_WORDS} ${LOCAL_FORWARD_WORDS}`)
const LIST_TAGS = /^(?:\s*\[[^\]]{1,40}\])*/

/**
 * Whether the subject says the message is a forward: its first prefix (after any list tags) is a
 * forward's, in any language ("FW: Re: Offer", "[team] WG: Angebot"; not "Re: Fwd: Offer", a
 * reply). The short local words make a rare "PD: Q3 roadmap" count too.
 */
export function isForwardSubject(subject: string): boolean {
  return FORWARD_FIRST.test(subject.replace(LIST_TAGS, ''))
}
