// Reply and forward prefixes in the languages mail programs write them in (Outlook, Gmail,
// Thunderbird, Apple Mail, Foxmail), so "AW: 回复: Re[2]: Quote" threads with "Quote". A prefix
// missing here makes every reply look like an edited subject, which starts a thread of its own.

// Prefixes that a subject which is not a reply rarely starts with. Only these make a message
// without References a reply (isReplySubject, for the subject fallback that joins a thread with
// the same correspondent).
const REPLY_WORDS =
  'fwd fw re aw wg sv vs tr antw ant rif res ref r balas bls 回复 回覆 答复 答覆 转发 轉寄 转寄'
// Also stripped for the thread key, so replies written with them stay in their thread; but as
// short words ("PD: Q3 roadmap", "ENC: Annual report") they can begin a subject that is no reply.
const LOCAL_WORDS = [
  // Dutch, Swedish and Finnish forwards, Portuguese and Spanish forwards
  'doorst vb vl enc rv',
  // Polish and Czech, Turkish, Hungarian, Latvian
  'odp pd ynt ilt İlt vá tov atb prd',
  // Greek, Russian, Hebrew, Korean
  'σχετ απ πρθ ответ отв пересл השב הועבר 회신 답장 전달'
].join(' ')
const prefixPattern = (words: string) =>
  new RegExp(String.raw`^\s*(?:${words.split(' ').join('|')})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*`, 'i')
const REPLY_PREFIX = prefixPattern(REPLY_WORDS)
const ANY_PREFIX = prefixPattern(`${REPLY_WORDS} ${LOCAL_WORDS}`)
// Mailing-list tags such as "[team]" are not replies, but they are not part of the topic either.
const LIST_TAG = /^\s*\[[^\]]{1,40}\]\s*/

/** The subject without its reply, forward and list-tag prefixes; hadPrefix: one of REPLY_WORDS. */
export function stripReplyPrefixes(subject: string): { base: string; hadPrefix: boolean } {
  let base = subject
  let hadPrefix = false
  for (let guard = 0; guard < 20; guard++) {
    const withoutPrefix = base.replace(ANY_PREFIX, '')
    if (withoutPrefix !== base) {
      hadPrefix ||= REPLY_PREFIX.test(base)
      base = withoutPrefix
      continue
    }
    const withoutTag = base.replace(LIST_TAG, '')
    if (withoutTag === base || withoutTag.trim() === '') break
    base = withoutTag
  }
  return { base, hadPrefix }
}

/** Comparison key for subjects: prefixes stripped, case and whitespace folded. */
export function normalizeSubject(subject: string): string {
  return stripReplyPrefixes(subject).base.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

export function isReplySubject(subject: string): boolean {
  return stripReplyPrefixes(subject).hadPrefix
}
