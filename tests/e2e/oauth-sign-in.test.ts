import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { DovecotServer } from '../support/dovecot'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import type { AppPage } from './pages/app-page'
import type { WebMode } from './fixtures/web-mode'
import { startOAuthWebMode, type OAuthWebMode } from './fixtures/oauth-web-mode'

// "Sign in with Google" from the onboarding form, in real Chromium against web mode. The Google
// endpoints point at a local fake authorization server (env of the web-mode host), and Dovecot
// checks the XOAUTH2 login by asking that server about the token.

let setup: OAuthWebMode
let oauth: FakeOAuthServer
let server: DovecotServer
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage

beforeAll(async () => {
  setup = await startOAuthWebMode({ subject: 'Signed in with a token', clientIdInEnvironment: true })
  ;({ oauth, dovecot: server, web, browser, page, app } = setup)
}, 60_000)

afterAll(() => setup?.stop())

describe('signing in with Google from the onboarding form', () => {
  it('offers the provider sign-in, waits for the browser, then imports the mailbox', async () => {
    await page.goto(web.url)
    await page.locator('#account-email').fill('alice@gmail.com')
    await page.getByTestId('oauth-start').waitFor()
    // The test's servers stand in for Gmail's: typed over the suggested ones.
    await setup.typeServers()
    await page.getByTestId('oauth-start').click()

    const link = page.getByTestId('oauth-link')
    await link.waitFor()
    const authorizationUrl = (await link.getAttribute('href'))!
    expect(new URL(authorizationUrl).origin).toBe(oauth.url)
    await app.screenshot('oauth-waiting')

    // The user's browser: the provider's page redirects to Rapport's loopback listener.
    const tab = await browser.newPage()
    await tab.goto(authorizationUrl)
    expect(await tab.locator('h1').textContent()).toBe('Signed in')
    await tab.close()

    await app.threadRow('Signed in with a token').waitFor({ timeout: 30_000 })
    expect(oauth.grants).toEqual(['authorization_code'])
    expect(oauth.introspected).toContain(oauth.issued[0])
  })

  it('asks to sign in with Google again when access is revoked, and resumes after it', async () => {
    oauth.revokeUser('alice')
    // Cut the live session: reconnecting with the revoked token fails at Dovecot's introspection.
    await server.doveadm(['kick', 'alice'])
    const again = page.getByTestId('sign-in-again').getByTestId('oauth-start')
    await again.waitFor({ timeout: 30_000 })
    expect(await again.textContent()).toBe('Sign in again with Google')
    // The reason for the pause is shown where the user signs in again: the IMAP server refused
    // the token, and the renewal tried before pausing was refused by the provider.
    expect(await page.getByTestId('sign-in-again-reason').textContent()).toMatch(
      /^Why: invalid_grant: /
    )
    await app.screenshot('oauth-sign-in-again')
    await again.click()
    const link = page.getByTestId('oauth-link')
    await link.waitFor()
    const tab = await browser.newPage()
    await tab.goto((await link.getAttribute('href'))!)
    expect(await tab.locator('h1').textContent()).toBe('Signed in')
    await tab.close()
    await page.getByTestId('sign-in-again').waitFor({ state: 'detached', timeout: 30_000 })
    expect(oauth.grants).toEqual(['authorization_code', 'refresh_token', 'authorization_code'])
  })

  it('shows the client id the environment sets read-only in Settings, saying where it comes from', async () => {
    await page.getByTestId('settings-open').click()
    const google = page.getByTestId('oauth-client-google')
    await google.waitFor()
    const id = page.locator('#oauth-google-client-id')
    expect(await id.inputValue()).toBe(oauth.clientId)
    expect(await id.getAttribute('readonly')).not.toBeNull()
    expect(await google.getByTestId('oauth-client-environment').textContent()).toContain(
      'RAPPORT_GOOGLE_CLIENT_ID'
    )
    expect(await google.getByTestId('oauth-client-save').count()).toBe(0)
    // Microsoft has no client in the environment: it can be set here.
    expect(await page.locator('#oauth-microsoft-client-id').getAttribute('readonly')).toBeNull()
    await google.scrollIntoViewIfNeeded()
    await app.screenshot('oauth-client-from-environment')
    await page.getByTestId('settings-close').click()
  })
})
