import type { ImapFlow } from 'imapflow'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { MAX_CACHED_ATTACHMENT } from '../../src-main/core/store/attachment-cache'
import { mailWithAttachments } from '../support/attachment-mail'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { actOnServerMessage } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { startSwitchableProxy, type SwitchableProxy } from '../support/switchable-proxy'
import { AppPage } from './pages/app-page'
import { launchChromium, WebMode } from './fixtures/web-mode'
import { pageRpc } from './fixtures/page-rpc'

let server: DovecotServer
let relay: SmtpRelay
let proxy: SwitchableProxy
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage

/** Messages in alice's INBOX: the generated corpus, the contract and the survey. */
const TOTAL = 121
const CONTRACT = randomBytes(30_000)

/** The newest mail: a signed contract as a PDF attachment, then survey photos too large to keep offline. */
const contractMail = () =>
  mailWithAttachments({
    messageId: '<contract-1@client.test>',
    from: 'Dewi Lestari <dewi@client.test>',
    to: 'alice@example.test',
    subject: 'Signed contract attached',
    text: 'Here is the signed contract.',
    attachments: [{ filename: 'contract.pdf', bytes: CONTRACT }]
  })
const SURVEY = randomBytes(MAX_CACHED_ATTACHMENT + 4096)
const surveyMail = () =>
  mailWithAttachments({
    messageId: '<survey-1@client.test>',
    from: 'Dewi Lestari <dewi@client.test>',
    to: 'alice@example.test',
    subject: 'Site survey photos',
    text: 'All the photos from the site survey.',
    attachments: [{ filename: 'survey.zip', contentType: 'application/zip', bytes: SURVEY }]
  })
const LIMIT = 40

beforeAll(async () => {
  server = await startDovecot()
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, users: server.users })
  // IMAP goes through a proxy the test can take offline, like a lost network.
  proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
  const alice = server.users[0]!
  const corpus = await generateCorpus({ seed: 23, count: TOTAL - 2, selfAddress: 'alice@example.test' })
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'INBOX',
    corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
  )
  await appendMessages(server, alice.user, alice.password, 'INBOX', [contractMail(), surveyMail()])
  await server.doveadm(['mailbox', 'create', '-u', alice.user, 'Projects'])
  web = new WebMode()
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  app = new AppPage(page)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await proxy?.close()
  await relay?.stop()
  await server?.stop()
})

const inInboxOnServer = (messageId: string, act: (other: ImapFlow, uids: string) => Promise<unknown>) =>
  actOnServerMessage(server, messageId, act)

const deleteOnServer = (messageId: string) =>
  inInboxOnServer(messageId, (other, uids) => other.messageDelete(uids, { uid: true }))

const callCore = (command: string, input: unknown) => pageRpc(page, command, input)

const settings = () => page.getByTestId('account-settings')
const folderRow = (path: string) => settings().locator(`[data-testid="folder-row"][data-folder="${path}"]`)

