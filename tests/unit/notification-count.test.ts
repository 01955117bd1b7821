// The notification bell's unread count: every unread notification of the local user, not only
// those among the newest 200 that notifications.list returns.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'

let core: Core | null = null
let dir = ''
afterEach(() => {
  core?.close()
  core = null
  rmSync(dir, { recursive: true, force: true })
})

it('counts all 250 unread notifications, and drops as they are read', async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-notif-count-'))
  const clock = new ManualClock(new Date(2026, 0, 5, 10, 0).getTime())
  core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined, clock })
  const call = coreCaller(core)
  const crm = core.workspace.crm
  const me = crm.people.localId
  const other = crm.people.add({ email: 'bob@rapport.test', name: 'Bob', role: 'agent' }).id
  for (let i = 0; i < 250; i++) {
    clock.advance(1000)
    crm.notifications.create({ memberId: me, kind: 'mention', conversationId: null, text: `n${i}` })
  }
  crm.notifications.create({ memberId: other, kind: 'mention', conversationId: null, text: 'for Bob' })

  expect(await call('notifications.list', {})).toHaveLength(200)
  expect(await call('notifications.unreadCount', {})).toEqual({ unread: 250 })
  const newest = (await call('notifications.list', {})).slice(0, 3)
  await call('notifications.markRead', { ids: newest.map((n) => n.id) })
  expect(await call('notifications.unreadCount', {})).toEqual({ unread: 247 })
  await call('notifications.markRead', {})
  expect(await call('notifications.unreadCount', {})).toEqual({ unread: 0 })
})
