import type { CommandName, CommandOutput, ParsedCommandInput } from '../../../src-preload/contract'
import type { Core } from '../core'
import { CoreError } from '../errors'
import { reindexSearch } from '../search/search-reindex'
import { createAccountHandlers } from './account-handlers'
import { createCrmHandlers } from './crm-handlers'
import { createDraftHandlers } from './draft-handlers'
import { createImageHandlers } from './image-handlers'
import { createOutboxHandlers } from './outbox-handlers'
import { createProviderHandlers } from './provider-handlers'
import { createSearchHandlers } from './search-handlers'
import { createTestingHandlers } from './testing-handlers'
import type { ActionResult } from '../sync/action-result'

export type Handlers = {
  [K in CommandName]: (input: ParsedCommandInput<K>) => Promise<CommandOutput<K>> | CommandOutput<K>
}

/** The contract, implemented. Each handler is a thin call into a service of the active workspace. */
export function createHandlers(core: Core): Handlers {
  const ws = () => core.workspace
  // Local-first actions: announce the change now, push it to the server in the background.
  const announce = (result: ActionResult): void => {
    if (result.accountIds.length === 0) return
    core.events.emit('changed', {
      tables: ['messages', 'threads', 'folders', 'tasks'],
      ids: result.threadIds
    })
    for (const accountId of result.accountIds) void ws().sync.pushTasks(accountId)
  }
  /** A move, archive or delete: announced, and answered with the tasks that take it up. */
  const moved = (result: ActionResult) => {
    announce(result)
    return { moved: result.count, taskIds: result.taskIds }
  }
  return {
    ...createCrmHandlers(core),
    ...createAccountHandlers(core),
    ...createOutboxHandlers(core),
    ...createDraftHandlers(core),
    ...createProviderHandlers(core),
    ...createSearchHandlers(core),
    ...createImageHandlers(core),
    ...createTestingHandlers(core),
    'app.info': () => ({
      version: core.version,
      workspace: core.workspaceName,
      secretStore: core.secrets.kind,
      secretStoreWarning: core.secrets.warning
    }),
    'accounts.list': () => ws().accountService.list(),
    // The workspace is taken once: one switched to while the servers are checked (the sample
    // opened from onboarding meanwhile) must not get the new mailbox's real time and timeline.
    'accounts.add': async (input) => {
      const workspace = ws()
      const account = await workspace.accountService.add(input)
      workspace.crm.channelAdded(account.id, account.email)
      core.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
      await workspace.resumeAccount(account.id)
      return account
    },
    'accounts.setPassword': async ({ accountId, password }) => {
      const workspace = ws()
      const account = await workspace.accountService.setPassword(accountId, password)
      core.events.emit('changed', { tables: ['accounts'], ids: [accountId] })
      await workspace.resumeAccount(accountId)
      return account
    },
    'accounts.updateServers': async (input) => {
      const account = await ws().updateServers(input)
      core.events.emit('changed', { tables: ['accounts', 'folders'], ids: [account.id] })
      return account
    },
    'accounts.remove': async ({ accountId }) => {
      const workspace = ws()
      // A mailbox goes the one way a mailbox is deleted locally (accounts.disconnect 'delete'):
      // its backfills stop, and the contacts only its mail created and its cached bytes go too.
      const existing = workspace.accounts.find(accountId)
      if (existing?.kind === 'mailbox') {
        await workspace.lifecycle.disconnect(accountId, 'delete')
        return { removed: true }
      }
      await workspace.realtime.forget(accountId)
      const removed = await workspace.accountService.remove(accountId)
      core.events.emit('changed', {
        tables: ['accounts', 'folders', 'messages', 'threads'],
        ids: [accountId]
      })
      return { removed }
    },
    'sync.run': ({ accountId, limit }) => {
      // "Sync now" / Retry: a watcher minutes into its reconnect wait tries again now as well, and
      // one in IDLE on a silently dead connection gives way in seconds, not after its watchdog.
      ws().realtime.hurry(accountId)
      return ws().sync.run(accountId, limit)
    },
    'sync.status': () => ws().sync.status(),
    'sync.unstored': ({ accountId }) => ws().sync.unstored(accountId),
    'folders.list': ({ accountId }) => ws().folders.list(accountId),
    'folders.setSync': ({ folderId, enabled }) => {
      const folder = ws().folders.find(folderId)
      if (!folder) throw new CoreError('NOT_FOUND', `There is no folder with id ${folderId}.`, 'folderId')
      ws().folders.setSync(folderId, enabled)
      core.events.emit('changed', { tables: ['folders'], ids: [folderId] })
      return ws()
        .folders.list(folder.accountId)
        .find((f) => f.id === folderId)!
    },
    'messages.setFlags': (input) => {
      const result = ws().actions.setFlags(input)
      announce(result)
      return { changed: result.count }
    },
    'messages.move': ({ messageIds, folderId, fromFolderId, putBack }) =>
      moved(ws().actions.move(messageIds, folderId, { fromFolderId, putBack })),
    'messages.archive': ({ messageIds, fromFolderId }) =>
      moved(ws().actions.archive(messageIds, fromFolderId)),
    'messages.delete': ({ messageIds }) => moved(ws().actions.delete(messageIds)),
    'tasks.list': (input) => ws().tasks.list(input),
    'tasks.dismiss': ({ ids }) => {
      const dismissed = ws().tasks.dismiss(ids)
      core.events.emit('changed', { tables: ['tasks'], ids: [] })
      return { dismissed }
    },
    'tasks.moveAgain': ({ id }) => {
      const result = ws().actions.moveAgain(id)
      // Mail already where the move went moves nothing, but the failure was dismissed all the same.
      if (result.accountIds.length === 0) core.events.emit('changed', { tables: ['tasks'], ids: [] })
      return moved(result)
    },
    'messages.list': (input) => ws().queries.listMessages(input),
    'threads.list': (input) => ws().queries.listThreads(input),
    'threads.get': ({ threadId }) => ws().queries.getThread(threadId),
    'threads.markRead': ({ threadId }) => {
      const result = ws().actions.markThreadRead(threadId)
      announce(result)
      return { changed: result.count }
    },
    'messages.send': (input) => ws().outbox.sendAndWait(input),
    // The acting member is the local user, as for conversations.list and search.comments.
    'search.messages': (input) => ws().messageSearch.search(input, ws().crm.people.local()),
    'search.contacts': (input) => ws().contactSearch.search(input),
    'search.reindex': () => reindexSearch(ws().db),
    'workspace.openSample': () => ({ workspace: core.switchWorkspace('sample') }),
    'workspace.openMain': () => ({ workspace: core.switchWorkspace('main') })
  }
}
