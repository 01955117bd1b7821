// Drafts survive a restart: at start the drafts the core kept are put back in the UI store
// (before any composer opens), and from then on every change is kept by the DraftSaver. What
// another window (a tab of web mode) saves or deletes is read again and shown here too.
import type { Draft, ThreadsMerged } from '../../../../src-preload/contract'
import { onTablesChanged } from '../../api/changed-tables'
import { callCommand } from '../../api/call-command'
import { getApi } from '../../api/rapport-client'
import { useUiStore } from '../../store/ui-store'
import { fileFrom, toAttachments } from '../outbox/attachment-files'
import { DraftSaver } from './draft-saver'
import { composerDraftOf, keptFrom, placeOf, placesOf, type ComposerDraft } from './draft-places'

const log = (message: string) => console.warn(message)

/** The saver startDrafts installed, for settleDrafts. */
let activeSaver: DraftSaver | null = null

/**
 * Before the app asks the core to switch workspaces: everything typed (and files being read) is
 * kept in the workspace it was typed in. Once the switch is announced it is too late, as the core
 * already has the other one open.
 */
export async function settleDrafts(): Promise<void> {
  await activeSaver?.settle()
}

/**
 * The files of a kept draft, read back when the drafts are loaded (a composer expects File
 * objects it can send at once), one draft per request so no answer carries more than 25 MB.
 */
async function filesOf(draft: Draft): Promise<File[]> {
  if (draft.attachments.length === 0) return []
  const response = await callCommand('drafts.attachments', placeOf(draft.threadId, draft.asideId))
  if (!response.ok) {
    // The draft still comes back; its files stay kept in the core, not written over.
    log(`Could not read the files of a draft: ${response.error.message}`)
    return []
  }
  return response.value.map(fileFrom)
}

/** The same files as `draft` lists (names, types, sizes), already in this window: not read again. */
function sameFiles(draft: Draft, shown: ComposerDraft | undefined): readonly File[] | null {
  const files = shown?.files
  if (!files || files.length !== draft.attachments.length) return null
  const same = draft.attachments.every(
    (a, i) => a.name === files[i]!.name && a.size === files[i]!.size && a.type === files[i]!.type
  )
  return same ? files : null
}

/** The drafts the core keeps, files included, as the UI store takes them and the saver knows them. */
async function readKept(): Promise<ReturnType<typeof keptFrom>> {
  const listed = await callCommand('drafts.list', {})
  if (!listed.ok) throw new Error(listed.error.message)
  return keptFrom(
    await Promise.all(listed.value.map(async (draft) => ({ draft, files: await filesOf(draft) })))
  )
}

/**
 * The composers' "Draft saved": `draft` is stored at `key`. Drafts stored before and no longer
 * shown (typed on, sent) are let go, so their files are not held.
 */
function markSaved(key: string, draft: ComposerDraft): void {
  useUiStore.setState((state) => {
    const shown = placesOf(state)
    const still = Object.entries(state.savedDrafts).filter(([at, saved]) => shown.get(at)?.draft === saved)
    return { savedDrafts: { ...Object.fromEntries(still), [key]: draft } }
  })
}

