// Changing a mailbox's servers (accounts.updateServers) while other things happen to it: logins
// still trying old servers that never answer, a disconnect landing while the new password is
// written, a keychain that fails. The save neither waits for what it replaces nor undoes what
// happened meanwhile, and a change that is saved is reported as saved.
import { describe, expect, it } from 'vitest'
import type { SecretStore } from '../../src-main/core/secrets/secret-store'
import { CONNECT_TIMEOUT_MS } from '../../src-main/core/mail-server/imap-session'
import { appendMessages } from '../support/dovecot'
import { startTcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { fromClient, messageIds, useServerChange } from './fixtures/server-change'
import { FAST } from './fixtures/sync-mailbox'

const change = useServerChange()
const { seededUser, accountOf, servers } = change

/** A keychain in memory whose next write can be held at a chosen moment, and whose deletes can fail. */
class HeldKeychain implements SecretStore {
  readonly kind = 'memory' as const
  readonly warning = null
  readonly entries = new Map<string, string>()
  failDeletes = false
  private held: { reached: () => void; released: Promise<void> } | null = null

  /** The next write waits until `release` is called; `reached` resolves once it has started. */
  holdNextWrite(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void
    let release!: () => void
    const reachedP = new Promise<void>((resolve) => (reached = resolve))
    this.held = { reached, released: new Promise<void>((resolve) => (release = resolve)) }
    return { reached: reachedP, release }
  }

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null
  }

  async set(key: string, secret: string): Promise<void> {
    const held = this.held
    this.held = null
    if (held) {
      held.reached()
      await held.released
    }
    this.entries.set(key, secret)
  }

  async delete(key: string): Promise<void> {
    if (this.failDeletes) throw new Error('The keychain is locked')
    this.entries.delete(key)
  }
}

