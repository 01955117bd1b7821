// The mail side as a demanding keyboard user sees it, in the real renderer (Chromium, web mode)
// against a real Dovecot: where focus lands after the server refuses the add-account form, and
// after dialogs close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { appendMessages, freePorts, startDovecot, type DovecotServer } from '../support/dovecot'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { mailFromCarlos, MAILBOX_ADDRESS } from './fixtures/connected-mailbox'
import { launchChromium, WebMode } from './fixtures/web-mode'
import { AppPage, type AccountFields } from './pages/app-page'

let server: DovecotServer
let relay: SmtpRelay
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage

beforeAll(async () => {
  server = await startDovecot()
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, users: server.users })
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    mailFromCarlos('q1', 'Quote for 40 chairs')
  ])
  web = new WebMode()
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  app = new AppPage(page)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await relay?.stop()
  await server?.stop()
})

const activeId = () => page.evaluate(() => document.activeElement?.id ?? '')
const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')

const fields = (): AccountFields => ({
  email: MAILBOX_ADDRESS,
  user: 'alice',
  password: server.users[0]!.password,
  imap: { host: server.host, port: server.imapPort, security: 'none' },
  smtp: { host: server.host, port: relay.port, security: 'none' }
})

describe('adding a mailbox the server refuses', () => {
  it('puts a wrong password under its field, keeps what was typed, and moves focus there', async () => {
    await page.goto(web.url)
    await app.onboarding.waitFor()
    await app.fillAccount({ ...fields(), password: 'not-the-password' })
    await page.getByTestId('add-account').focus()
    await page.keyboard.press('Enter')
    await app.fieldError('account-password').waitFor({ timeout: 30_000 })
    expect(await page.locator('#account-email').inputValue()).toBe(MAILBOX_ADDRESS)
    expect(await page.locator('#account-imap-port').inputValue()).toBe(String(server.imapPort))
    // The keyboard user is put on the field to fix, as the client's own checks do.
    await expect.poll(activeId, { timeout: 2_000 }).toBe('account-password')
  })

  it('puts an unreachable server under its host field, and moves focus there', async () => {
    const [closed] = await freePorts(1)
    await page.locator('#account-password').fill(server.users[0]!.password)
    await page.locator('#account-imap-port').fill(String(closed))
    await page.getByTestId('add-account').focus()
    await page.keyboard.press('Enter')
    await app.fieldError('account-imap-host').waitFor({ timeout: 30_000 })
    expect(await app.fieldError('account-imap-host').textContent()).toMatch(/could not reach/i)
    await expect.poll(activeId, { timeout: 2_000 }).toBe('account-imap-host')
  })

  it('adds it once the port is right', async () => {
    await page.locator('#account-imap-port').fill(String(server.imapPort))
    await app.submitAccount()
    await app.threadRows.first().waitFor({ timeout: 30_000 })
    await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  })
})

describe('Mailbox settings refused by the server', () => {
  it('moves focus to the server field the check refused, as the add-account form does', async () => {
    await page.getByTestId('account-settings-open').click()
    const section = page.getByTestId('server-settings')
    await section.getByTestId('server-settings-edit').click()
    const [closed] = await freePorts(1)
    await section.locator('#server-settings-imap-port').fill(String(closed))
    await section.getByTestId('server-settings-save').click()
    await section.locator('#server-settings-imap-host-error').waitFor({ timeout: 30_000 })
    await expect.poll(activeId, { timeout: 2_000 }).toBe('server-settings-imap-host')
    await section.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('account-settings-close').click()
    await page.getByTestId('account-settings').waitFor({ state: 'detached' })
  })
})

describe('focus after dialogs close', () => {
  it('gives focus back to the Outbox button when the Outbox closes with Escape', async () => {
    await page.getByTestId('outbox-open').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('outbox').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('outbox').waitFor({ state: 'detached' })
    await expect.poll(activeTestId, { timeout: 2_000 }).toBe('outbox-open')
  })

  it('moves focus into Settings when it opens, as the Outbox and mailbox settings do', async () => {
    // It stayed on the page behind (inert, so on <body>): a screen reader heard nothing open.
    await page.getByTestId('settings-open').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('settings').waitFor()
    const inSettings = () =>
      page.evaluate(() => !!document.activeElement?.closest('[data-testid="settings"]'))
    await expect.poll(inSettings, { timeout: 2_000 }).toBe(true)
    expect(await activeTestId()).toBe('settings-close')
    await page.keyboard.press('Escape')
    await page.getByTestId('settings').waitFor({ state: 'detached' })
  })

  it('gives focus back to the Settings button when Settings closes with Escape', async () => {
    await page.getByTestId('settings-open').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('settings').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('settings').waitFor({ state: 'detached' })
    await expect.poll(activeTestId, { timeout: 2_000 }).toBe('settings-open')
  })

  it('moves focus into the disconnect confirmation, and back to Disconnect on Cancel', async () => {
    await page.getByTestId('account-settings-open').focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByTestId('account-settings')
    await dialog.waitFor()
    await page.getByTestId('disconnect-start').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('disconnect-confirmation').waitFor()
    const inside = () =>
      page.evaluate(
        () =>
          !!document
            .querySelector('[data-testid="disconnect-confirmation"]')
            ?.contains(document.activeElement)
      )
    await expect.poll(inside, { timeout: 2_000 }).toBe(true)
    await page.getByTestId('disconnect-cancel').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('disconnect-confirmation').waitFor({ state: 'detached' })
    await expect.poll(activeTestId, { timeout: 2_000 }).toBe('disconnect-start')
    // Closing the dialog gives focus back to the button that opened it.
    await page.keyboard.press('Escape')
    await page.getByTestId('account-settings').waitFor({ state: 'detached' })
    await expect.poll(activeTestId, { timeout: 2_000 }).toBe('account-settings-open')
  })
})
