// "What the last action did, and Undo": shown by the conversation and message toolbars after an
// archive, delete or move, until the next action or until Undo has put the mail back; and by the
// contact drawer and the sidebar after a lead or a custom inbox is deleted.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Response } from '../../../src-preload/contract'
import { useQuery } from '../api/use-query'
import './components.css'

export type Undoable = { label: string; revert: () => Promise<boolean> }

/** An archive, delete or move, answered with the tasks that take it to the server. */
type TakenAction = Promise<Response<{ taskIds: number[] }>>

export function useUndoable() {
  const [offered, setOffered] = useState<{ undoable: Undoable; taskIds: number[] } | null>(null)
  /** Offers Undo for an action once it has succeeded; a failed one clears the last offer. */
  const offer = useCallback((action: TakenAction, undoable: Undoable | null) => {
    void action.then((response) =>
      setOffered(response.ok && undoable ? { undoable, taskIds: response.value.taskIds } : null)
    )
  }, [])
  const clear = useCallback(() => setOffered(null), [])
  // When the server refuses the action for good (it then shows under "not saved on the server"),
  // the mail is back where it was and there is nothing left to undo, so the offer goes. The
  // action's own tasks tell, not a time: the UI's clock and the core's need not agree.
  const watching = offered !== null && offered.taskIds.length > 0
  const failed = useQuery('tasks.list', watching ? { state: 'failed' } : null, ['tasks'])
  const refused = watching && (failed.data ?? []).some((task) => offered.taskIds.includes(task.id))
  // For good: dismissing the failure deletes its task, and the offer must not come back with it.
  useEffect(() => {
    if (refused) setOffered(null)
  }, [refused])
  return { undo: offered && !refused ? offered.undoable : null, offer, clear }
}

type Props = { undo: Undoable | null; disabled: boolean; onUndone: () => void; testId: string }

export function UndoNote({ undo, disabled, onUndone, testId }: Props) {
  const { t } = useTranslation()
  const ref = useRef<HTMLParagraphElement>(null)
  // The toolbar to give focus to once the mail is back: the Undo button goes with this note.
  const [refocus, setRefocus] = useState<HTMLElement | null>(null)
  // Its buttons are disabled until the revert is over, and a disabled button takes no focus.
  useEffect(() => {
    if (!refocus || disabled) return
    setRefocus(null)
    const active = document.activeElement
    if (active && active !== document.body) return
    refocus.querySelector<HTMLElement>('button:not(:disabled), select:not(:disabled)')?.focus()
  }, [refocus, disabled])
  if (!undo) return null
  const revert = () => {
    const note = ref.current
    const toolbar = note?.contains(document.activeElement)
      ? note.closest<HTMLElement>('[role="toolbar"]')
      : null
    void undo.revert().then((ok) => {
      if (!ok) return
      onUndone()
      if (toolbar?.isConnected) setRefocus(toolbar)
    })
  }
  return (
    <p className="undo-note" role="status" data-testid={testId} ref={ref}>
      {undo.label}
      <button
        type="button"
        className="link-button"
        data-testid={`${testId}-button`}
        disabled={disabled}
        onClick={revert}
      >
        {t('thread.actions.undo')}
      </button>
    </p>
  )
}
