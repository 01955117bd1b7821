// "What the last action did, and Undo": shown by the conversation and message toolbars after an
// archive, delete or move, until the next action or until Undo has put the mail back.
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'

export type Undoable = { label: string; revert: () => Promise<boolean> }

export function useUndoable() {
  const [undo, setUndo] = useState<Undoable | null>(null)
  /** Offers Undo for an action once it has succeeded; a failed one clears the last offer. */
  const offer = useCallback((action: Promise<boolean>, undoable: Undoable | null) => {
    void action.then((ok) => setUndo(ok ? undoable : null))
  }, [])
  const clear = useCallback(() => setUndo(null), [])
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
