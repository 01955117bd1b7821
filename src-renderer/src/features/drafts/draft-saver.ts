// Keeps the core's copy of the drafts in step with the UI store, off the typing path: text is
// saved a moment after the last keystroke (or at once on flush: a field left, the page hidden),
// files as soon as they are picked or removed, a whole draft put in a place (Undo, Open) at once,
// and an emptied or sent draft is let go at once. A failed save is tried again until it works,
// but for a reply whose conversation is gone (NOT_FOUND), which would be refused for ever.
// Each save and delete names the version of the draft this window last knew the core to hold
// there (`seen`): another window's newer draft is refused rather than written over
// (DRAFT_CHANGED), and taken in by followCore, this window's text then set aside beside it.
import type {
  CommandInput,
  Draft,
  DraftPlace,
  DraftSeen,
  ErrorCode,
  OutgoingAttachment,
  Response
} from '../../../../src-preload/contract'
import {
  placeKey,
  placeOfDraft,
  saveInput,
  versionOf,
  type ComposerDraft,
  type DraftVersion,
  type Placed
} from './draft-places'
import { filesToSave, type Kept } from './kept-drafts'
import { RetryTimers } from './retry-timers'

/** After the last keystroke; a writer who never pauses is still saved every MAX_WAIT_MS. */
export const SAVE_DELAY_MS = 1000
const MAX_WAIT_MS = 5000

/** `seen`: the version of the draft this window last knew at the place, null for none. */
export type DraftApi = {
  save: (input: CommandInput<'drafts.save'>, seen: DraftSeen) => Promise<Response<unknown>>
  remove: (place: DraftPlace, seen: DraftSeen) => Promise<Response<unknown>>
}

/** A place where the core's draft differs from what this window knows it keeps (null: none there). */
export type Differing = { key: string; place: DraftPlace; stored: Draft | null }

/** What the store does when the core has another draft at a place (drafts.list read again). */
export type CoreDraft = {
  place: DraftPlace
  /** The core's draft, put at the place (null: none there any more). */
  draft: ComposerDraft | null
  /** What this window was writing there, not saved: set aside beside it. */
  mine: ComposerDraft | null
}

/** When a read of the core's drafts began: a place this window wrote since is not taken from it. */
export type ReadMark = { generation: number; writes: number }

type Deps = {
  /** The drafts in the UI store now, by place. */
  read: () => Map<string, Placed>
  api: DraftApi
  /** The files' bytes, as drafts.save takes them. */
  encode: (files: readonly File[]) => Promise<OutgoingAttachment[]>
  log: (message: string) => void
  /** The places whose last save failed (they are being tried again), for the composers' hint. */
  unsaved?: (keys: ReadonlySet<string>) => void
  /** The draft at `key` is stored in the core, all of it (text and files), for the composers' hint. */
  saved?: (key: string, draft: ComposerDraft) => void
  /** A save or delete was refused as another window changed the draft since: read them again. */
  conflict?: () => void
}

type Pending = { timer: ReturnType<typeof setTimeout>; since: number }

/** The core's refusal, with its code: what is retried depends on it. */
class Refused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}

const sameVersion = (a: DraftVersion | undefined, b: DraftVersion | undefined) =>
  a?.id === b?.id && a?.revision === b?.revision

/** The codes by which the core refuses a draft's files themselves (too many, too large). */
const FILES_REFUSED: readonly ErrorCode[] = ['INVALID_INPUT', 'ATTACHMENT_TOO_LARGE']

export class DraftSaver {
  private kept = new Map<string, Kept>()
  private readonly pending = new Map<string, Pending>()
  /** Each place's last write, resolving to whether it worked. */
  private readonly queues = new Map<string, Promise<boolean>>()
  /** A draft that moved (Open of one set aside): its old place, and the place it moved to. */
  private readonly movedTo = new Map<string, string>()
  /** Places with a write under way (files being read, or the core's answer awaited). */
  private readonly writing = new Set<string>()
  private readonly retries: RetryTimers
  /** Each draft object the store has shown, and where it was at the last change. */
  private readonly seen = new WeakSet<ComposerDraft>()
  private lastRead = new Map<string, Placed>()
  /** Moves when the workspace changes: writes begun for the one before are dropped. */
  private generation = 0
  /** Until the kept drafts are loaded nothing is written, so nothing kept is written over. */
  private paused = true
  /** The version of the draft the core holds at each place, as far as this window knows. */
  private versions = new Map<string, DraftVersion>()
  /** Saves and deletes sent and not answered yet, by place. */
  private readonly calling = new Map<string, Set<Promise<Response<unknown>>>>()
  /** Counts the saves and deletes sent (and merges followed); each place's last. */
  private writesSent = 0
  private readonly lastSent = new Map<string, number>()

