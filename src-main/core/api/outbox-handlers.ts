import type { Core } from '../core'
import type { Handlers } from './handlers'
import { lastNewMessageFrom, rememberNewMessageFrom } from '../outbox/new-message-from'
import { quoteReplies, setQuoteReplies } from '../outbox/quote-replies-setting'

type OutboxHandlers = Pick<Handlers, Extract<keyof Handlers, `outbox.${string}`>>

/** The outbox commands: thin calls into the active workspace's OutboxService. */
export function createOutboxHandlers(core: Core): OutboxHandlers {
  const outbox = () => core.workspace.outbox
  return {
    'outbox.send': (input) => outbox().enqueue(input),
    'outbox.list': (input) => outbox().list(input),
    'outbox.cancel': ({ id }) => ({ cancelled: outbox().cancel(id) }),
    'outbox.delete': ({ id }) => ({ deleted: outbox().delete(id) }),
    'outbox.retry': ({ id }) => outbox().retry(id),
    'outbox.sendNow': ({ id }) => outbox().sendNow(id),
    'outbox.getSettings': () => ({ undoDelaySeconds: outbox().settings.undoDelay() }),
    'outbox.setSettings': ({ undoDelaySeconds }) => {
      const value = outbox().settings.setUndoDelay(undoDelaySeconds)
      core.events.emit('changed', { tables: ['settings'], ids: [] })
      return { undoDelaySeconds: value }
    },
    'outbox.quoteReplies': () => ({ quote: quoteReplies(core.workspace.db) }),
    'outbox.setQuoteReplies': ({ quote }) => {
      setQuoteReplies(core.workspace.db, quote)
      core.events.emit('changed', { tables: ['settings'], ids: [] })
      return { quote }
    },
    'outbox.lastNewMessageFrom': () => ({ accountId: lastNewMessageFrom(core.workspace.db) }),
    'outbox.rememberNewMessageFrom': ({ accountId }) => {
      // NOT_FOUND for an id that is no account, as outbox.setDailyCap says it.
      core.workspace.accounts.get(accountId)
      rememberNewMessageFrom(core.workspace.db, accountId)
      return {}
    },
    'outbox.limits': ({ accountId }) => outbox().settings.limits(accountId),
    'outbox.setDailyCap': ({ accountId, dailyCap }) => outbox().settings.setDailyCap(accountId, dailyCap)
  }
}
