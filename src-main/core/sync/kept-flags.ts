// Which flags a folder keeps for this mailbox: its PERMANENTFLAGS. A folder this mailbox may read
// but not change (a shared folder without write rights) keeps none. imapflow leaves such flags
// out of STORE without a word, and Dovecot answers OK to a STORE it may not apply, so these
// are the only way to tell before the server's flags come back unchanged.
import type { MailboxObject } from 'imapflow'
import { keptByRights } from './folder-rights'

/** The flags the selected folder keeps; null when the server lists none, which means all (RFC 3501 7.1). */
export function keptFlags(mailbox: MailboxObject): string[] | null {
  if (mailbox.readOnly) return []
  return mailbox.permanentFlags ? [...mailbox.permanentFlags] : null
}

/** The list as folders.kept_flags_json stores it (null: not known yet, every flag kept). */
export function storedKeptFlags(json: string | null): string[] | null {
  return json === null ? null : (JSON.parse(json) as string[])
}

/**
 * Those of `flags` a folder keeping `kept` cannot keep. `\*` allows new keywords only, never a
 * system flag. Flags match in any case.
 */
export function flagsNotKeptBy(kept: string[] | null, flags: string[]): string[] {
  if (kept === null) return []
  const keeps = new Set(kept.map((flag) => flag.toLowerCase()))
  const keywordsAllowed = keeps.has('\\*')
  return flags.filter((flag) => !keeps.has(flag.toLowerCase()) && (flag.startsWith('\\') || !keywordsAllowed))
}

/** The flags a STORE in the selected folder could not keep. */
export function flagsNotKept(mailbox: MailboxObject, flags: string[]): string[] {
  return flagsNotKeptBy(keptFlags(mailbox), flags)
}

/** What a folder row knows of what it keeps: from selecting it, and from its rights. */
export type KnownKept = { kept_flags_json: string | null; my_rights: string | null }

/**
 * Those of `flags` the folder is known not to keep, by either source. Both are asked: the
 * PERMANENTFLAGS seen last, and the rights, known before the folder was ever selected.
 */
export function flagsNotKeptByFolder(folder: KnownKept, flags: string[]): string[] {
  const refused = new Set([
    ...flagsNotKeptBy(storedKeptFlags(folder.kept_flags_json), flags),
    ...(folder.my_rights === null ? [] : flagsNotKeptBy(keptByRights(folder.my_rights), flags))
  ])
  return flags.filter((flag) => refused.has(flag))
}
