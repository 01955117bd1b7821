// What the core holds at a place, as far as this window knows, and which files it still lacks.
import { DRAFT_LIMITS, type DraftPlace } from '../../../../src-preload/contract'
import { isTooLarge } from '../outbox/attachment-files'
import type { ComposerDraft } from './draft-places'

/** The draft and the files saved; `refused`, files the core would not take (not offered again). */
export type Kept = {
  place: DraftPlace
  draft: ComposerDraft
  files: readonly File[] | null
  refused?: readonly File[]
}

/**
 * The draft's files when the core does not have them yet. Over 25 MB or over 100 files they
 * wait, as sending would refuse them too (the text does not wait).
 */
export function filesToSave(draft: ComposerDraft, kept: Kept | undefined): readonly File[] | null {
  const keptFiles = kept?.files ?? []
  if (draft.files === keptFiles || (draft.files.length === 0 && keptFiles.length === 0)) return null
  if (draft.files === kept?.refused) return null
  const tooMany = draft.files.length > DRAFT_LIMITS.files
  return tooMany || isTooLarge(draft.files) ? null : draft.files
}
