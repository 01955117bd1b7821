// SMTP settings the add-account check refuses, in the real renderer against a real Dovecot and an
// SMTP relay without STARTTLS: each refusal is said at the SMTP field that is wrong, in terms of
// the settings, not as a message that "could not be sent" (nothing is being sent yet).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startDovecot, type DovecotServer } from '../support/dovecot'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { AppPage, type AccountFields } from './pages/app-page'
import { launchChromium, WebMode } from './fixtures/web-mode'

let server: DovecotServer
let relay: SmtpRelay
/** A relay that takes another password than the IMAP server: sending needs its own (or is off). */
let sendingRelay: SmtpRelay
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage

beforeAll(async () => {
  server = await startDovecot()
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, users: server.users })
  sendingRelay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: [{ user: 'alice', password: 'a-sending-password' }]
  })
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
  await relay?.stop()
  await sendingRelay?.stop()
  await server?.stop()
})

const fields = (smtp: Partial<AccountFields['smtp']>): AccountFields => ({
  email: 'alice@example.test',
  user: 'alice',
  password: server.users[0]!.password,
  imap: { host: server.host, port: server.imapPort, security: 'none' },
  smtp: { host: server.host, port: relay.port, security: 'none', ...smtp }
})

/** Submits the form and waits for the check to end: the button is enabled again. */
async function submitAndSettle(): Promise<void> {
  await app.submitAccount()
  await page.getByTestId('account-form').and(page.locator('[aria-busy=false]')).waitFor()
}

it('says STARTTLS chosen for a server that does not offer it at the SMTP security field', async () => {
  await app.fillAccount(fields({ security: 'starttls' }))
  await submitAndSettle()
  const error = app.fieldError('account-smtp-security')
  await error.waitFor()
  expect(await error.textContent()).toMatch(/security setting does not match this port/i)
  expect(await page.locator('#account-smtp-security').getAttribute('aria-invalid')).toBe('true')
  expect(await page.getByTestId('account-form').textContent()).not.toMatch(/could not be sent|recipients/i)
})

it('says an SMTP port where another kind of server answers (the IMAP port) at the SMTP fields', async () => {
  await app.fillAccount(fields({ port: server.imapPort }))
  await submitAndSettle()
  const error = app.fieldError('account-smtp-port')
  await error.waitFor()
  expect(await error.textContent()).toMatch(/check the host name and port/i)
  expect(await page.locator('#account-smtp-port').getAttribute('aria-invalid')).toBe('true')
  expect(await page.getByTestId('account-form').textContent()).not.toMatch(/could not be sent|recipients/i)
})

it('says a sign-in only the SMTP server refuses at the SMTP fields, not at the password IMAP took', async () => {
  await app.fillAccount(fields({ port: sendingRelay.port }))
  await submitAndSettle()
  const error = app.fieldError('account-smtp-host')
  await error.waitFor()
  expect(await error.textContent()).toMatch(/user name or password/i)
  expect(await page.locator('#account-smtp-host').getAttribute('aria-invalid')).toBe('true')
  expect(await page.locator('#account-password').getAttribute('aria-invalid')).toBeNull()
})
