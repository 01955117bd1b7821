// Adding a mailbox, or signing one in again, refused up front with what to do: the same mailbox
// by another spelling of its internationalized domain, an address kept as an archive, the same
// address added twice at once, and a provider's sign-in for an account that does not use it.
// (Before the user is sent to the provider's page: otherwise they go through the whole browser
// sign-in, and the tokens are issued for nothing, or kept for the wrong provider's servers.)
import { describe, expect, it } from 'vitest'
import { CoreFixture } from './fixtures/core-fixture'

/** Servers nothing listens on: every add here skips the check. */
const servers = {
  imap: { host: '127.0.0.1', port: 1, security: 'tls' as const },
  smtp: { host: '127.0.0.1', port: 1, security: 'tls' as const }
}

describe('one mailbox, two spellings of its internationalized domain', () => {
  it('refuses to add eva@xn--bcher-kva.example when eva@bücher.example is already connected', async () => {
    const fixture = new CoreFixture()
    try {
      await fixture.call('accounts.add', {
        email: 'eva@bücher.example',
        user: 'u',
        password: 'p',
        ...servers,
        skipVerify: true
      })
      const error = await fixture.error('accounts.add', {
        email: 'eva@xn--bcher-kva.example',
        user: 'u',
        password: 'p',
        ...servers,
        skipVerify: true
      })
      expect(error.code).toBe('ALREADY_EXISTS')
    } finally {
      fixture.close()
    }
  })
})

describe('adding an address kept as a read-only archive', () => {
  it('does not say the mailbox is connected, and says how to reconnect it', async () => {
    const fixture = new CoreFixture()
    try {
      const input = { email: 'ana@example.test', user: 'u', password: 'p', ...servers, skipVerify: true }
      const account = await fixture.call('accounts.add', input)
      await fixture.call('accounts.disconnect', { accountId: account.id, mode: 'archive' })
      const error = await fixture.error('accounts.add', input)
      expect(error.code).toBe('ALREADY_EXISTS')
      expect(error.message).not.toMatch(/already connected/)
      expect(error.message).toMatch(/archive.*[Ss]ign in/)
    } finally {
      fixture.close()
    }
  })
})

describe('the same address added twice at once (a double click, the CLI beside the app)', () => {
  it('adds it once and tells the other ALREADY_EXISTS, not an internal error', async () => {
    const fixture = new CoreFixture()
    try {
      const input = { email: 'bea@example.test', user: 'u', password: 'p', ...servers, skipVerify: true }
      const [a, b] = await Promise.all([
        fixture.core.dispatch('accounts.add', input),
        fixture.core.dispatch('accounts.add', input)
      ])
      const outcomes = [a, b].map((r) => (r.ok ? 'added' : r.error.code)).sort()
      expect(outcomes).toEqual(['ALREADY_EXISTS', 'added'])
    } finally {
      fixture.close()
    }
  })
})

describe('signing an account in again through a provider', () => {
  it('is refused at the start for a password account', async () => {
    const fixture = new CoreFixture({
      oauth: { clients: { google: { clientId: 'g' }, microsoft: { clientId: 'm' } } }
    })
    try {
      const account = await fixture.call('accounts.add', {
        email: 'ana@example.test',
        user: 'ana',
        password: 'pw',
        ...servers,
        skipVerify: true
      })
      const error = await fixture.error('accounts.oauthStart', {
        email: 'ana@example.test',
        provider: 'google',
        accountId: account.id
      })
      expect(error.code).toBe('INVALID_INPUT')
    } finally {
      fixture.close()
    }
  })

  it("is refused at the start with another provider than the account's", async () => {
    const fixture = new CoreFixture({
      oauth: { clients: { google: { clientId: 'g' }, microsoft: { clientId: 'm' } } }
    })
    try {
      const ws = fixture.core.workspace
      const account = await ws.accountService.addOAuth(
        {
          email: 'ana@gmail.com',
          user: 'ana@gmail.com',
          oauthProvider: 'google',
          imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
          smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
          skipVerify: true
        },
        'token',
        async () => undefined
      )
      const error = await fixture.error('accounts.oauthStart', {
        email: 'ana@gmail.com',
        provider: 'microsoft',
        accountId: account.id
      })
      expect(error.code).toBe('INVALID_INPUT')
    } finally {
      fixture.close()
    }
  })
})