/** Wires drafts once, at mount; returns a function that removes what it installed. */
export function startDrafts(): () => void {
  const saver = new DraftSaver({
    read: () => placesOf(useUiStore.getState()),
    api: {
      save: (input, seen) => callCommand('drafts.save', { ...input, seen }),
      remove: (place, seen) => callCommand('drafts.delete', { ...place, seen })
    },
    encode: toAttachments,
    log,
    unsaved: (keys) => useUiStore.setState({ unsavedDrafts: [...keys] }),
    saved: markSaved,
    conflict: () => refresh()
  })
  activeSaver = saver
  // Threads merged: the saver knows the core's copies at their new places first, then the store
  // moves the drafts the same way; text typed since the last save is then saved there.
  const follow = (merge: ThreadsMerged) => {
    for (const move of merge.drafts) saver.moveKept(move.from, move.to)
    useUiStore.getState().followMerge(merge)
  }
  // Merges announced while the drafts are read may not be in what is read: followed again after.
  let mergedWhileLoading: ThreadsMerged[] | null = null
  // A workspace switched while loading makes those drafts the wrong workspace's: the last load wins.
  let loads = 0
  // Drafts another window changed while these were loaded are read again after.
  let loading = false
  let changedWhileLoading = false
  const load = async () => {
    const current = ++loads
    loading = true
    changedWhileLoading = false
    mergedWhileLoading = []
    let read: Awaited<ReturnType<typeof readKept>> | null = null
    try {
      read = await readKept()
    } catch (error) {
      log(`Could not read the kept drafts: ${String(error)}`)
    }
    if (current !== loads) return
    loading = false
    // Mail can be written either way; but with what the core keeps unknown, nothing is saved over
    // it in this session (the saver stays paused).
    useUiStore.getState().loadDrafts(read?.kept ?? { newMessage: null, replies: [], asides: [] })
    if (read) saver.resume(read.placed)
    // A move already in what was read finds nothing at its old place, and changes nothing.
    const merged = mergedWhileLoading ?? []
    mergedWhileLoading = null
    merged.forEach(follow)
    if (read && changedWhileLoading) refresh()
  }
  // Another window saved or deleted a draft (or this one's save was refused as it had): the
  // core's drafts are read again, one read at a time, and those that differ taken in.
  const followCore = async () => {
    const mark = saver.mark()
    const listed = await callCommand('drafts.list', {})
    if (!listed.ok) return log(`Could not read the drafts again: ${listed.error.message}`)
    const differing = saver.differing(listed.value)
    if (differing.length === 0) return
    const shown = placesOf(useUiStore.getState())
    const found = await Promise.all(
      differing.map(async (d) => {
        if (!d.stored) return { ...d, draft: null }
        const files = sameFiles(d.stored, shown.get(d.key)?.draft) ?? (await filesOf(d.stored))
        return { ...d, draft: composerDraftOf(d.stored, [...files]) }
      })
    )
    saver.followCore(found, mark, (drafts) => useUiStore.getState().followCore(drafts))
  }
  let reading: Promise<void> | null = null
  let readAgain = false
  const refresh = () => {
    if (loading) {
      changedWhileLoading = true
      return
    }
    if (reading) {
      readAgain = true
      return
    }
    reading = (async () => {
      do {
        readAgain = false
        await followCore().catch((error: unknown) => log(`Could not read the drafts again: ${String(error)}`))
      } while (readAgain)
      reading = null
    })()
  }
  const offChanged = onTablesChanged(['drafts'], refresh)
  const offStore = useUiStore.subscribe(() => saver.changed())
  const flush = () => saver.flush()
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') saver.flush()
  }
  // Leaving a field, hiding or closing the window: what waits for the pause is written now.
  document.addEventListener('focusout', flush)
  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('pagehide', flush)
  // The desktop window waits for this before it closes: pagehide's save could still be on its way
  // when the app stops the core.
  const offClosing = window.rapportHost?.onClosing(() => saver.settle())
  // Drafts belong to a workspace. When the switch is announced the core already has the new one,
  // so nothing more is written (what was typed was settled before the switch: settleDrafts); the
  // saver pauses before the store lets go of the old drafts (that is not the user emptying them).
  const offSwitch = getApi().on('workspace.switched', () => {
    saver.pause()
    useUiStore.getState().clearDrafts()
    void load()
  })
  // Every merge (by hand or by sync) says which reply drafts the core moved, and where to.
  const offMerged = getApi().on('threads.merged', (merge) => {
    mergedWhileLoading?.push(merge)
    follow(merge)
  })
  void load()
  return () => {
    if (activeSaver === saver) activeSaver = null
    offStore()
    offSwitch()
    offMerged()
    offChanged()
    document.removeEventListener('focusout', flush)
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pagehide', flush)
    offClosing?.()
  }
}
