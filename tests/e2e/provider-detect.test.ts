import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { AppPage } from './pages/app-page'
import { launchChromium, WebMode } from './fixtures/web-mode'

// The onboarding form asks the core (accounts.detect) for server settings once the address is
// typed, and fills only the fields the user has not touched.

let web: WebMode
let browser: Browser
let page: Page
let app: AppPage

const valueOf = (id: string) => page.locator(`#${id}`).inputValue()

/** Waits until a field shows the expected value: the detection answer arrives asynchronously. */
async function waitForValue(id: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([selector, value]) => (document.querySelector(selector!) as HTMLInputElement | null)?.value === value,
    [`#${id}`, expected],
    { timeout: 15_000 }
  )
}

beforeAll(async () => {
  web = new WebMode()
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  app = new AppPage(page)
  await page.goto(web.url)
  await app.onboarding.waitFor()
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
})

describe('server settings are suggested from the email address', () => {
  it('fills a known provider from the built-in table and says so', async () => {
    await page.locator('#account-email').fill('ana@gmail.com')
    await waitForValue('account-imap-host', 'imap.gmail.com')
    expect(await valueOf('account-imap-port')).toBe('993')
    expect(await page.locator('#account-imap-security').inputValue()).toBe('tls')
    expect(await valueOf('account-smtp-host')).toBe('smtp.gmail.com')
    expect(await valueOf('account-user')).toBe('ana@gmail.com')
    const hint = page.getByTestId('detect-status')
    await hint.filter({ hasText: 'Gmail' }).waitFor()
    expect(await hint.textContent()).toMatch(/Settings for Gmail filled in.*app password/)
    await app.screenshot('provider-detect-gmail')
  })

  it('never overwrites a server the user edited, but still fills the other one', async () => {
    await page.locator('#account-imap-host').fill('imap.my-own.example')
    await page.locator('#account-email').fill('ana@icloud.com')
    await waitForValue('account-smtp-host', 'smtp.mail.me.com')
    expect(await valueOf('account-smtp-port')).toBe('587')
    expect(await page.locator('#account-smtp-security').inputValue()).toBe('starttls')
    expect(await valueOf('account-imap-host')).toBe('imap.my-own.example')
  })

  it('guesses the usual names for a domain that publishes nothing, and says to check them', async () => {
    await page.locator('#account-email').fill('bo@nowhere.invalid')
    await page
      .getByTestId('detect-status')
      .filter({ hasText: 'No published settings found' })
      .waitFor({ timeout: 15_000 })
    expect(await valueOf('account-smtp-host')).toBe('smtp.nowhere.invalid')
    expect(await valueOf('account-smtp-port')).toBe('465')
  })
})
