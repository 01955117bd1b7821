import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOAuthWebMode, type OAuthWebMode } from './fixtures/oauth-web-mode'

// A desktop user has no environment variables to set: the Google client id and secret are typed
// into Settings, then "Sign in with Google" works. Only the endpoints come from the web-mode
// host's environment (they stand in for Google's); the fake server's token endpoint wants the
// secret, so a sign-in proves the saved one was used.

const SECRET = `GOCSPX-e2e-${Date.now()}`

let setup: OAuthWebMode

beforeAll(async () => {
  setup = await startOAuthWebMode({
    subject: 'Client id from Settings',
    clientIdInEnvironment: false,
    clientSecret: SECRET
  })
}, 60_000)

afterAll(() => setup?.stop())

describe('the Google client id, set in Settings', () => {
  it('is asked for on the add-account form, entered in Settings, and then Sign in with Google works', async () => {
    const { oauth, web, browser, page, app } = setup
    await page.goto(web.url)
    await page.locator('#account-email').fill('alice@gmail.com')
    const missing = page.getByTestId('oauth-client-missing')
    await missing.waitFor()
    expect(await missing.textContent()).toContain('Signing in with Google needs a client id first.')
    await setup.typeServers()

    await page.getByTestId('oauth-client-set-up').click()
    const section = page.getByTestId('oauth-clients')
    await section.waitFor()
    expect(await section.locator('h3').textContent()).toBe('Sign-in with Google and Microsoft')
    expect(await section.textContent()).toContain('http://127.0.0.1')
    const google = section.getByTestId('oauth-client-google')

    // A value with a space is refused, under the field it was typed in.
    await page.locator('#oauth-google-client-id').fill('not a client id')
    await google.getByTestId('oauth-client-save').click()
    const idError = page.locator('#oauth-google-client-id-error')
    await idError.waitFor()
    expect(await idError.textContent()).toMatch(/no spaces/)

    await page.locator('#oauth-google-client-id').fill(oauth.clientId)
    await page.locator('#oauth-google-client-secret').fill(SECRET)
    await google.getByTestId('oauth-client-save').click()
    await google.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await google.getByTestId('oauth-client-secret-saved').waitFor()
    expect(await idError.count()).toBe(0)
    // Write-only: the field is emptied, and the secret is nowhere in the page.
    expect(await page.locator('#oauth-google-client-secret').inputValue()).toBe('')
    expect(await page.content()).not.toContain(SECRET)
    // Web mode here has no keychain: the form says the secret lasts until Rapport quits. That
    // comes from app.info, a query of its own, not from the client status waited for above.
    await expect.poll(() => google.textContent()).toContain('kept in memory only')
    await section.scrollIntoViewIfNeeded()
    await app.screenshot('oauth-client-settings')

    await page.getByTestId('settings-close').click()
    await missing.waitFor({ state: 'detached' })
    await page.getByTestId('oauth-start').click()
    const link = page.getByTestId('oauth-link')
    await link.waitFor()
    const authorizationUrl = new URL((await link.getAttribute('href'))!)
    expect(authorizationUrl.searchParams.get('client_id')).toBe(oauth.clientId)
    const tab = await browser.newPage()
    await tab.goto(authorizationUrl.toString())
    expect(await tab.locator('h1').textContent()).toBe('Signed in')
    await tab.close()

    await app.threadRow('Client id from Settings').waitFor({ timeout: 30_000 })
    // The token endpoint refuses a request without the secret: this exchange carried the saved one.
    expect(oauth.grants).toEqual(['authorization_code'])
  })

  it('says after a restart without a keychain that the secret is gone, and takes it again', async () => {
    const { web, page } = setup
    await page.goto(await web.restart())
    // The sign-in was in memory too. Signing in again first asks for the secret, in plain words.
    const signInAgain = page.getByTestId('sign-in-again')
    await signInAgain.getByTestId('oauth-start').click()
    const refused = signInAgain.getByRole('alert')
    await refused.waitFor()
    expect(await refused.textContent()).toMatch(
      /is gone since Rapport restarted\. Enter it again in Settings/
    )
    await page.getByTestId('settings-open').click()
    const google = page.getByTestId('oauth-client-google')
    const lost = google.getByTestId('oauth-client-secret-lost')
    await lost.waitFor()
    expect(await lost.textContent()).toContain('gone since Rapport restarted')
    expect(await google.getByTestId('oauth-client-secret-saved').count()).toBe(0)
    await lost.scrollIntoViewIfNeeded()
    await setup.app.screenshot('oauth-client-secret-lost')
    await page.locator('#oauth-google-client-secret').fill(SECRET)
    await google.getByTestId('oauth-client-save').click()
    await google.getByTestId('oauth-client-secret-saved').waitFor()
    await lost.waitFor({ state: 'detached' })
    await page.getByTestId('settings-close').click()
  })

  it('shows the saved client in Settings after signing in, and clears it', async () => {
    const { oauth, page } = setup
    await page.getByTestId('settings-open').click()
    const google = page.getByTestId('oauth-client-google')
    await google.waitFor()
    expect(await page.locator('#oauth-google-client-id').inputValue()).toBe(oauth.clientId)
    await google.getByTestId('oauth-client-secret-saved').waitFor()
    expect(await page.content()).not.toContain(SECRET)

    await google.getByTestId('oauth-client-clear').click()
    await google.getByRole('status').filter({ hasText: 'Cleared.' }).waitFor()
    await google.getByTestId('oauth-client-secret-saved').waitFor({ state: 'detached' })
    // The field copies the stored id in an effect, a render after the data it comes from.
    await expect.poll(() => page.locator('#oauth-google-client-id').inputValue()).toBe('')
    expect(await google.getByTestId('oauth-client-clear').isDisabled()).toBe(true)
  })
})
