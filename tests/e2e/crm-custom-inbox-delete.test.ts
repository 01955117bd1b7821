// A custom inbox saved by mistake: its creator deletes it from the sidebar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [{ from: 'Bob Tan <bob@shop.test>', subject: 'Order 4411', hoursAgo: 2 }]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'custom-delete') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(['Order 4411'])
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('a custom inbox', () => {
  it('can be deleted by the person who saved it, and the list goes back to All', async () => {
    await crm.setStatus('open')
    await page.getByRole('button', { name: /save view as inbox/i }).click()
    await page.locator('#custom-inbox-name').fill('Open deals (typo)')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const custom = page.locator('[data-testid="inbox-item"][data-kind="custom"]', {
      hasText: 'Open deals (typo)'
    })
    await expect.poll(() => custom.getAttribute('aria-current')).toBe('page')

    await page.getByRole('button', { name: 'Delete inbox Open deals (typo)' }).click()
    await custom.waitFor({ state: 'detached' })
    await expect.poll(() => crm.inbox('all').getAttribute('aria-current')).toBe('page')
    expect(await crm.callCore('inboxes.list', {})).not.toContainEqual(
      expect.objectContaining({ name: 'Open deals (typo)' })
    )
  })
})
