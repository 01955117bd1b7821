import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import { playBrowser, startOAuthMailServers, type OAuthMailServers } from '../support/oauth-mail-servers'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import type { SyncState } from '../../src-preload/contract'
import { CoreFixture } from './fixtures/core-fixture'
import { FAST } from './fixtures/sync-mailbox'

// OAuth2 token renewals at their edges, against the fake authorization server and Dovecot: an
// access token the provider revoked before its time, a renewal under way when the mailbox is
// disconnected, and a busy token server during the sign-in.
//
// The disconnect: the renewal checks that the secret is still there, then writes the fresh
// tokens. A keychain answers with a round trip (the app's safeStorage broker is an IPC), and the
// disconnect's delete can land between the check and the write: the archive would then keep a
// live refresh token nobody will ever delete.

let servers: OAuthMailServers
let oauth: FakeOAuthServer

/** A keychain with an optional hook run inside a get, before it answers (a slow round trip). */
class HookedStore extends MemorySecretStore {
  onGet: ((key: string) => Promise<void>) | null = null
  override async get(key: string): Promise<string | null> {
    const value = await super.get(key)
    const hook = this.onGet
    if (hook) await hook(key)
    return value
  }
}

/** A core whose Google sign-in is the fake authorization server's. */
const oauthCore = (secrets?: MemorySecretStore) =>
  new CoreFixture({
    ...(secrets ? { secrets } : {}),
    oauth: {
      clients: { google: { clientId: oauth.clientId } },
      endpoints: { google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } }
    }
  })

/** Alice's sign-in up to its code (the browser's part done); finishing it exchanges the code. */
async function signInUpToTheCode(fixture: CoreFixture) {
  const { flowId, authorizationUrl } = await fixture.call('accounts.oauthStart', {
    email: 'alice@example.test',
    provider: 'google'
  })
  await playBrowser(authorizationUrl)
  const finish = {
    flowId,
    imap: { host: servers.dovecot.host, port: servers.dovecot.imapPort, security: 'none' as const },
    smtp: { host: servers.relay.host, port: servers.relay.port, security: 'none' as const }
  }
  return finish
}

beforeAll(async () => {
  servers = await startOAuthMailServers()
  oauth = servers.oauth
}, 60_000)

afterAll(async () => {
  await servers?.stop()
})

describe('an access token the provider revoked before its time', () => {
  it('is renewed and the login tried once more, instead of pausing the mailbox for sign in again', async () => {
    const fixture = oauthCore()
    try {
      const account = await fixture.call('accounts.oauthFinish', await signInUpToTheCode(fixture))
      await fixture.call('sync.run', { accountId: account.id })
      const renewals = oauth.grants.filter((g) => g === 'refresh_token').length
      // Microsoft does this on a policy change; a clock behind looks the same from here.
      oauth.revokeAccessTokens('alice')
      await fixture.call('sync.run', { accountId: account.id })
      expect(fixture.core.workspace.accounts.get(account.id).state).toBe('active')
      expect(oauth.grants.filter((g) => g === 'refresh_token')).toHaveLength(renewals + 1)
    } finally {
      fixture.close()
    }
  })

  it("still pauses the mailbox when the renewal is refused too, with the provider's reason", async () => {
    const fixture = oauthCore()
    try {
      const account = await fixture.call('accounts.oauthFinish', await signInUpToTheCode(fixture))
      oauth.revokeUser('alice')
      const error = await fixture.error('sync.run', { accountId: account.id })
      expect(error.code).toBe('AUTH_FAILED')
      const stored = fixture.core.workspace.accounts.get(account.id)
      expect(stored.state).toBe('needs-signin')
      expect(stored.stateReason).toMatch(/Token has been expired or revoked/)
    } finally {
      fixture.close()
    }
  })
})

describe('an access token revoked early, met first by sending', () => {
  it('is renewed and the message sent, not failed as refused by the outgoing server', async () => {
    // Real time on: the IMAP session logged in before the revocation and stays open, so the SMTP
    // login is the first to meet the revoked token.
    const fixture = new CoreFixture({
      sync: { realtime: FAST },
      oauth: {
        clients: { google: { clientId: oauth.clientId } },
        endpoints: { google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } }
      }
    })
    try {
      const account = await fixture.call('accounts.oauthFinish', await signInUpToTheCode(fixture))
      const state = () => fixture.lastEvent<SyncState>('sync.state', (s) => s.accountId === account.id)
      fixture.core.startRealtime()
      await fixture.waitFor('the first pass', () => state()?.state === 'up-to-date')
      oauth.revokeAccessTokens('alice')
      const sent = await fixture.call('messages.send', {
        accountId: account.id,
        to: ['bea@client.example'],
        subject: 'Quote',
        text: 'Here it is'
      })
      expect(sent.threadId).toBeGreaterThan(0)
      expect(servers.relay.received.at(-1)).toMatchObject({ to: ['bea@client.example'] })
    } finally {
      await fixture.core.stopRealtime()
      fixture.close()
    }
  })
})

describe('disconnecting an OAuth2 mailbox while its token is renewed', () => {
  it('keeps no refresh token for the archive, whenever the delete lands', async () => {
    const secrets = new HookedStore(null)
    const fixture = oauthCore(secrets)
    try {
      const account = await fixture.call('accounts.oauthFinish', await signInUpToTheCode(fixture))
      const ref = fixture.core.workspace.accounts.get(account.id).secretRef
      const stored = JSON.parse((await secrets.get(ref))!)
      await secrets.set(ref, JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }))

      // The renewal's second look at the secret (after the provider answered) is answered while
      // the user disconnects the mailbox as an archive.
      let looks = 0
      let disconnecting: Promise<unknown> | null = null
      secrets.onGet = async (key) => {
        if (key !== ref || ++looks !== 2) return
        disconnecting = fixture.call('accounts.disconnect', { accountId: account.id, mode: 'archive' })
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await fixture.call('sync.run', { accountId: account.id }).catch(() => undefined)
      expect(disconnecting).not.toBeNull()
      await disconnecting
      secrets.onGet = null
      expect(fixture.core.workspace.accounts.get(account.id).state).toBe('archived')
      expect(await secrets.get(ref)).toBeNull()
    } finally {
      fixture.close()
    }
  })
})

describe('a sign-in whose code exchange meets a busy sign-in server', () => {
  it('says to start the sign-in again, not that Rapport will try again (nothing can: the flow is over)', async () => {
    const fixture = oauthCore()
    try {
      const finish = await signInUpToTheCode(fixture)
      oauth.failNextToken(503, { error: 'temporarily_unavailable' })
      const error = await fixture.error('accounts.oauthFinish', finish)
      const { flowId } = finish
      // The flow is gone: finishing it again is NOT_FOUND, so no retry of Rapport's can come.
      expect((await fixture.error('accounts.oauthFinish', { flowId })).code).toBe('NOT_FOUND')
      expect(error.message).not.toMatch(/will try again/i)
      expect(error.message).toMatch(/sign.in again|start.*again/i)
    } finally {
      fixture.close()
    }
  })
})
