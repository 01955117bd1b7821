// The outbox offline, when recording why its mail waits is itself refused (another process holds
// the database's write lock past the busy timeout; a full disk alike), against a real Dovecot and
// SMTP relay. That write failing in the lane's catch left a rejected promise no one handled: in
// Node 22 that can end the process (the CLI, web mode).
import { holdWriteLockOverNextCall } from './fixtures/held-write-lock'
import { afterAll, describe, expect, it } from 'vitest'
import { startSwitchableProxy, type SwitchableProxy } from '../support/switchable-proxy'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['ivan'])
const fixtures: CoreFixture[] = []
const proxies: SwitchableProxy[] = []

afterAll(async () => {
  for (const f of fixtures) f.close()
  for (const p of proxies) await p.close()
})

/** A core with the user's account, IMAP through a switchable proxy, SMTP straight to the relay. */
async function connectThroughImapProxy(name: string) {
  const fixture = new CoreFixture()
  fixtures.push(fixture)
  const imap = await startSwitchableProxy({ host: env.server.host, port: env.server.imapPort })
  proxies.push(imap)
  const input = accountInput(env.server, env.relay.port, env.user(name))
  const account = await fixture.call('accounts.add', {
    ...input,
    imap: { ...input.imap, port: imap.port },
    skipVerify: true
  })
  return { fixture, accountId: account.id, imap }
}

describe('the outbox offline when the database refuses the note of why', () => {
  it('leaves no unhandled rejection, notes it on the next pass, and sends once online', async () => {
    const { fixture, accountId, imap } = await connectThroughImapProxy('ivan')
    await fixture.call('sync.run', { accountId })
    await imap.offline()
    const lock = holdWriteLockOverNextCall(fixture, fixture.core.workspace.outbox.repo, 'deferOffline')
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      // Undo off: due at once, the lane tries now (offline), and notes why it waits.
      const { item } = await fixture.call('outbox.send', {
        accountId,
        to: ['bob@example.test'],
        subject: 'Written while the database was busy',
        text: 'The signed contract.',
        undo: false
      })
      expect(String(await lock.refused)).toMatch(/locked|busy/i)
      // Node reports an unhandled rejection once the microtasks have run: a turn later.
      await new Promise((resolve) => setImmediate(resolve))
      expect(rejections.map(String)).toEqual([])

      // The timer leaves the account be for a while (it tried every 250 ms, each an IMAP login).
      const runOnline = fixture.core.workspace.sync.runOnline.bind(fixture.core.workspace.sync)
      let attempts = 0
      fixture.core.workspace.sync.runOnline = ((...args: Parameters<typeof runOnline>) => {
        attempts++
        return runOnline(...args)
      }) as typeof runOnline
      await fixture.core.workspace.outbox.runDue()
      expect(attempts).toBe(0)

      // The lane goes on: its next pass notes that the message waits to be online.
      const repo = fixture.core.workspace.outbox.repo
      await fixture.waitFor('the offline note', () => (repo.find(item.id)?.offlineAttempts ?? 0) > 0)
      const [waiting] = await fixture.call('outbox.list', { accountId })
      expect(waiting).toMatchObject({ id: item.id, state: 'queued', lastErrorCode: 'HOST_UNREACHABLE' })

      await imap.online()
      await fixture.call('sync.run', { accountId })
      const [sent] = await fixture.call('outbox.list', { accountId, includeSent: true })
      expect(sent).toMatchObject({ id: item.id, state: 'sent' })
      expect(relayed(env.relay, item.messageId)).toHaveLength(1)
    } finally {
      process.off('unhandledRejection', onRejection)
      lock.close()
    }
  })
})
