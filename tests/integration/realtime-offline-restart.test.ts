// Changes made offline, the app quit before it reconnected, then started again online: real time
// alone (no sync.run) pushes them, once each, and ends in step with the server.
import { describe, expect, it } from 'vitest'
import { waitUntil } from '../support/wait-until'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { FAST } from './fixtures/fault-mailbox'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient, serverFolder, localFolder } from './fixtures/server-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

describe('offline changes across a restart', () => {
  it('go up through real time after a restart online, each once', async () => {
    const { user, corpus } = await seededUser('rhea', 4)
    const proxy = await startSwitchableProxy({ host: server().host, port: server().imapPort })
    const secrets = new MemorySecretStore(null)
    const dataFixture = new CoreFixture()
    dataFixture.core.close()
    const options = { dataDir: dataFixture.dataDir, secrets, log: () => undefined, sync: { realtime: FAST } }
    const first = new Core(options)
    let second: Core | null = null
    const other = await otherClient(server(), user)
    try {
      const added = await first.dispatch('accounts.add', accountOf(user, { imapPort: proxy.port }))
      if (!added.ok) throw new Error(added.error.message)
      const accountId = (added.value as { id: number }).id
      const synced = await first.dispatch('sync.run', { accountId })
      if (!synced.ok) throw new Error(synced.error.message)
      first.startRealtime()
      const state1 = () => first.workspace.sync.status()[0]!
      await proxy.offline()
      const archive = first.workspace.folders.bySpecialUse(accountId, '\\Archive')!
      const pkOf = (db: Core['workspace']['db'], messageId: string) =>
        (db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as { id: number }).id
      const [flagged, moved] = [corpus[0]!.messageId, corpus[1]!.messageId]
      for (const [command, input] of [
        ['messages.setFlags', { messageIds: [pkOf(first.workspace.db, flagged)], flagged: true }],
        ['messages.move', { messageIds: [pkOf(first.workspace.db, moved)], folderId: archive.id }]
      ] as const) {
        const done = await first.dispatch(command, input)
        if (!done.ok) throw new Error(done.error.message)
      }
      const until = (what: string, check: () => boolean) => waitUntil(what, check, 20_000)
      await until(
        'offline with 2 changes waiting',
        () => state1().pendingChanges === 2 && state1().error?.code === 'HOST_UNREACHABLE'
      )
      // Quit before reconnecting.
      await first.stopRealtime()
      first.close()
      await proxy.online()
      second = new Core(options)
      second.startRealtime()
      const core = second
      const state2 = () => core.workspace.sync.status()[0]!
      await until(
        'the changes on the server',
        () => state2().pendingChanges === 0 && state2().state === 'up-to-date'
      )
      const inbox = await serverFolder(other, 'INBOX')
      const archived = await serverFolder(other, archive.path)
      expect([...inbox.values()].find((m) => m.messageId === flagged)?.flags).toContain('\\Flagged')
      expect([...archived.values()].filter((m) => m.messageId === moved)).toHaveLength(1)
      expect([...inbox.values()].some((m) => m.messageId === moved)).toBe(false)
      expect(localFolder(core.workspace.db, accountId, 'INBOX')).toEqual(inbox)
      expect(localFolder(core.workspace.db, accountId, archive.path)).toEqual(archived)
    } finally {
      await other.logout().catch(() => other.close())
      await second?.stopRealtime()
      second?.close()
      await proxy.close()
    }
  })
})
