// Changes the server refused for good (a move into a folder deleted there, a flag it would not
// store). Rapport already shows the mail as the server has it again; this says so, and why,
// until the user dismisses it, so no change is dropped without a word. A move another program
// overtook can be made anyway, from where that program put the mail.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { MailTask } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { taskActions } from './task-actions'
import { useTaskReason } from './task-reason'

export function FailedChanges() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const reasonOf = useTaskReason()
  const failed = useQuery('tasks.list', { state: 'failed' }, ['tasks'])
  const dismiss = useMutation('tasks.dismiss')
  const moveAgain = useMutation('tasks.moveAgain')
  // The task "move it anyway" was last asked for, so its error shows on that task.
  const [movingId, setMovingId] = useState<number | null>(null)
  const tasks = failed.data ?? []
  if (tasks.length === 0) return null

  const describe = (task: MailTask) =>
    taskActions(task)
      .map((action) => t(`failedChanges.${action}`, { count: task.messageCount, folder: task.folder ?? '?' }))
      .join(', ')

  return (
    <section
      className="sync-status failed-changes"
      data-testid="failed-changes"
      aria-labelledby="failed-changes-heading"
    >
      <h2 id="failed-changes-heading" className="failed-changes__heading" role="alert">
        {t('failedChanges.heading', { count: tasks.length })}
      </h2>
      <p className="failed-changes__meta">{t('failedChanges.undone')}</p>
      <ul className="failed-changes__list">
        {tasks.map((task) => (
          <li key={task.id} className="failed-changes__item" data-testid="failed-change">
            <span className="failed-changes__what">{describe(task)}</span>
            {task.lastError ? <span className="failed-changes__meta">{reasonOf(task)}</span> : null}
            {task.lastErrorCode === 'CHANGED_ELSEWHERE' && task.nowIn.length > 0 ? (
              <button
                type="button"
                className="button button--small"
                disabled={moveAgain.pending}
                data-testid="failed-change-move-again"
                onClick={() => {
                  setMovingId(task.id)
                  void moveAgain.run({ id: task.id })
                }}
              >
                {t('failedChanges.moveAnyway')}
              </button>
            ) : null}
            {moveAgain.error && movingId === task.id ? (
              <span className="sync-status__error" role="alert">
                {describeError(moveAgain.error)}
              </span>
            ) : null}
            <button
              type="button"
              className="button button--small"
              disabled={dismiss.pending}
              onClick={() => void dismiss.run({ ids: [task.id] })}
            >
              {t('failedChanges.dismiss')}
            </button>
          </li>
        ))}
      </ul>
      {tasks.length > 1 ? (
        <button
          type="button"
          className="button button--small"
          disabled={dismiss.pending}
          onClick={() => void dismiss.run({ ids: tasks.map((task) => task.id) })}
        >
          {t('failedChanges.dismissAll')}
        </button>
      ) : null}
      {dismiss.error ? (
        <p className="sync-status__error" role="alert">
          {describeError(dismiss.error)}
        </p>
      ) : null}
    </section>
  )
}