  constructor(private readonly deps: Deps) {
    this.retries = new RetryTimers((key) => this.writeSoon(key), deps.unsaved ?? (() => undefined))
  }

  /** The store changed: each place that differs from what is kept is written, now or after a pause. */
  changed(): void {
    if (this.paused) return
    const current = this.deps.read()
    const lets: string[] = []
    for (const key of new Set([...current.keys(), ...this.kept.keys()])) {
      const now = current.get(key)
      const kept = this.kept.get(key)
      if (this.unchanged(now, kept)) continue
      // Refused for good (conversation gone) and not changed since: written again only when it is.
      if (now && now.draft === this.lastRead.get(key)?.draft && this.retries.isStopped(key)) continue
      // A refused delete waits for its retry: sent anew at each change of the store, one was always
      // under way when the drafts were read again, so another window's draft was never shown.
      if (!now && !this.lastRead.has(key) && this.retries.isWaiting(key)) continue
      if (!now) lets.push(key)
      // Files (picked, removed) and a whole draft put here are written at once; text after a pause.
      else if (this.putHere(key, now) || filesToSave(now.draft, kept)) this.writeSoon(key)
      else this.writeLater(key)
    }
    // A draft that moved (Open of one set aside) leaves its old place once its new one is kept.
    for (const key of lets) {
      const newPlace = this.newPlaceOf(this.kept.get(key)!, current)
      if (newPlace !== undefined) this.movedTo.set(key, newPlace)
      this.writeSoon(key)
    }
    for (const placed of current.values()) this.seen.add(placed.draft)
    this.lastRead = current
  }

  /**
   * Writes every draft that differs from what is kept, now: a field was left, the page is going
   * away. Where a write is under way (a large file being read) the text goes at once beside it.
   */
  flush(): void {
    if (this.paused) return
    for (const [key, now] of this.deps.read()) {
      if (this.unchanged(now, this.kept.get(key))) continue
      if (this.writing.has(key)) this.saveTextNow(key, now)
      else this.writeSoon(key)
    }
    for (const key of this.kept.keys()) if (!this.deps.read().has(key)) this.writeSoon(key)
  }

  /** Resolves once every write begun or waiting has been made (or failed). */
  async settle(): Promise<void> {
    this.flush()
    await Promise.all([...this.queues.values()])
  }

