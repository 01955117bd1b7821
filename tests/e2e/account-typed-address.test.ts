// An address typed through a Chinese IME in the add-account form: its dot comes as 。, which
// Chromium's email field turns to a plain dot only when the whole address is ASCII. The form
// takes it, suggests the user name with a plain domain, and the mailbox is added as 李娜@qq.com.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOnboardingApp, type OnboardingApp } from './fixtures/onboarding-app'

let fresh: OnboardingApp

beforeAll(async () => {
  fresh = await startOnboardingApp()
})

afterAll(async () => {
  await fresh?.stop()
})

/** Waits until a field shows the expected value: detection answers asynchronously. */
const waitForValue = (id: string, expected: string) =>
  fresh.page.waitForFunction(
    ([selector, value]) => (document.querySelector(selector!) as HTMLInputElement | null)?.value === value,
    [`#${id}`, expected],
    { timeout: 15_000 }
  )

describe('an address typed with an IME’s full stop (李娜@qq。com)', () => {
  it('is taken, suggests the user name with a plain domain, and is added as 李娜@qq.com', async () => {
    const { page, app, web, server, relay } = fresh
    await page.goto(web.url)
    await app.onboarding.waitFor()
    // What is not an address still gets the field's message.
    await page.locator('#account-email').fill('李娜@qq')
    await app.submitAccount()
    await app.fieldError('account-email').waitFor()
    expect(await app.fieldError('account-email').textContent()).toBe(
      'Enter an email address like name@example.com.'
    )

    await page.locator('#account-email').fill('李娜@qq。com')
    await page.getByTestId('detect-status').filter({ hasText: 'QQ Mail' }).waitFor({ timeout: 15_000 })
    await waitForValue('account-user', '李娜@qq.com')
    expect(await page.locator('#account-imap-host').inputValue()).toBe('imap.qq.com')
    expect(await app.fieldError('account-email').count()).toBe(0)

    // QQ's servers are not reachable here: the test's Dovecot stands in for them.
    const alice = server.users[0]!
    await app.fillAccount({
      email: '李娜@qq。com',
      user: alice.user,
      password: alice.password,
      imap: { host: server.host, port: server.imapPort, security: 'none' },
      smtp: { host: server.host, port: relay.port, security: 'none' }
    })
    await app.submitAccount()
    await expect
      .poll(() => page.getByTestId('account').allTextContents(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('李娜@qq.com')])
  })
})
