import type { Locator, Page } from 'playwright-core'
import { join } from 'node:path'
import { SCREENSHOT_DIR } from '../fixtures/web-mode'

export type ServerFields = { host: string; port: number; security: 'tls' | 'starttls' | 'none' }

export type AccountFields = {
  email: string
  user: string
  password: string
  imap: ServerFields
  smtp: ServerFields
}

/** Page object for Rapport's screens, so tests read as what a person does. */
export class AppPage {
  constructor(readonly page: Page) {}

  get onboarding(): Locator {
    return this.page.getByTestId('onboarding')
  }
  /** The inbox rows: one conversation per thread. */
  get threadRows(): Locator {
    return this.page.getByTestId('conversation-row')
  }
  get threadView(): Locator {
    return this.page.getByTestId('thread-view')
  }
  get messages(): Locator {
    return this.threadView.getByTestId('message')
  }
  get syncStatus(): Locator {
    return this.page.getByTestId('sync-status')
  }

  /** Sync now, and wait until the status says it is done. */
  async syncNow(): Promise<void> {
    await this.page.getByTestId('sync-now').click()
    await this.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  }

  async fillAccount(fields: AccountFields): Promise<void> {
    const p = this.page
    await p.locator('#account-email').fill(fields.email)
    await p.locator('#account-user').fill(fields.user)
    await p.locator('#account-password').fill(fields.password)
    await this.fillServers(fields)
  }

  /** The add-account form's server fields, typed over whatever detection suggested. */
  async fillServers(servers: { imap: ServerFields; smtp: ServerFields }): Promise<void> {
    for (const kind of ['imap', 'smtp'] as const) {
      await this.page.locator(`#account-${kind}-host`).fill(servers[kind].host)
      await this.page.locator(`#account-${kind}-port`).fill(String(servers[kind].port))
      await this.page.locator(`#account-${kind}-security`).selectOption(servers[kind].security)
    }
  }

  async submitAccount(): Promise<void> {
    await this.page.getByTestId('add-account').click()
  }

  fieldError(id: string): Locator {
    return this.page.locator(`#${id}-error`)
  }

  threadRow(subject: string): Locator {
    return this.threadRows.filter({ hasText: subject })
  }

  /** Opens the conversation and waits until its messages show. */
  async openConversation(subject: string): Promise<void> {
    await this.threadRow(subject).click()
    await this.threadView.filter({ hasText: subject }).getByTestId('message').first().waitFor()
  }

  /** The reply box under the open conversation, with its attachments and Send later. */
  get replyBox(): Locator {
    return this.page.locator('.reply-box')
  }
  /** The new-message dialog. */
  get composer(): Locator {
    return this.page.getByTestId('composer')
  }

  /** The files attached in a composer, as listed ("quote.pdf · 1 KB"). */
  attachmentNames(composer: Locator): Promise<string[]> {
    return composer.getByTestId('attachment').allTextContents()
  }

  async reply(text: string): Promise<void> {
    await this.page.getByTestId('reply-box').fill(text)
    await this.page.getByTestId('send-reply').click()
  }

  async screenshot(name: string): Promise<string> {
    const path = join(SCREENSHOT_DIR, `${name}.png`)
    await this.page.screenshot({ path, fullPage: false })
    return path
  }
}
