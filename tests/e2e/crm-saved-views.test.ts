import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// Saving the inbox being looked at as a custom inbox ("Save view as inbox").

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice question', hoursAgo: 48 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]
const NEWEST_FIRST = newestFirst(MAIL)

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'saved-views') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(NEWEST_FIRST)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('Save view as inbox', () => {
  it('saves the Mine inbox as a custom inbox that still holds only my conversations', async () => {
    const members = (await crm.callCore('members.list', {})) as Array<{ id: string; isLocal: boolean }>
    const me = members.find((m) => m.isLocal)!
    const mine = await crm.conversation('Invoice question')
    await crm.callCore('conversations.assign', { conversationId: mine.id, memberId: me.id })
    await crm.inbox('mine').click()
    await crm.waitForSubjects(['Invoice question'])
    await page.getByRole('button', { name: /save view as inbox/i }).click()
    await page.locator('#custom-inbox-name').fill('My deals')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const custom = page.locator('[data-testid="inbox-item"][data-kind="custom"]', { hasText: 'My deals' })
    await expect.poll(() => custom.getAttribute('aria-current')).toBe('page')
    // What was on screen when it was saved: my one conversation, not everyone's.
    const saved = (await crm.callCore('inboxes.list', {})) as Array<{ name: string; customId: string | null }>
    const customId = saved.find((i) => i.name === 'My deals')!.customId
    const listed = (await crm.callCore('conversations.list', {
      inbox: { custom: customId },
      status: 'all',
      sort: 'newest',
      unreplied: false,
      limit: 50
    })) as Array<{ subject: string }>
    expect(listed.map((c) => c.subject)).toEqual(['Invoice question'])
    await crm.waitForSubjects(['Invoice question'])
  })

  it('does not offer to save Blocked, and says why', async () => {
    // A custom inbox never holds a blocked contact's conversations: saved, Blocked would have
    // become an inbox of everyone else's.
    const nadia = (await crm.conversation('Quote for 200 chairs')) as unknown as { contactId: string }
    await crm.callCore('contacts.block', { contactId: nadia.contactId })
    await crm.inbox('blocked').click()
    await crm.waitForSubjects(['Quote for 200 chairs'])
    const save = page.getByRole('button', { name: /save view as inbox/i })
    await expect.poll(() => save.isDisabled()).toBe(true)
    expect(await page.getByTestId('save-view-unavailable').textContent()).toMatch(/blocked/i)
    expect(await save.getAttribute('aria-describedby')).toBe('save-view-unavailable')
  })
})
