import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { brokenMimeSamples, generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { AppPage, type AccountFields } from './pages/app-page'
import { launchChromium, WebMode } from './fixtures/web-mode'

let server: DovecotServer
let relay: SmtpRelay
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage
const requests: string[] = []
const dialogs: string[] = []

const HOSTILE_SUBJECT = 'Urgent: verify your account'

/** The hostile sample, dated now so it is the newest thread and at the top of the inbox. */
function freshHostileMail(): Buffer {
  const sample = brokenMimeSamples().find((b) =>
    b.toString('latin1').includes('X-Rapport-Sample: hostile-html')
  )!
  return Buffer.from(
    sample.toString('latin1').replace(/^Date: .*$/m, `Date: ${new Date().toUTCString()}`),
    'latin1'
  )
}

beforeAll(async () => {
  server = await startDovecot()
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, users: server.users })
  const alice = server.users[0]!
  const corpus = await generateCorpus({ seed: 11, count: 120, selfAddress: 'alice@example.test' })
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    ...corpus.map((m) => m.raw),
    freshHostileMail()
  ])
  web = new WebMode()
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.on('request', (request) => requests.push(request.url()))
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  app = new AppPage(page)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await relay?.stop()
  await server?.stop()
})

describe('a new user connects a mailbox, reads and replies', () => {
  const fields = (): AccountFields => ({
    email: 'alice@example.test',
    user: 'alice',
    password: server.users[0]!.password,
    imap: { host: server.host, port: server.imapPort, security: 'none' },
    smtp: { host: server.host, port: relay.port, security: 'none' }
  })

  it('shows a wrong password under the password field', async () => {
    await page.goto(web.url)
    await app.onboarding.waitFor()
    await app.fillAccount({ ...fields(), password: 'not-the-password' })
    await app.submitAccount()
    const error = app.fieldError('account-password')
    await error.waitFor()
    expect(await error.textContent()).toMatch(/user name or password/i)
    expect(await page.locator('#account-password').getAttribute('aria-invalid')).toBe('true')
  })

  it('adds the account, imports the mailbox and shows the threaded inbox', async () => {
    await page.locator('#account-password').fill(server.users[0]!.password)
    await app.submitAccount()
    await app.threadRows.first().waitFor()
    await page
      .getByTestId('sync-status')
      .filter({ hasText: /up to date/i })
      .waitFor()
    // The status line follows sync events, the list its own query: it may refetch a moment later.
    await expect.poll(() => app.threadRows.count()).toBeGreaterThan(5)
    const top = app.threadRows.first()
    await expect.poll(() => top.textContent()).toContain(HOSTILE_SUBJECT)
    await app.screenshot('inbox')
  })

  it('renders hostile HTML mail without scripts, remote loads or dialogs', async () => {
    await app.threadRow(HOSTILE_SUBJECT).first().click()
    await app.messages.first().waitFor()
    const frame = app.messages.first().getByTestId('message-frame')
    await frame.waitFor()
    const sandbox = (await frame.getAttribute('sandbox')) ?? ''
    expect(sandbox).not.toMatch(/allow-scripts|allow-same-origin/)
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? ''
    expect(srcdoc).toMatch(/Content-Security-Policy/)
    expect(srcdoc).not.toMatch(/<script|onerror=|onload=|javascript:/i)
    await app.messages.first().getByTestId('remote-images-bar').waitFor()
    const outside = requests.filter(
      (url) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]|^(data|about|blob):/.test(url)
    )
    expect(outside).toEqual([])
    expect(dialogs).toEqual([])
  })

  it('opens a thread, replies, and sees the reply in the thread and on the wire', async () => {
    const row = app.threadRows.nth(1)
    const subject = (await row.textContent()) ?? ''
    await row.click()
    await app.messages.first().waitFor()
    const before = await app.messages.count()
    const text = `Confirmed, thanks! ${Date.now()}`
    await app.reply(text)
    await app.messages.filter({ hasText: text }).waitFor()
    expect(await app.messages.count()).toBe(before + 1)
    // The box empties on the send's answer, the thread on its own query: either may come first.
    await expect.poll(() => page.getByTestId('reply-box').inputValue()).toBe('')
    const relayed = relay.received.find((m) => m.raw.toString('utf8').includes(text.split(' ').at(-1)!))
    expect(relayed).toBeDefined()
    expect(subject.length).toBeGreaterThan(0)
    await app.screenshot('thread-after-reply')
  })

  it('asks for the password again after a restart without a keychain, where the error is shown', async () => {
    await page.goto(await web.restart())
    await app.threadRows.first().waitFor()
    await page.getByTestId('sync-now').click()
    const form = page.getByTestId('sign-in-again')
    await form.waitFor()
    // The form follows the account's state, the line its sync state: two events, either first.
    await expect.poll(() => app.syncStatus.textContent()).toMatch(/no longer has the password/i)
    await form.locator('input').fill('wrong-password')
    await form.getByRole('button').click()
    await form.getByRole('alert').waitFor()
    expect(await form.getByRole('alert').textContent()).toMatch(/user name or password/i)
    await form.locator('input').fill(server.users[0]!.password)
    await form.getByRole('button').click()
    await app.syncStatus.filter({ hasText: /up to date/i }).waitFor()
    expect(await form.count()).toBe(0)
    await app.screenshot('signed-in-again')
  })
})
