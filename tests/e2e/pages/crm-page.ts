import type { Locator, Page } from 'playwright-core'
import { pageRpcValue } from '../fixtures/page-rpc'

/** Page object for the CRM inbox: inboxes, the conversation list, the thread, the contact drawer. */
export type CoreConversation = { id: string; subject: string; assigneeId: string | null }

export class CrmPage {
  constructor(readonly page: Page) {}

  inbox(key: string): Locator {
    return this.page.locator(`[data-testid="inbox-item"][data-inbox="${key}"]`)
  }
  get rows(): Locator {
    return this.page.getByTestId('conversation-row')
  }
  row(subject: string): Locator {
    return this.rows.filter({ hasText: subject })
  }
  get threadStatus(): Locator {
    return this.page.getByTestId('thread-status')
  }
  get drawer(): Locator {
    return this.page.getByTestId('contact-drawer')
  }

  /** The selected row's subject, read at once (no waiting), or null when no row is selected. */
  selectedSubject(): Promise<string | null> {
    return this.page.evaluate(
      () =>
        document.querySelector(
          '[data-testid="conversation-row"][aria-selected="true"] .thread-row__subject-text'
        )?.textContent ?? null
    )
  }

  /** The id of the contact holding this address, as the core has it. */
  async contactIdByEmail(address: string): Promise<string> {
    const contacts = (await this.callCore('contacts.list', {})) as Array<{ id: string; emails: string[] }>
    return contacts.find((c) => c.emails.includes(address))!.id
  }

  /** Row subjects from top to bottom (only rendered rows; the lists in these tests are short). */
  async subjects(): Promise<string[]> {
    return this.rows.locator('.thread-row__subject-text').allTextContents()
  }

  /** Waits until the list shows exactly these subjects, in this order. */
  async waitForSubjects(expected: string[]): Promise<void> {
    await this.page.waitForFunction(
      (want) =>
        JSON.stringify(
          [...document.querySelectorAll('[data-testid="conversation-row"] .thread-row__subject-text')].map(
            (el) => el.textContent
          )
        ) === JSON.stringify(want),
      expected
    )
  }

  async setStatus(status: 'all' | 'open' | 'closed' | 'snoozed'): Promise<void> {
    await this.page.getByTestId('status-filter').selectOption(status)
  }

  async setSort(sort: 'newest' | 'oldest' | 'longest' | 'shortest'): Promise<void> {
    await this.page.getByTestId('sort-order').selectOption(sort)
  }

  async open(subject: string): Promise<void> {
    await this.row(subject).click()
    await this.page.locator('#thread-subject', { hasText: subject }).waitFor()
  }

  async openContact(): Promise<void> {
    await this.page.getByTestId('contact-open').click()
    await this.drawer.waitFor()
  }

  /**
   * Calls a contract command over the page's own authenticated connection, the way the UI
   * does: seeding members, checking what the core stored, the test-only clock.
   */
  callCore(command: string, input: unknown): Promise<unknown> {
    return pageRpcValue(this.page, command, input)
  }

  /** The conversation with this subject, as the core lists it (every inbox and status). */
  async conversation(subject: string): Promise<CoreConversation> {
    const list = (await this.callCore('conversations.list', {
      inbox: 'all',
      status: 'all',
      sort: 'newest',
      unreplied: false,
      limit: 50
    })) as CoreConversation[]
    return list.find((c) => c.subject === subject)!
  }
}
