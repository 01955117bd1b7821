// Subjects compared for threading. The prefix words are shared with the composer's replySubject
// (src-preload/contract/subject-prefixes.ts).
import {
  FORWARD_WORDS,
  LOCAL_WORDS,
  REPLY_WORDS,
  prefixPattern
} from '../../../src-preload/contract/subject-prefixes'

// Prefixes that a subject which is not a reply rarely starts with. Only these make a message
// without References a reply (isReplySubject, for the subject fallback that joins a thread with
// the same correspondent).
const REPLY_OR_FORWARD = `${REPLY_WORDS} ${FORWARD_WORDS}`
const REPLY_PREFIX = prefixPattern(REPLY_OR_FORWARD)
const ANY_PREFIX = prefixPattern(`${REPLY_OR_FORWARD} ${LOCAL_WORDS}`)
// Mailing-list tags such as "[team]" are not replies, but they are not part of the topic either.
const LIST_TAG = /^\s*\[[^\]]{1,40}\]\s*/

/** The subject without its reply, forward and list-tag prefixes; hadPrefix: a reply or forward one. */
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