describe('mailbox settings', () => {
  it('connects a mailbox with a limited import', async () => {
    await page.goto(web.url)
    await app.onboarding.waitFor()
    await app.fillAccount({
      email: 'alice@example.test',
      user: 'alice',
      password: server.users[0]!.password,
      imap: { host: server.host, port: proxy.port, security: 'none' },
      smtp: { host: server.host, port: relay.port, security: 'none' }
    })
    await page.locator('#account-importLimit').fill(String(LIMIT))
    await app.submitAccount()
    await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  })

  it('chooses the folders that sync in the folder picker', async () => {
    await page.getByTestId('account-settings-open').click()
    await settings().waitFor()
    const projects = folderRow('Projects').getByTestId('folder-sync')
    const junk = folderRow('Junk').getByTestId('folder-sync')
    expect(await projects.isChecked()).toBe(false)
    expect(await junk.isChecked()).toBe(true)
    expect(await folderRow('INBOX').textContent()).toContain('Inbox')
    // The boxes show the core's state: they flip once the core has stored the choice.
    await projects.click()
    await expect.poll(() => projects.isChecked()).toBe(true)
    await junk.click()
    await expect.poll(() => junk.isChecked()).toBe(false)
    // Re-read from the core, not just the checkbox's own state.
    const folders = (await callCore('folders.list', {})).value as Array<{
      path: string
      syncEnabled: boolean
    }>
    expect(folders.find((f) => f.path === 'Projects')?.syncEnabled).toBe(true)
    expect(folders.find((f) => f.path === 'Junk')?.syncEnabled).toBe(false)
  })

  it('marks the mailbox as shared and sets how often its other folders are polled', async () => {
    await settings().getByTestId('account-shared').click()
    await expect.poll(() => settings().getByTestId('account-shared').isChecked()).toBe(true)
    await expect
      .poll(
        async () => ((await callCore('accounts.list', {})).value as Array<{ shared: boolean }>)[0]?.shared
      )
      .toBe(true)
    await settings().getByTestId('account-poll-interval').selectOption('300')
    await expect
      .poll(
        async () =>
          ((await callCore('accounts.list', {})).value as Array<{ pollIntervalSeconds: number }>)[0]
            ?.pollIntervalSeconds
      )
      .toBe(300)
  })

  it('syncs older mail in the background until the whole folder is there, and shows the count', async () => {
    const inbox = folderRow('INBOX').getByTestId('backfill')
    // The counts are the backfill.status query's, not the folder list's the row is drawn from.
    await expect.poll(() => inbox.getByTestId('backfill-text').textContent()).toContain(String(LIMIT))
    await inbox.getByTestId('backfill-start').click()
    await folderRow('INBOX')
      .locator('[data-testid="backfill"][data-state="done"]')
      .waitFor({ timeout: 60_000 })
    expect(await inbox.getByTestId('backfill-text').textContent()).toMatch(new RegExp(`${TOTAL}`))
    await app.screenshot('account-settings')
    await settings().getByTestId('account-settings-close').click()
    await settings().waitFor({ state: 'detached' })
  })

  it('saves the attachment of a message deleted on the server, from Rapport’s own copy', async () => {
    await deleteOnServer('<contract-1@client.test>')
    expect((await callCore('sync.run', {})).ok).toBe(true)
    await page.getByTestId('conversation-row').filter({ hasText: 'Signed contract' }).first().click()
    await page.getByTestId('deleted-on-server').waitFor()
    const save = page.getByTestId('attachment-save').filter({ hasText: 'contract.pdf' })
    await save.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()])
    expect(download.suggestedFilename()).toBe('contract.pdf')
    expect((await readFile(await download.path())).equals(CONTRACT)).toBe(true)
    await app.screenshot('attachment-after-server-delete')
  })

  it('says when another program only marked a message deleted on the server, and not once it is undeleted', async () => {
    const mark = (add: boolean) =>
      inInboxOnServer('<survey-1@client.test>', (other, uids) =>
        add
          ? other.messageFlagsAdd(uids, ['\\Deleted'], { uid: true })
          : other.messageFlagsRemove(uids, ['\\Deleted'], { uid: true })
      )
    await mark(true)
    expect((await callCore('sync.run', {})).ok).toBe(true)
    await page.getByTestId('conversation-row').filter({ hasText: 'Site survey photos' }).first().click()
    const note = page.getByTestId('marked-deleted-on-server')
    await expect
      .poll(() => note.textContent())
      .toContain('Marked deleted on the server by another mail program')
    await mark(false)
    expect((await callCore('sync.run', {})).ok).toBe(true)
    await note.waitFor({ state: 'detached' })
  })

  it('downloads from the server an attachment too large to keep offline, showing it is downloading', async () => {
    await page.getByTestId('conversation-row').filter({ hasText: 'Site survey photos' }).first().click()
    const save = page.getByTestId('attachment-save').filter({ hasText: 'survey.zip' })
    await save.waitFor()
    // The server's answer waits until the test has seen the button's state.
    proxy.hold()
    const downloading = page.waitForEvent('download', { timeout: 60_000 })
    try {
      await save.click()
      await page.locator('[data-testid="attachment-save"][aria-busy="true"]').waitFor()
      const busy = page.locator('.attachments__item').filter({ hasText: 'survey.zip' }).getByRole('status')
      await expect.poll(() => busy.textContent(), { timeout: 10_000 }).toBe('Downloading…')
      await app.screenshot('attachment-downloading')
    } finally {
      proxy.release()
    }
    const download = await downloading
    expect(download.suggestedFilename()).toBe('survey.zip')
    expect((await readFile(await download.path())).equals(SURVEY)).toBe(true)
    await page.locator('[data-testid="attachment-save"][aria-busy="false"]').first().waitFor()
    for (const text of await page.locator('.attachments__busy').allTextContents()) expect(text).toBe('')

    // Gone from the server and never kept: the reason is shown where the user clicked.
    await deleteOnServer('<survey-1@client.test>')
    expect((await callCore('sync.run', {})).ok).toBe(true)
    await page.getByTestId('deleted-on-server').waitFor()
    await save.click()
    expect(await page.locator('.attachments__error').textContent()).toMatch(/can no longer download it/)
  })

  it('lists deleted mail in Trash with its purge date, and restores it to its folder', async () => {
    const [first] = (await callCore('messages.list', { folder: 'INBOX', limit: 1 })).value as Array<{
      id: number
      subject: string
    }>
    expect((await callCore('messages.delete', { messageIds: [first!.id] })).ok).toBe(true)
    await page.getByTestId('account-settings-open').click()
    const item = settings().getByTestId('trash-item').filter({ hasText: first!.subject })
    await item.waitFor()
    expect(await item.textContent()).toMatch(/rapport deletes its copy on/i)
    // The folder by the name the user knows, not the server's path "INBOX".
    expect(await item.getByTestId('trash-restore').textContent()).toBe('Restore to Inbox')
    await item.getByTestId('trash-restore').click()
    await item.waitFor({ state: 'detached' })
    await expect
      .poll(async () => ((await callCore('tasks.list', {})).value as unknown[]).length, { timeout: 20_000 })
      .toBe(0)
    const inbox = (await callCore('messages.list', { folder: 'INBOX', limit: 500 })).value as Array<{
      id: number
    }>
    expect(inbox.map((m) => m.id)).toContain(first!.id)

    // The newest 20 deletions at first, and all of them on asking.
    const deleted = inbox.slice(0, 21).map((m) => m.id)
    expect((await callCore('messages.delete', { messageIds: deleted })).ok).toBe(true)
    await expect.poll(() => settings().getByTestId('trash-item').count()).toBe(20)
    const showAll = settings().getByTestId('trash-show-all')
    expect(await showAll.textContent()).toBe('Show all 21')
    await showAll.click()
    await expect.poll(() => settings().getByTestId('trash-item').count()).toBe(21)
    expect(await showAll.count()).toBe(0)
    expect((await callCore('trash.restore', { messageIds: deleted })).ok).toBe(true)
    await expect.poll(() => settings().getByTestId('trash-item').count()).toBe(0)
    await expect
      .poll(async () => ((await callCore('tasks.list', {})).value as unknown[]).length, { timeout: 20_000 })
      .toBe(0)
    await settings().getByTestId('account-settings-close').click()
    await settings().waitFor({ state: 'detached' })
  })

  it('says on its row why a restore the server refused failed, keeps it in Trash, and restores it to Inbox then', async () => {
    const alice = server.users[0]!.user
    await server.doveadm(['mailbox', 'create', '-u', alice, 'Tender 2026'])
    expect((await callCore('sync.run', {})).ok).toBe(true)
    const folders = (await callCore('folders.list', {})).value as Array<{ id: number; path: string }>
    const tender = folders.find((f) => f.path === 'Tender 2026')!
    const [mail] = (await callCore('messages.list', { folder: 'INBOX', limit: 1 })).value as Array<{
      id: number
      subject: string
    }>
    const pushed = () =>
      expect
        .poll(async () => ((await callCore('tasks.list', {})).value as unknown[]).length, { timeout: 20_000 })
        .toBe(0)
    expect((await callCore('messages.move', { messageIds: [mail!.id], folderId: tender.id })).ok).toBe(true)
    await pushed()
    expect((await callCore('messages.delete', { messageIds: [mail!.id] })).ok).toBe(true)
    await pushed()
    // Deleted on the server by another program; Rapport has not listed the folders since.
    await server.doveadm(['mailbox', 'delete', '-u', alice, 'Tender 2026'])
    await page.getByTestId('account-settings-open').click()
    const item = settings().getByTestId('trash-item').filter({ hasText: mail!.subject })
    await item.waitFor()
    const purge = await item.locator('.account-settings__hint').textContent()
    expect(await item.getByTestId('trash-restore').textContent()).toBe('Restore to Tender 2026')
    await item.getByTestId('trash-restore').click()
    const refused = item.getByTestId('trash-restore-refused')
    await refused.waitFor({ timeout: 20_000 })
    expect(await refused.textContent()).toMatch(
      /^Not restored to Tender 2026; it is still in Trash\. The server said: Mailbox doesn't exist: Tender 2026.* Restore now puts it in Inbox instead\.$/
    )
    // Listed as before it was clicked: the same purge day; only Restore goes to Inbox now.
    expect(await item.locator('.account-settings__hint').textContent()).toBe(purge)
    expect(await item.getByTestId('trash-restore').textContent()).toBe('Restore to Inbox')
    await app.screenshot('trash-restore-refused')
    await item.getByTestId('trash-restore').click()
    await item.waitFor({ state: 'detached' })
    const failed = (await callCore('tasks.list', { state: 'failed' })).value as Array<{ id: number }>
    expect((await callCore('tasks.dismiss', { ids: failed.map((f) => f.id) })).ok).toBe(true)
    await pushed()
    const inbox = (await callCore('messages.list', { folder: 'INBOX', limit: 500 })).value as Array<{
      id: number
    }>
    expect(inbox.map((m) => m.id)).toContain(mail!.id)
    await settings().getByTestId('account-settings-close').click()
    await settings().waitFor({ state: 'detached' })
  })

  it('shows "offline, N changes waiting" while the server is unreachable, and pushes them when it is back', async () => {
    await proxy.offline()
    await app.syncStatus.filter({ hasText: /offline/i }).waitFor({ timeout: 30_000 })
    const messages = (await callCore('messages.list', { limit: 2 })).value as Array<{ id: number }>
    expect((await callCore('messages.setFlags', { messageIds: [messages[0]!.id], flagged: true })).ok).toBe(
      true
    )
    expect((await callCore('messages.setFlags', { messageIds: [messages[1]!.id], flagged: true })).ok).toBe(
      true
    )
    await app.syncStatus.filter({ hasText: /offline, 2 changes waiting/i }).waitFor({ timeout: 30_000 })
    await app.screenshot('offline-changes-waiting')
    await proxy.online()
    await page.getByTestId('sync-now').click()
    await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
    expect(await callCore('tasks.list', {})).toEqual({ ok: true, value: [] })
  })

  it('disconnects the mailbox after a confirmation, keeping a read-only archive', async () => {
    const [kept] = (await callCore('messages.list', { folder: 'INBOX', limit: 1 })).value as Array<{
      id: number
      subject: string
    }>
    expect((await callCore('messages.delete', { messageIds: [kept!.id] })).ok).toBe(true)
    await page.getByTestId('account-settings-open').click()
    expect(await settings().getByTestId('disconnect-archive').isChecked()).toBe(true)
    await settings().getByTestId('disconnect-start').click()
    const confirmation = settings().getByTestId('disconnect-confirmation')
    expect(await confirmation.textContent()).toMatch(/alice@example\.test.*read-only archive/)
    await confirmation.getByTestId('disconnect-confirm').click()
    await settings().waitFor({ state: 'detached' })
    await page
      .getByTestId('account')
      .filter({ hasText: /archive/i })
      .waitFor()
    await app.syncStatus.filter({ hasText: /no mailbox is syncing/i }).waitFor()
    const accounts = (await callCore('accounts.list', {})).value as Array<{ state: string }>
    expect(accounts[0]?.state).toBe('archived')
    const refused = await callCore('messages.setFlags', { messageIds: [1], seen: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'ACCOUNT_ARCHIVED' } })
    await page.getByTestId('account-settings-open').click()
    await settings().getByTestId('account-archived-note').waitFor()
    expect(await folderRow('INBOX').getByTestId('folder-sync').isDisabled()).toBe(true)
    // An archive purges nothing from its Trash, so no purge date is promised, and nothing is restorable.
    const trashed = settings().getByTestId('trash-item').filter({ hasText: kept!.subject })
    await trashed.waitFor()
    expect(await trashed.textContent()).not.toMatch(/rapport deletes its copy on/i)
    expect(await trashed.getByTestId('trash-restore').count()).toBe(0)
    await app.screenshot('account-archived')
  })
})
