// What "Sync older mail" offers and says in the folder list, in the real renderer against a real
// Dovecot: INBOX holds five messages, of which the first import took the newest two.
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  connectMailbox,
  mailFromCarlos,
  NEW_PASSWORD,
  passwordChangedOnServer,
  type ConnectedMailbox
} from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [1, 2, 3, 4, 5].map((n) => mailFromCarlos(`older-${n}`, `Order ${n}`)),
    importCount: 2
  })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})
afterAll(async () => {
  await mailbox?.stop()
})

const settings = () => mailbox.page.getByTestId('account-settings')
const row = (path: string) => settings().locator(`[data-testid="folder-row"][data-folder="${path}"]`)
const syncNow = async () => {
  const { page, app } = mailbox
  // The dialog is made modal in an effect: Escape before that closes nothing, and the dialog
  // opening after it would then cover the buttons below (seen in CI under load).
  await settings().waitFor()
  await page.keyboard.press('Escape')
  await settings().waitFor({ state: 'hidden' })
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('account-settings-open').click()
}

it('offers it only for a folder synced once and still on the server', async () => {
  const { server, page } = mailbox
  await server.doveadm(['mailbox', 'create', '-u', 'alice', 'Projects'])
  await page.getByTestId('account-settings-open').click()
  await syncNow()
  const projects = row('Projects')
  await projects.getByTestId('folder-sync').click()
  await expect.poll(() => projects.getByTestId('folder-sync').isChecked()).toBe(true)
  // Ticked, never synced: the core could not start it ("sync the folder first").
  expect(await projects.getByTestId('backfill').count()).toBe(0)

  // The pass that syncs it for the first time makes the open list show it (the pass is asked
  // for from another window on the same core, so this one stays open and is not read afresh).
  const [account] = (await pageRpcValue(page, 'accounts.list', {})) as Array<{ id: number }>
  await pageRpcValue(page, 'sync.run', { accountId: account!.id })
  await projects.getByTestId('backfill-start').waitFor({ timeout: 10_000 })

  // Deleted on the server: there is nothing to fetch from, so nothing is offered.
  await server.doveadm(['mailbox', 'delete', '-u', 'alice', 'Projects'])
  await syncNow()
  await projects.getByTestId('folder-gone').waitFor({ timeout: 30_000 })
  expect(await projects.getByTestId('backfill').count()).toBe(0)
  await page.keyboard.press('Escape')
  await settings().waitFor({ state: 'hidden' })
})

it('does not call a folder complete before the server is counted, and a pause stops waiting for sign-in', async () => {
  const { page, app } = mailbox
  const signIn = await passwordChangedOnServer(mailbox)

  await page.getByTestId('account-settings-open').click()
  // The saved password is the refused one: the server form does not offer to keep it.
  const servers = settings().getByTestId('server-settings')
  await servers.getByTestId('server-settings-edit').click()
  const passwordHint = servers.locator('.field', { has: page.locator('#server-settings-password') })
  // The pause reaches the account list a moment after the sign-in form (two queries, one event).
  await expect
    .poll(() => passwordHint.locator('.field__hint').textContent())
    .toBe('The saved password was refused: type the one that works now.')
  await servers.getByRole('button', { name: 'Cancel' }).click()
  const inbox = row('INBOX').getByTestId('backfill')
  await expect.poll(() => inbox.getByTestId('backfill-text').textContent()).toBe('2 messages stored')
  await inbox.getByTestId('backfill-start').click()
  const notice = inbox.getByRole('alert')
  await expect
    .poll(() => notice.textContent())
    .toBe('Waiting for you to sign in to this mailbox again; it goes on then.')
  // Running, but no batch has counted the server's five yet: "2 of 2" would say it is complete.
  expect(await inbox.getByTestId('backfill-text').textContent()).toBe('2 messages stored')
  expect(await inbox.getByRole('progressbar').count()).toBe(0)

  // Paused by the user, it does not go on after the sign-in, so it no longer says it will.
  await inbox.getByTestId('backfill-pause').click()
  await settings().locator('[data-folder="INBOX"] [data-testid="backfill"][data-state="paused"]').waitFor()
  expect(await notice.count()).toBe(0)
  await page.keyboard.press('Escape')
  await settings().waitFor({ state: 'hidden' })

  await signIn.locator('input').fill(NEW_PASSWORD)
  await signIn.getByRole('button').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('account-settings-open').click()
  // A fresh dialog: the row comes with the folder list, its state with backfill.status ('idle' until then).
  await expect.poll(() => inbox.getAttribute('data-state')).toBe('paused')
  await inbox.getByTestId('backfill-start').click()
  await settings().locator('[data-folder="INBOX"] [data-testid="backfill"][data-state="done"]').waitFor({
    timeout: 30_000
  })
  expect(await inbox.getByTestId('backfill-text').textContent()).toBe('All 5 messages synced')
})
