// "What the last action did, and Undo": shown by the conversation and message toolbars after an
// archive, delete or move, until the next action or until Undo has put the mail back.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** `from`: the folder the message was in before the action, when one message moved. */
export type Undoable = { label: string; revert: () => Promise<boolean>; from?: string | null }

/**
 * @param location where the message is now (one message's toolbar): a move the server refused
 *   for good puts it back in `from` without Undo, and the offer then goes, as there is nothing
 *   left to undo.
 */
export function useUndoable(location?: string | null) {
  const [undo, setUndo] = useState<Undoable | null>(null)
  const left = useRef(false)
  /** Offers Undo for an action once it has succeeded; a failed one clears the last offer. */
  const offer = useCallback((action: Promise<boolean>, undoable: Undoable | null) => {
    void action.then((ok) => {
      left.current = false
      setUndo(ok ? undoable : null)
    })
  }, [])
  const clear = useCallback(() => setUndo(null), [])
  useEffect(() => {
    if (!undo || undo.from === undefined) return
    if (location !== undo.from) left.current = true
    else if (left.current) setUndo(null)
  }, [location, undo])
  return { undo, offer, clear }
}

type Props = { undo: Undoable | null; disabled: boolean; onUndone: () => void; testId: string }

export function UndoNote({ undo, disabled, onUndone, testId }: Props) {
  const { t } = useTranslation()
  if (!undo) return null
  return (
    <p className="undo-note" role="status" data-testid={testId}>
      {undo.label}
      <button
        type="button"
        className="link-button"
        data-testid={`${testId}-button`}
        disabled={disabled}
        onClick={() => void undo.revert().then((ok) => ok && onUndone())}
      >
        {t('thread.actions.undo')}
      </button>
    </p>
  )
}
