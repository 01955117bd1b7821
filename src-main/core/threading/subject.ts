// Reply and forward prefixes in the languages our users write in, so "AW: 回复: Re[2]: Quote"
// threads with "Quote". Longest alternatives first so "Fwd" wins over "Fw".
const REPLY_PREFIX =
  /^\s*(?:re|fwd|fw|aw|sv|vs|tr|wg|antw|ant|rif|res|ref|balas|bls|r|回复|回覆|答复|答覆|转发|轉寄|转寄)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i
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