describe("changing a mailbox's servers while other things happen", () => {
  it('does not wait for logins still trying an old server that never answers', async () => {
    const { user } = await seededUser('paula', 3)
    const server = change.server()
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      fixture.core.startRealtime()
      await fixture.waitFor('the first pass', () => messageIds(fixture, accountId).length === 3)
      // The old server stops answering: the watcher's login hangs there, and a "Sync now" on a
      // session of its own hangs in the lane, where the save has to wait its turn.
      proxy.mute()
      proxy.cutAll()
      await expect.poll(() => proxy.unanswered, { timeout: 10_000 }).toBe(1)
      const syncNow = fixture.error('sync.run', { accountId })
      await expect.poll(() => proxy.unanswered, { timeout: 10_000 }).toBe(2)

      const started = Date.now()
      const moved = await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, server.imapPort)
      )
      // Each login would otherwise have held the save until its connect timed out (15 s).
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS / 3)
      expect(moved).toMatchObject({ imap: { port: server.imapPort }, state: 'active' })
      expect(await syncNow).toMatchObject({ code: 'HOST_UNREACHABLE' })
      await expect.poll(() => proxy.unanswered, { timeout: 2_000 }).toBe(0)

      await appendMessages(server, user.user, user.password, 'INBOX', [
        fromClient('moved-2', 'paula@example.test', 'at the new address')
      ])
      await fixture.waitFor('the new mail', () =>
        messageIds(fixture, accountId).includes('<moved-2@client.test>')
      )
      expect(proxy.unanswered).toBe(0)
    } finally {
      await fixture.core.stopRealtime()
      fixture.close()
      await proxy.close()
    }
  })

  it('archives without waiting for a login still trying a server that never answers', async () => {
    const { user } = await seededUser('petra', 2)
    const server = change.server()
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      await fixture.call('sync.run', { accountId })
      // The server stops answering: a "Sync now" hangs in its login, in the lane the archive
      // waits on so that nothing reaches the server after it returns.
      proxy.mute()
      const syncNow = fixture.error('sync.run', { accountId })
      await expect.poll(() => proxy.unanswered, { timeout: 10_000 }).toBe(1)
      const started = Date.now()
      await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
      // The login would otherwise have held the archive until its connect timed out (15 s).
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS / 3)
      expect(await syncNow).toMatchObject({
        code: expect.stringMatching(/HOST_UNREACHABLE|ACCOUNT_ARCHIVED/)
      })
      expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({ state: 'archived' })
    } finally {
      fixture.close()
      await proxy.close()
    }
  })

  // Signing in again does not run in the account's lane, so a disconnect can land while it writes
  // the password. Saving new servers does: an archive waits for it (nothing may reach the server
  // after the archive returns), and then archives the mailbox it saved.
  it.each([
    ['saving new servers', 'rosa', null],
    ['signing in again', 'sara', 'ACCOUNT_ARCHIVED']
  ] as const)(
    'keeps a mailbox disconnected while %s wrote its password an archive, with no password kept',
    async (what, name, code) => {
      const { user } = await seededUser(name, 2)
      const keychain = new HeldKeychain()
      const fixture = new CoreFixture({ secrets: keychain })
      try {
        const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
        const write = keychain.holdNextWrite()
        const writing =
          what === 'signing in again'
            ? fixture.core.dispatch('accounts.setPassword', { accountId, password: user.password })
            : fixture.core.dispatch(
                'accounts.updateServers',
                servers(accountId, user.user, change.server().imapPort, user.password)
              )
        await write.reached
        if (code === null) {
          // The archive waits for the save in the lane: the save goes first, whenever it is let go.
          const disconnecting = fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
          write.release()
          await disconnecting
          expect(await writing).toMatchObject({ ok: true })
        } else {
          await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
          write.release()
          expect(await writing).toMatchObject({ ok: false, error: { code } })
        }
        expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({ state: 'archived' })
        expect(keychain.entries.size).toBe(0)
      } finally {
        fixture.close()
      }
    }
  )

  it('reports a change as saved when the keychain then fails to delete the old password', async () => {
    const { user } = await seededUser('tess', 2)
    const keychain = new HeldKeychain()
    const fixture = new CoreFixture({ secrets: keychain })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      keychain.failDeletes = true
      const saved = await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, change.server().imapPort, user.password)
      )
      expect(saved).toMatchObject({ smtp: { port: change.relay().port }, state: 'active' })
      // The new password under its own key, and the old one left behind: nothing reads it.
      expect([...keychain.entries.values()]).toEqual([user.password, user.password])
      await fixture.waitFor('the pass at the new address', () =>
        fixture.core.workspace.sync.status().some((s) => s.state === 'up-to-date')
      )
      expect(messageIds(fixture, accountId)).toHaveLength(2)
    } finally {
      fixture.close()
    }
  })

  it('is not refused when a pass with the old password paused the account while the new one was checked', async () => {
    const { user } = await seededUser('vera', 2)
    const server = change.server()
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      // The password changed on the server; the user types the new one, with another port. While
      // the save checks it there, a pass with the saved password is refused and pauses the account.
      await server.setPassword(user.user, 'vera-new')
      let pass: unknown
      const checking = proxy.beforeCommand(/LOGIN|AUTHENTICATE/i, 1, async () => {
        pass = await fixture.core.dispatch('sync.run', { accountId })
      })
      const saved = await fixture.core.dispatch(
        'accounts.updateServers',
        servers(accountId, user.user, proxy.port, 'vera-new')
      )
      await checking
      expect(pass).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } })
      expect(saved).toMatchObject({ ok: true, value: { imap: { port: proxy.port }, state: 'active' } })
    } finally {
      fixture.close()
      await proxy.close()
    }
  })

  it('leaves no password under the old key when signing in again wrote it after a save moved to a new one', async () => {
    const { user } = await seededUser('wren', 2)
    const keychain = new HeldKeychain()
    const fixture = new CoreFixture({ secrets: keychain })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      const [oldKey] = [...keychain.entries.keys()]
      const write = keychain.holdNextWrite()
      const signingIn = fixture.core.dispatch('accounts.setPassword', { accountId, password: user.password })
      await write.reached
      await fixture.call(
        'accounts.updateServers',
        servers(accountId, user.user, change.server().imapPort, user.password)
      )
      write.release()
      expect(await signingIn).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
      expect(keychain.entries.has(oldKey!)).toBe(false)
      expect(keychain.entries.size).toBe(1)
      expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({ state: 'active' })
    } finally {
      fixture.close()
    }
  })

  it('does not wait for an Outbox send still connecting to an old SMTP server that never answers, and sends it at the new one', async () => {
    const { user } = await seededUser('xena', 1)
    const server = change.server()
    const relay = change.relay()
    const oldSmtp = await startTcpProxy({ host: relay.host, port: relay.port })
    oldSmtp.mute()
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', {
        ...accountOf(user),
        smtp: { host: oldSmtp.host, port: oldSmtp.port, security: 'none' as const }
      })
      await fixture.call('sync.run', { accountId })
      const { item } = await fixture.call('outbox.send', {
        accountId,
        to: ['client@example.test'],
        subject: 'Proposal',
        text: 'Attached.',
        undo: false
      })
      const messageId = item.messageId.replace(/^<|>$/g, '')
      await expect.poll(() => oldSmtp.unanswered, { timeout: 10_000 }).toBe(1)

      const started = Date.now()
      await fixture.call('accounts.updateServers', servers(accountId, user.user, server.imapPort))
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS / 3)
      await expect.poll(() => oldSmtp.unanswered, { timeout: 2_000 }).toBe(0)
      // The pass at the new address sends what waited, without the backoff the old server's
      // silence started (15 s).
      await fixture.waitFor(
        'the send at the new SMTP server',
        () => relay.received.some((m) => m.raw.toString().includes(messageId)),
        8_000
      )
      expect(relay.received.filter((m) => m.raw.toString().includes(messageId))).toHaveLength(1)
    } finally {
      fixture.close()
      await oldSmtp.close()
    }
  })
})
