// Drafts survive a restart: at start the drafts the core kept are put back in the UI store
// (before any composer opens), and from then on every change is kept by the DraftSaver.
import type { Draft } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { getApi } from '../../api/rapport-client'
import { useUiStore } from '../../store/ui-store'
import { fileFrom, toAttachments } from '../outbox/attachment-files'
import { DraftSaver } from './draft-saver'
import { keptFrom, placeOf, placesOf } from './draft-places'

const log = (message: string) => console.warn(message)

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

/** The drafts the core keeps, files included, as the UI store takes them and the saver knows them. */
async function readKept(): Promise<ReturnType<typeof keptFrom>> {
  const listed = await callCommand('drafts.list', {})
  if (!listed.ok) throw new Error(listed.error.message)
  return keptFrom(
    await Promise.all(listed.value.map(async (draft) => ({ draft, files: await filesOf(draft) })))
  )
}

/** Wires drafts once, at mount; returns a function that removes what it installed. */
export function startDrafts(): () => void {
  const saver = new DraftSaver({
    read: () => placesOf(useUiStore.getState()),
    api: {
      save: (input) => callCommand('drafts.save', input),
      remove: (place) => callCommand('drafts.delete', place)
    },
    encode: toAttachments,
    log
  })
  // A workspace switched while loading makes those drafts the wrong workspace's: the last load wins.
  let loads = 0
  const load = async () => {
    const current = ++loads
    let read: Awaited<ReturnType<typeof readKept>> | null = null
    try {
      read = await readKept()
    } catch (error) {
      log(`Could not read the kept drafts: ${String(error)}`)
    }
    if (current !== loads) return
    // Mail can be written either way; but with what the core keeps unknown, nothing is saved over
    // it in this session (the saver stays paused).
    useUiStore.getState().loadDrafts(read?.kept ?? { newMessage: null, replies: [], asides: [] })
    if (read) saver.resume(read.placed)
  }
  const offStore = useUiStore.subscribe(() => saver.changed())
  const flush = () => saver.flush()
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') saver.flush()
  }
  // Leaving a field, hiding or closing the window: what waits for the pause is written now.
  document.addEventListener('focusout', flush)
  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('pagehide', flush)
  // Subscribed before the app's own listener, so the saver pauses before the store lets go of the
  // old workspace's replies: that is not the user emptying them.
  const offSwitch = getApi().on('workspace.switched', () => {
    saver.pause()
    useUiStore.setState({ draftsReady: false })
    void load()
  })
  void load()
  return () => {
    offStore()
    offSwitch()
    document.removeEventListener('focusout', flush)
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pagehide', flush)
  }
}
