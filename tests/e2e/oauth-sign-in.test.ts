import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { startFakeOAuthServer, type FakeOAuthServer } from '../support/fake-oauth-server'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { AppPage } from './pages/app-page'
import { launchChromium, WebMode } from './fixtures/web-mode'

// "Sign in with Google" from the onboarding form, in real Chromium against web mode. The Google
// endpoints point at a local fake authorization server (env of the web-mode host), and Dovecot
// checks the XOAUTH2 login by asking that server about the token.

let oauth: FakeOAuthServer
let server: DovecotServer
let relay: SmtpRelay
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage

beforeAll(async () => {
  oauth = await startFakeOAuthServer({ user: 'alice' })
  server = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } })
  relay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: server.users,
    verifyAccessToken: async (user, token) => oauth.isActive(user.replace(/@.*/, ''), token)
  })
  await appendMessages(server, 'alice', 'alice-pw', 'INBOX', [
    'From: Bea <bea@client.example>\r\nTo: alice@gmail.com\r\nSubject: Signed in with a token\r\n' +
      'Message-ID: <oauth-e2e@client.example>\r\nDate: ' +
      new Date().toUTCString() +
      '\r\n\r\nHello\r\n'
  ])
  web = new WebMode({
    RAPPORT_GOOGLE_CLIENT_ID: oauth.clientId,
    RAPPORT_GOOGLE_AUTHORIZATION_URL: oauth.authorizationUrl,
    RAPPORT_GOOGLE_TOKEN_URL: oauth.tokenUrl
  })
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  app = new AppPage(page)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await relay?.stop()
  await server?.stop()
  await oauth?.stop()
})

describe('signing in with Google from the onboarding form', () => {
  it('offers the provider sign-in, waits for the browser, then imports the mailbox', async () => {
    await page.goto(web.url)
    await page.locator('#account-email').fill('alice@gmail.com')
    await page.getByTestId('oauth-start').waitFor()
    // The test's servers stand in for Gmail's: typed over the suggested ones.
    await page.locator('#account-imap-host').fill(server.host)
    await page.locator('#account-imap-port').fill(String(server.imapPort))
    await page.locator('#account-imap-security').selectOption('none')
    await page.locator('#account-smtp-host').fill(relay.host)
    await page.locator('#account-smtp-port').fill(String(relay.port))
    await page.locator('#account-smtp-security').selectOption('none')
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
    // The server's reason for the pause is shown where the user signs in again.
    expect(await page.getByTestId('sign-in-again-reason').textContent()).toMatch(
      /^Why: The IMAP server rejected/
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
    expect(oauth.grants).toEqual(['authorization_code', 'authorization_code'])
  })
})
