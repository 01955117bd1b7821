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
 * Also stripped for the thread key, so replies written with them stay in their thread; but as
 * short words ("PD: Q3 roadmap", "ENC: Annual report") they can begin a subject that is no reply.
 */
export const LOCAL_WORDS = [
  // Dutch, Swedish and Finnish forwards, Portuguese and Spanish forwards
  'doorst vb vl enc rv',
  // Polish and Czech, Turkish, Hungarian, Latvian
  'odp pd ynt ilt İlt vá tov atb prd',
  // Greek, Russian, Hebrew, Korean
  'σχετ απ πρθ ответ отв пересл השב הועבר 회신 답장 전달'
].join(' ')

/** Matches one leading prefix of `words` (space-separated): "AW:", "Re[2]:", "回复：", "RE :". */
export const prefixPattern = (words: string): RegExp =>
  new RegExp(String.raw`^\s*(?:${words.split(' ').join('|')})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*`, 'i')
