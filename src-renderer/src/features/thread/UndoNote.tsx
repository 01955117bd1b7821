// "What the last action did, and Undo": shown by the conversation and message toolbars after an
// archive, delete or move, until the next action or until Undo has put the mail back.
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useQuery } from '../../api/use-query'

export type Undoable = { label: string; revert: () => Promise<boolean> }

/**
 * @param messageId one message's toolbar: when the server refuses its move for good (the change
 *   then shows under "not saved on the server"), the message is back where it was and there is
 *   nothing left to undo, so the offer goes.
 */
export function useUndoable(messageId?: number) {
  const [offered, setOffered] = useState<{ undoable: Undoable; at: number } | null>(null)
  /** Offers Undo for an action once it has succeeded; a failed one clears the last offer. */
  const offer = useCallback((action: Promise<boolean>, undoable: Undoable | null) => {
    const at = Date.now()
    void action.then((ok) => setOffered(ok && undoable ? { undoable, at } : null))
  }, [])
  const clear = useCallback(() => setOffered(null), [])
  const watching = offered !== null && messageId !== undefined
  const failed = useQuery('tasks.list', watching ? { state: 'failed' } : null, ['tasks'])
  const refused =
    watching &&
    (failed.data ?? []).some(
      (task) =>
        task.kind === 'move' &&
        task.messageIds.includes(messageId) &&
        Date.parse(task.createdAt) >= offered.at
    )
  return { undo: offered && !refused ? offered.undoable : null, offer, clear }
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
