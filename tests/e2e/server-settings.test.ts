// Changing where a connected mailbox's mail comes from, in the real renderer against a real
// Dovecot: a port nothing answers on is refused under its field and nothing changes; the right
// one is saved, and new mail then arrives over the new address only.
import { expect, it } from 'vitest'
import { appendMessages, freePorts } from '../support/dovecot'
import { mailFromCarlos, useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox({ imapProxy: true })

const section = () => mailbox().page.getByTestId('server-settings')
const summary = () => section().getByTestId('server-settings-summary')
const imapPort = () => section().getByLabel('Port').first()

it('refuses a port nothing answers on, under the IMAP fields, and keeps the settings as they were', async () => {
  const { page, proxy, server } = mailbox()
  await page.getByTestId('account-settings-open').click()
  await expect.poll(() => summary().textContent()).toContain(`${server.host}:${proxy!.port}`)

  await section().getByTestId('server-settings-edit').click()
  expect(await imapPort().inputValue()).toBe(String(proxy!.port))
  const [closed] = await freePorts(1)
  await imapPort().fill(String(closed))
  await section().getByTestId('server-settings-save').click()

  const hostError = section().locator('#server-settings-imap-host-error')
  await hostError.waitFor({ timeout: 30_000 })
  expect(await hostError.textContent()).toMatch(/could not reach the server/i)
  expect(await section().locator('#server-settings-imap-host').getAttribute('aria-invalid')).toBe('true')
  // A new host: the saved password is not sent there, so it must be typed.
  await imapPort().fill(String(server.imapPort))
  await section().locator('#server-settings-imap-host').fill('localhost')
  await section().getByTestId('server-settings-save').click()
  const passwordError = section().locator('#server-settings-password-error')
  await passwordError.waitFor()
  expect(await passwordError.textContent()).toMatch(/type the password for the new server/i)
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('server-settings-password')
  // Still editing, and nothing saved: Cancel shows the old address.
  await section().getByRole('button', { name: 'Cancel' }).click()
  expect(await summary().textContent()).toContain(`${server.host}:${proxy!.port}`)
  await page.getByTestId('account-settings-close').click()
})

it('saves the right port, says so, and new mail then comes over the new address only', async () => {
  const { page, proxy, server, app } = mailbox()
  await page.getByTestId('account-settings-open').click()
  await section().getByTestId('server-settings-edit').click()
  await imapPort().fill(String(server.imapPort))
  await section().getByTestId('server-settings-save').click()

  await section().getByTestId('server-settings-saved').waitFor({ timeout: 30_000 })
  await expect.poll(() => summary().textContent()).toContain(`${server.host}:${server.imapPort}`)
  // The old watcher logged out of the proxy; nothing opens a connection through it any more.
  await expect.poll(() => proxy!.open, { timeout: 10_000 }).toBe(0)
  const acceptedBefore = proxy!.accepted

  await page.getByTestId('account-settings-close').click()
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    mailFromCarlos('second', 'Delivery on Friday')
  ])
  await app.threadRow('Delivery on Friday').waitFor({ timeout: 30_000 })
  expect(proxy!.accepted).toBe(acceptedBefore)
  expect(proxy!.open).toBe(0)
})

it('says how a check ended when the dialog was closed while it ran: not saved and why, or saved', async () => {
  const { page, proxy, server } = mailbox()
  const status = page.getByTestId('server-check')
  /** Changes the IMAP port to the proxy's, and closes the dialog while the check's login waits. */
  const closeDuringCheck = async () => {
    let letLoginGo!: () => void
    let loginHeld!: () => void
    const held = new Promise<void>((resolve) => (loginHeld = resolve))
    void proxy!.beforeCommand(/LOGIN|AUTHENTICATE/i, 1, async () => {
      loginHeld()
      await new Promise<void>((resolve) => (letLoginGo = resolve))
    })
    await page.getByTestId('account-settings-open').click()
    await section().getByTestId('server-settings-edit').click()
    await imapPort().fill(String(proxy!.port))
    await section().getByTestId('server-settings-save').click()
    await held
    await page.getByTestId('account-settings-close').click()
    await page.getByTestId('account-settings').waitFor({ state: 'detached' })
    expect(await status.getAttribute('data-state')).toBe('checking')
    return () => letLoginGo()
  }

  // The connection is lost while the dialog is gone: nothing was saved, and the sidebar says so.
  const failLogin = await closeDuringCheck()
  proxy!.cutAll()
  failLogin()
  await page.locator('[data-testid="server-check"][data-state="failed"]').waitFor({ timeout: 30_000 })
  expect(await status.getAttribute('role')).toBe('alert')
  expect(await status.textContent()).toMatch(
    /^The new server settings were not saved: .+ Open the settings to change them\./
  )
  await page.getByTestId('account-settings-open').click()
  await expect.poll(() => summary().textContent()).toContain(`${server.host}:${server.imapPort}`)
  await page.getByTestId('account-settings-close').click()
  // Opening the settings again took the notice away: it does not come back when they close.
  await page.getByTestId('account-settings').waitFor({ state: 'detached' })
  expect(await status.count()).toBe(0)

  const passLogin = await closeDuringCheck()
  passLogin()
  await page.locator('[data-testid="server-check"][data-state="saved"]').waitFor({ timeout: 30_000 })
  expect(await status.textContent()).toMatch(/^The new server settings were checked and saved\./)
  await status.getByRole('button', { name: 'Dismiss' }).click()
  expect(await status.count()).toBe(0)
  await page.getByTestId('account-settings-open').click()
  await expect.poll(() => summary().textContent()).toContain(`${server.host}:${proxy!.port}`)
  await page.getByTestId('account-settings-close').click()
})
