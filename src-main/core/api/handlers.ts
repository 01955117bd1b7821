import type { CommandName, CommandOutput, ParsedCommandInput } from '../../../src-preload/contract'
import type { Core } from '../core'
import { sendMessage } from '../send/send-service'

export type Handlers = {
  [K in CommandName]: (input: ParsedCommandInput<K>) => Promise<CommandOutput<K>> | CommandOutput<K>
}

/** The contract, implemented. Each handler is a thin call into a service of the active workspace. */
export function createHandlers(core: Core): Handlers {
  const ws = () => core.workspace
  return {
    'app.info': () => ({
      version: core.version,
      workspace: core.workspaceName,
      secretStore: core.secrets.kind,
      secretStoreWarning: core.secrets.warning
    }),
    'accounts.list': () => ws().accountService.list(),
    'accounts.add': async (input) => {
      const account = await ws().accountService.add(input)
      core.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
      return account
    },
    'accounts.setPassword': async ({ accountId, password }) => {
      const account = await ws().accountService.setPassword(accountId, password)
      core.events.emit('changed', { tables: ['accounts'], ids: [accountId] })
      return account
    },
    'accounts.remove': async ({ accountId }) => {
      const removed = await ws().accountService.remove(accountId)
      core.events.emit('changed', {
        tables: ['accounts', 'folders', 'messages', 'threads'],
        ids: [accountId]
      })
      return { removed }
    },
    'sync.run': ({ accountId, limit }) => ws().sync.run(accountId, limit),
    'sync.status': () => ws().sync.status(),
    'folders.list': ({ accountId }) => ws().folders.list(accountId),
    'messages.list': (input) => ws().queries.listMessages(input),
    'threads.list': (input) => ws().queries.listThreads(input),
    'threads.get': ({ threadId }) => ws().queries.getThread(threadId),
    'threads.markRead': ({ threadId }) => {
      const changed = ws().store.markThreadRead(threadId)
      if (changed > 0) core.events.emit('changed', { tables: ['messages', 'threads'], ids: [threadId] })
      return { changed }
    },
    'messages.send': (input) => sendMessage(ws().sendDeps, input),
    'workspace.openSample': () => ({ workspace: core.switchWorkspace('sample') }),
    'workspace.openMain': () => ({ workspace: core.switchWorkspace('main') })
  }
}
