import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

// The CRM list and reading pane keep what the user did (selection, typed comment)
// across a change the core announces.

const COUNT = 620
/** Oldest first: one conversation each, "Topic 0000" the oldest. */
const MAIL: SeedMail[] = Array.from({ length: COUNT }, (_, i) => ({
  from: `Sender ${i} <sender${i}@client${i}.test>`,
  subject: `Topic ${String(i).padStart(4, '0')}`,
  hoursAgo: COUNT - i
}))

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'long-list'), importCount: 1000 })
  ;({ page, crm } = mailbox)
  await page.waitForFunction(
    (count) =>
      document.querySelector('[data-testid="inbox-item"][data-inbox="all"] [data-testid="inbox-count"]')
        ?.textContent === String(count),
    COUNT,
    { timeout: 120_000 }
  )
}, 180_000)

afterAll(async () => {
  await mailbox?.stop()
})

const list = () => page.getByTestId('conversation-list')

describe('CRM state after a change', () => {
  it('keeps a comment being typed when the user looks at the Reply tab and comes back', async () => {
    await crm.open('Topic 0619')
    await page.getByTestId('tab-comment').click()
    await page.getByTestId('comment-box').fill('Half-written note for the team')
    await page.getByTestId('tab-reply').click()
    await page.getByTestId('tab-comment').click()
    expect(await page.getByTestId('comment-box').inputValue()).toBe('Half-written note for the team')
  })

  it('keeps the selected conversation selected deep in a long list when a change is announced', async () => {
    // Scroll to the end until every page is loaded (the last row then knows the list's size).
    await expect
      .poll(
        async () => {
          await list().evaluate((el) => (el.scrollTop = el.scrollHeight))
          return page.locator(`[data-testid="conversation-row"][aria-setsize="${COUNT}"]`).count()
        },
        { timeout: 60_000, interval: 300 }
      )
      .toBeGreaterThan(0)
    // A row near the end, past the 500 rows the contract gives in one answer.
    const target = page.locator(`[data-testid="conversation-row"][aria-setsize="${COUNT}"]`).nth(-3)
    expect(Number(await target.getAttribute('aria-posinset'))).toBeGreaterThan(500)
    const targetId = await target.getAttribute('data-conversation-id')
    const targetSubject = await target.locator('.thread-row__subject-text').textContent()
    await target.click()
    expect(await list().getAttribute('aria-activedescendant')).toBe(`conversation-row-${targetId}`)

    // Any change to the conversations table (here: the oldest conversation closed elsewhere). Its
    // row, the last, shows it once the list has read every row again.
    const oldest = page.locator(`[data-testid="conversation-row"][aria-setsize="${COUNT}"]`).last()
    const oldestId = await oldest.getAttribute('data-conversation-id')
    expect(oldestId).not.toBe(targetId)
    await crm.callCore('conversations.close', { conversationId: oldestId })
    await page
      .locator(`[data-testid="conversation-row"][data-conversation-id="${oldestId}"][data-status="closed"]`)
      .waitFor({ timeout: 30_000 })

    const selected = (await list().getAttribute('aria-activedescendant'))?.replace('conversation-row-', '')
    const selectedSubject = (
      (await crm.callCore('conversations.get', { conversationId: selected })) as {
        subject: string
      }
    ).subject
    expect({ selectedSubject }).toEqual({ selectedSubject: targetSubject })
    expect(selected).toBe(targetId)
  })
})
