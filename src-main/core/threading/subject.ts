// Reply and forward prefixes in the languages mail programs write them in (Outlook, Gmail,
// Thunderbird, Apple Mail, Foxmail), so "AW: 回复: Re[2]: Quote" threads with "Quote". A prefix
// missing here makes every reply look like an edited subject, which starts a thread of its own.
// Longer alternatives first so "Fwd" wins over "Fw".
const PREFIXES = [
  // English, German, Scandinavian, Finnish, Dutch, Italian, Portuguese, Spanish, French
  'fwd fw re aw wg sv vs vb vl doorst antw ant rif res ref enc rv tr r',
  // Polish and Czech, Turkish, Hungarian, Latvian
  'odp pd ynt ilt İlt vá tov atb prd',
  // Indonesian and Malay
  'balas bls',
  // Greek, Russian, Hebrew, Korean
  'σχετ απ πρθ ответ отв пересл השב הועבר 회신 답장 전달',
  // Chinese
  '回复 回覆 答复 答覆 转发 轉寄 转寄'
].flatMap((group) => group.split(' '))
const REPLY_PREFIX = new RegExp(
  String.raw`^\s*(?:${PREFIXES.join('|')})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*`,
  'i'
)
// Mailing-list tags such as "[team]" are not replies, but they are not part of the topic either.
const LIST_TAG = /^\s*\[[^\]]{1,40}\]\s*/

export function stripReplyPrefixes(subject: string): { base: string; hadPrefix: boolean } {
  let base = subject
  let hadPrefix = false
  for (let guard = 0; guard < 20; guard++) {
    const withoutReply = base.replace(REPLY_PREFIX, '')
    if (withoutReply !== base) {
      hadPrefix = true
      base = withoutReply
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
