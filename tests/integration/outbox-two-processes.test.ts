// Two Rapport processes on one data directory (`rapport sync` in a terminal beside the app, which
// the README supports), against Dovecot and a real SMTP relay: a message one of them is sending
// is not taken by the other for one a crash left mid-attempt, and sent a second time.
import { describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { relayed, useOutboxServerHoldingAccepts } from './fixtures/outbox-server'

const { env, beforeNextAccept } = useOutboxServerHoldingAccepts(['alice'])

describe('a second process on the data directory while a message is being sent', () => {
  it('leaves that message to the process sending it: it goes once', async () => {
    const { fixture: app, accountId } = await env.connect('alice')
    let release!: () => void
    let taken!: () => void
    const serverHasIt = new Promise<void>((resolve) => (taken = resolve))
    // The server has the message and has not answered yet: a slow server, a large message.
    beforeNextAccept(() => {
      taken()
      return new Promise<void>((resolve) => (release = resolve))
    })
    const { item } = await app.call('outbox.send', {
      accountId,
      to: ['bob@example.test'],
      subject: 'Sent while the CLI syncs',
      text: 'Hello',
      undo: false
    })
    await serverHasIt
    // `rapport sync` in a terminal, on the same data directory, while the app waits for the 250.
    const cli = new Core({ dataDir: app.dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
    try {
      await cli.secrets.set(cli.workspace.accounts.get(accountId).secretRef, env.user('alice').password)
      expect((await cli.dispatch('sync.run', { accountId })).ok).toBe(true)
    } finally {
      cli.close()
    }
    release()
    await app.waitFor(
      'the app to record the send',
      () => app.core.workspace.outbox.repo.find(item.id)?.state === 'sent'
    )
    expect(relayed(env.relay, item.messageId), 'copies the SMTP server took').toHaveLength(1)
  })
})
