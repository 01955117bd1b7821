import type { Locator, Page } from 'playwright-core'

/** Page object for the CRM inbox: inboxes, the conversation list, the thread, the contact drawer. */
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
   * does. Used only for the test-only clock (testing.advanceClock).
   */
  async callCore(command: string, input: unknown): Promise<unknown> {
    return this.page.evaluate(
      ({ command, input }) =>
        new Promise((resolve, reject) => {
          const token = new URLSearchParams(location.search).get('token') ?? ''
          const socket = new WebSocket(`ws://${location.host}/rpc?token=${encodeURIComponent(token)}`)
          socket.onopen = () => socket.send(JSON.stringify({ type: 'request', id: 1, command, input }))
          socket.onerror = () => reject(new Error('socket failed'))
          socket.onmessage = (event) => {
            const frame = JSON.parse(String(event.data)) as {
              type: string
              id?: number
              response?: { ok: boolean; value?: unknown; error?: { message: string } }
            }
            if (frame.type !== 'response' || frame.id !== 1) return
            socket.close()
            if (frame.response?.ok) resolve(frame.response.value)
            else reject(new Error(frame.response?.error?.message ?? 'failed'))
          }
        }),
      { command, input }
    )
  }
}
