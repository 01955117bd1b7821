import type { Core } from '../core'
import type { Handlers } from './handlers'

type OutboxHandlers = Pick<Handlers, Extract<keyof Handlers, `outbox.${string}`>>

/** The outbox commands: thin calls into the active workspace's OutboxService. */
export function createOutboxHandlers(core: Core): OutboxHandlers {
  const outbox = () => core.workspace.outbox
  return {
    'outbox.send': (input) => outbox().enqueue(input),
    'outbox.list': (input) => outbox().list(input),
    'outbox.cancel': ({ id }) => ({ cancelled: outbox().cancel(id) }),
    'outbox.delete': ({ id }) => ({ deleted: outbox().delete(id) }),
    'outbox.retry': ({ id }) => outbox().sendNow(id),
    'outbox.sendNow': ({ id }) => outbox().sendNow(id),
    'outbox.getSettings': () => ({ undoDelaySeconds: outbox().getUndoDelay() }),
    'outbox.setSettings': ({ undoDelaySeconds }) => {
      const value = outbox().setUndoDelay(undoDelaySeconds)
      core.events.emit('changed', { tables: ['settings'], ids: [] })
      return { undoDelaySeconds: value }
    },
    'outbox.limits': ({ accountId }) => outbox().limits(accountId),
    'outbox.setDailyCap': ({ accountId, dailyCap }) => outbox().setDailyCap(accountId, dailyCap)
  }
}
