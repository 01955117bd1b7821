// Keeps the core's copy of the drafts in step with the UI store, off the typing path: text is
// saved a moment after the last keystroke (or at once on flush: a field left, the page hidden),
// files as soon as they are picked or removed, and an emptied or sent draft is let go at once.
import type { CommandInput, DraftPlace, OutgoingAttachment, Response } from '../../../../src-preload/contract'
import { isTooLarge } from '../outbox/attachment-files'
import { placeKey, saveInput, type ComposerDraft, type Placed } from './draft-places'

/** After the last keystroke; a writer who never pauses is still saved every MAX_WAIT_MS. */
export const SAVE_DELAY_MS = 1000
const MAX_WAIT_MS = 5000

export type DraftApi = {
  save: (input: CommandInput<'drafts.save'>) => Promise<Response<unknown>>
  remove: (place: DraftPlace) => Promise<Response<unknown>>
}

type Deps = {
  /** The drafts in the UI store now, by place. */
  read: () => Map<string, Placed>
  api: DraftApi
  /** The files' bytes, as drafts.save takes them. */
  encode: (files: readonly File[]) => Promise<OutgoingAttachment[]>
  log: (message: string) => void
}

/** What the core holds at a place, as far as this window knows: the draft and the files saved. */
type Kept = { place: DraftPlace; draft: ComposerDraft; files: readonly File[] | null }

type Pending = { timer: ReturnType<typeof setTimeout>; since: number }

export class DraftSaver {
  private kept = new Map<string, Kept>()
  private readonly pending = new Map<string, Pending>()
  private readonly queues = new Map<string, Promise<void>>()
  /** Moves when the workspace changes: writes begun for the one before are dropped. */
  private generation = 0
  /** Until the kept drafts are loaded nothing is written, so nothing kept is written over. */
  private paused = true

  constructor(private readonly deps: Deps) {}

  /** The store changed: each place that differs from what is kept is written, now or after a pause. */
  changed(): void {
    if (this.paused) return
    const current = this.deps.read()
    for (const key of new Set([...current.keys(), ...this.kept.keys()])) {
      const now = current.get(key)
      const kept = this.kept.get(key)
      if (now?.draft === kept?.draft) continue
      // Files (picked, removed) and a draft let go are written at once; text after a pause.
      if (!now || this.filesToSave(now.draft, kept)) this.writeSoon(key)
      else this.writeLater(key)
    }
  }

  /** Writes what waits for the pause now: a field was left, the page is going away. */
  flush(): void {
    for (const key of [...this.pending.keys()]) this.writeSoon(key)
  }

  /** The workspace is changing: nothing more is written until `resume` says what it keeps. */
  pause(): void {
    this.paused = true
    this.generation++
    for (const { timer } of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
    this.kept.clear()
  }

  /** The drafts the core keeps, at their places; whatever the store holds beyond them is written. */
  resume(kept: readonly Placed[]): void {
    this.kept = new Map(
      kept.map((p) => [placeKey(p.place), { place: p.place, draft: p.draft, files: p.draft.files }])
    )
    this.paused = false
    this.changed()
  }

  /** The draft's files when the core does not have them yet; over 25 MB they wait (the text does not). */
  private filesToSave(draft: ComposerDraft, kept: Kept | undefined): readonly File[] | null {
    const keptFiles = kept?.files ?? []
    if (draft.files === keptFiles || (draft.files.length === 0 && keptFiles.length === 0)) return null
    return isTooLarge(draft.files) ? null : draft.files
  }

  private writeLater(key: string): void {
    const now = Date.now()
    const pending = this.pending.get(key)
    if (pending && now - pending.since >= MAX_WAIT_MS) return
    if (pending) clearTimeout(pending.timer)
    const timer = setTimeout(() => this.writeSoon(key), SAVE_DELAY_MS)
    this.pending.set(key, { timer, since: pending?.since ?? now })
  }

  /** One write at a time per place, each taking the draft as it is when its turn comes. */
  private writeSoon(key: string): void {
    const pending = this.pending.get(key)
    if (pending) clearTimeout(pending.timer)
    this.pending.delete(key)
    const generation = this.generation
    const queue = (this.queues.get(key) ?? Promise.resolve())
      .then(() => this.write(key, generation))
      .catch((error: unknown) => this.deps.log(`Could not keep a draft: ${String(error)}`))
    this.queues.set(key, queue)
  }

  private async write(key: string, generation: number): Promise<void> {
    if (generation !== this.generation) return
    const now = this.deps.read().get(key)
    const kept = this.kept.get(key)
    if (!now) {
      if (!kept) return
      const response = await this.deps.api.remove(kept.place)
      if (!response.ok) throw new Error(response.error.message)
      if (generation === this.generation && this.kept.get(key) === kept) this.kept.delete(key)
      return
    }
    if (now.draft === kept?.draft) return
    const files = this.filesToSave(now.draft, kept)
    const attachments = files ? await this.deps.encode(files) : undefined
    if (generation !== this.generation) return
    const response = await this.deps.api.save(saveInput(now, attachments))
    if (!response.ok) throw new Error(response.error.message)
    if (generation !== this.generation) return
    this.kept.set(key, { place: now.place, draft: now.draft, files: files ?? kept?.files ?? null })
  }
}
