import type { Core } from '../core'
import type { Handlers } from './handlers'

type AccountCommand =
  | 'accounts.update'
  | 'accounts.setSignature'
  | 'accounts.disconnect'
  | 'backfill.start'
  | 'backfill.pause'
  | 'backfill.status'
  | 'trash.list'
  | 'trash.restore'
  | 'attachments.read'

/** The account lifecycle commands (contract/account-commands.ts), each a call into LifecycleServices. */
export function createAccountHandlers(core: Core): Pick<Handlers, AccountCommand> {
  const lifecycle = () => core.workspace.lifecycle
  return {
    'accounts.update': (input) => lifecycle().update(input),
    'accounts.setSignature': ({ accountId, signature }) => lifecycle().setSignature(accountId, signature),
    'accounts.disconnect': ({ accountId, mode }) => lifecycle().disconnect(accountId, mode),
    'backfill.start': ({ folderId }) => lifecycle().backfill.start(folderId),
    'backfill.pause': ({ folderId }) => lifecycle().backfill.pause(folderId),
    'backfill.status': ({ accountId }) => lifecycle().backfill.status(accountId),
    'trash.list': ({ accountId }) => lifecycle().listTrash(accountId),
    'trash.restore': ({ messageIds }) => {
      const result = lifecycle().restore(messageIds)
      if (result.accountIds.length > 0) {
        core.events.emit('changed', {
          tables: ['messages', 'threads', 'folders', 'tasks'],
          ids: result.threadIds
        })
        for (const accountId of result.accountIds) void core.workspace.sync.pushTasks(accountId)
      }
      return { restored: result.count }
    },
    'attachments.read': ({ attachmentId }) => core.workspace.attachments.read(attachmentId)
  }
}