  /** The workspace is changing: nothing more is written until `resume` says what it keeps. */
  pause(): void {
    this.paused = true
    this.generation++
    for (const { timer } of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
    this.retries.clear()
    this.kept.clear()
    this.versions.clear()
    this.writing.clear()
    this.movedTo.clear()
  }

  /**
   * A merge moved the core's copy from one place to another (threads.merged): what is kept there
   * is known at the new place now, so nothing is deleted or saved twice, and text typed since is
   * saved at the new place. Call before the store moves the draft.
   */
  moveKept(from: DraftPlace, to: DraftPlace): void {
    const fromKey = placeKey(from)
    const kept = this.kept.get(fromKey)
    const pending = this.pending.get(fromKey)
    if (pending) clearTimeout(pending.timer)
    this.pending.delete(fromKey)
    // The old place is gone: a save waiting to be tried again there would be refused.
    this.retries.succeeded(fromKey)
    // Drafts read before the move do not hold at either place any more.
    this.sent(fromKey)
    this.sent(placeKey(to))
    const version = this.versions.get(fromKey)
    this.versions.delete(fromKey)
    if (version) this.versions.set(placeKey(to), version)
    if (!kept) return
    this.kept.delete(fromKey)
    this.kept.set(placeKey(to), { ...kept, place: to })
  }

  /** The drafts the core keeps, at their places; whatever the store holds beyond them is written. */
  resume(kept: ReadonlyArray<Placed & { version?: DraftVersion }>): void {
    this.kept = new Map(
      kept.map((p) => [placeKey(p.place), { place: p.place, draft: p.draft, files: p.draft.files }])
    )
    this.versions = new Map(kept.flatMap((p) => (p.version ? [[placeKey(p.place), p.version]] : [])))
    for (const p of kept) this.seen.add(p.draft)
    this.lastRead = this.deps.read()
    this.paused = false
    this.changed()
  }

  /** Taken before reading the core's drafts again, for followCore. */
  mark(): ReadMark {
    return { generation: this.generation, writes: this.writesSent }
  }

  /**
   * The places where the core's drafts (drafts.list) are not what this window knows it keeps
   * there: another window saved or deleted them. None while paused (nothing known is kept).
   */
  differing(listed: readonly Draft[]): Differing[] {
    if (this.paused) return []
    const found: Differing[] = []
    const listedKeys = new Set<string>()
    for (const stored of listed) {
      const place = placeOfDraft(stored)
      const key = placeKey(place)
      listedKeys.add(key)
      if (this.isNewer(key, stored)) found.push({ key, place, stored })
    }
    for (const [key, kept] of this.kept)
      if (!listedKeys.has(key) && this.versions.has(key)) found.push({ key, place: kept.place, stored: null })
    return found
  }

  /**
   * Takes what another window saved or deleted (`differing`, its drafts with their files as a
   * composer holds them), at each place this window has not written to since `mark`. Where this
   * window has text of its own not saved yet, the core's draft goes in the box all the same and
   * this window's waits beside it (`put`, then saved there): neither is written over.
   */
  followCore(
    found: ReadonlyArray<Differing & { draft: ComposerDraft | null }>,
    mark: ReadMark,
    put: (drafts: CoreDraft[]) => void
  ): void {
    if (mark.generation !== this.generation || this.paused) return
    const current = this.deps.read()
    const drafts: CoreDraft[] = []
    for (const { key, place, stored, draft } of found) {
      if ((this.lastSent.get(key) ?? 0) > mark.writes || this.calling.get(key)?.size) continue
      if (stored ? !this.isNewer(key, stored) : !this.versions.has(key)) continue
      const now = current.get(key)
      const mine = now && !this.unchanged(now, this.kept.get(key)) ? now.draft : null
      if (stored && draft) {
        this.versions.set(key, { id: stored.id, revision: stored.revision })
        this.kept.set(key, { place, draft, files: draft.files })
        this.seen.add(draft)
        drafts.push({ place, draft, mine })
        this.retries.succeeded(key)
        continue
      }
      // Sent or thrown away elsewhere: what this window writes there is saved anew, nothing else.
      this.versions.delete(key)
      this.kept.delete(key)
      if (!mine) drafts.push({ place, draft: null, mine: null })
    }
    if (drafts.length > 0) put(drafts)
    this.changed()
  }

  /** The core's draft at `key` is another, or a later revision, than this window knows. */
  private isNewer(key: string, stored: Draft): boolean {
    const known = this.versions.get(key)
    return !known || known.id !== stored.id || stored.revision > known.revision
  }

  /** A draft the store already showed (brought back by Undo, opened from aside) newly at `key`. */
  private putHere(key: string, now: Placed): boolean {
    return this.lastRead.get(key)?.draft !== now.draft && this.seen.has(now.draft)
  }

  /**
   * Kept as it is: the same draft, and no files of it still to save (picked or removed while
   * earlier ones were read, the draft kept meanwhile with the files read before).
   */
  private unchanged(now: Placed | undefined, kept: Kept | undefined): boolean {
    return now?.draft === kept?.draft && (!now || filesToSave(now.draft, kept) === null)
  }

  private newPlaceOf(kept: Kept, current: Map<string, Placed>): string | undefined {
    for (const [key, placed] of current) if (placed.draft === kept.draft) return key
    return undefined
  }

  private writeLater(key: string): void {
    const now = Date.now()
    const pending = this.pending.get(key)
    if (pending && now - pending.since >= MAX_WAIT_MS) return
    if (pending) clearTimeout(pending.timer)
    const timer = setTimeout(() => this.writeSoon(key), SAVE_DELAY_MS)
    this.pending.set(key, { timer, since: pending?.since ?? now })
  }

  /**
   * One write at a time per place, each taking the draft as it is when its turn comes. The old
   * place of a draft that moved is let go only after its new place was saved.
   */
  private writeSoon(key: string): void {
    const pending = this.pending.get(key)
    if (pending) clearTimeout(pending.timer)
    this.pending.delete(key)
    const generation = this.generation
    const newPlace = this.movedTo.get(key)
    const after = newPlace === undefined ? undefined : this.queues.get(newPlace)
    const queue = Promise.all([this.queues.get(key), after])
      .then(([, placed]) => this.write(key, generation, placed !== false))
      .then(
        () => {
          this.retries.succeeded(key)
          return true
        },
        (error: unknown) => {
          this.failed(key, generation, error)
          return false
        }
      )
    this.queues.set(key, queue)
  }

  private async write(key: string, generation: number, newPlaceSaved: boolean): Promise<void> {
    if (generation !== this.generation) return
    const kept = this.kept.get(key)
    if (!this.deps.read().has(key)) {
      if (!kept) return
      // Deleted now, the draft would be nowhere in the core: tried again (after its new place).
      if (!newPlaceSaved) throw new Error('its new place is not saved yet')
      const response = await this.send(key, generation, (seen) => this.deps.api.remove(kept.place, seen))
      if (!response.ok) throw new Refused(response.error.code, response.error.message)
      if (generation === this.generation && this.kept.get(key) === kept) this.kept.delete(key)
      this.movedTo.delete(key)
      return
    }
    if (this.unchanged(this.deps.read().get(key), kept)) return
    this.writing.add(key)
    try {
      const files = filesToSave(this.deps.read().get(key)!.draft, kept)
      const attachments = files ? await this.deps.encode(files) : undefined
      // Read again: text typed while the files were read is not written over by older text.
      const now = this.deps.read().get(key)
      if (generation !== this.generation || !now) return
      const response = await this.send(key, generation, (seen) =>
        this.deps.api.save(saveInput(now, attachments), seen)
      )
      if (generation !== this.generation) return
      // Files refused before stay refused until others are picked.
      if (response.ok)
        return this.keep(key, now, files ?? kept?.files ?? null, files ? undefined : kept?.refused)
      const { code, message } = response.error
      // Another failure (the database busy, the core restarting) is tried again with the files.
      if (!files || !FILES_REFUSED.includes(code)) throw new Refused(code, message)
      // The files were refused (too many, too large): the text at least is kept, they wait.
      await this.saveText(key, now, files)
    } finally {
      this.writing.delete(key)
    }
  }

  /** Not queued behind the write under way, whose files may take long to read and send. */
  private saveTextNow(key: string, now: Placed): void {
    const generation = this.generation
    this.saveText(key, now).catch((error: unknown) => this.failed(key, generation, error))
  }

  private failed(key: string, generation: number, error: unknown): void {
    if (generation !== this.generation) return this.deps.log(`Could not keep a draft: ${String(error)}`)
    // Another window's draft is there: read again, it goes in the box and this one beside it.
    if (error instanceof Refused && error.code === 'DRAFT_CHANGED') this.deps.conflict?.()
    if (!(error instanceof Refused && error.code === 'NOT_FOUND')) {
      this.deps.log(`Could not keep a draft: ${String(error)}`)
      return this.retries.failed(key)
    }
    // Its conversation is gone: asked again, the core would refuse it the same way for ever.
    // Moved by a merge meanwhile (threads.merged), the draft is saved at its new place instead.
    if (!this.deps.read().has(key)) return this.retries.succeeded(key)
    if (this.retries.stopped(key)) this.deps.log(`Could not keep a draft, not trying again: ${error.message}`)
  }

  /** Saves the text only, the files the core has staying; `refused` files are not offered again. */
  private async saveText(key: string, now: Placed, refused?: readonly File[]): Promise<void> {
    const generation = this.generation
    const response = await this.send(key, generation, (seen) =>
      this.deps.api.save(saveInput(now, undefined), seen)
    )
    if (generation !== this.generation) return
    if (!response.ok) throw new Refused(response.error.code, response.error.message)
    const kept = this.kept.get(key)
    this.keep(key, now, kept?.files ?? null, refused ?? kept?.refused)
  }

  private sent(key: string): void {
    this.lastSent.set(key, ++this.writesSent)
  }

  /**
   * Sends a save or delete naming the version known at `key`, and keeps the version the core
   * answers. Refused because a save of this window's own, under way at `key` (the text sent at
   * once while files were read), moved the revision first, it is sent again after that one.
   */
  private async send(
    key: string,
    generation: number,
    request: (seen: DraftSeen) => Promise<Response<unknown>>
  ): Promise<Response<unknown>> {
    const before = [...(this.calling.get(key) ?? [])]
    const seen = this.versions.get(key)
    this.sent(key)
    const answered = request(seen ?? null).then((response) => {
      if (generation === this.generation && response.ok) {
        const version = versionOf(response.value)
        if (version) this.versions.set(key, version)
        else this.versions.delete(key)
      }
      return response
    })
    const calls = this.calling.get(key) ?? new Set()
    this.calling.set(key, calls.add(answered))
    const done = () => void calls.delete(answered)
    answered.then(done, done)
    const response = await answered
    if (response.ok || response.error.code !== 'DRAFT_CHANGED' || before.length === 0) return response
    await Promise.allSettled(before)
    if (generation !== this.generation || sameVersion(this.versions.get(key), seen)) return response
    return this.send(key, generation, request)
  }

  private keep(key: string, now: Placed, files: readonly File[] | null, refused?: readonly File[]): void {
    const kept: Kept = { place: now.place, draft: now.draft, files, refused }
    this.kept.set(key, kept)
    // Files picked or removed while these were read: the draft is the same, its files are not.
    if (filesToSave(now.draft, kept)) this.writeSoon(key)
    // Files too large or refused are not stored: the writer is not told it all is.
    else if (now.draft.files === files || (now.draft.files.length === 0 && !files?.length))
      this.deps.saved?.(key, now.draft)
  }
}
