import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { announcesContacts } from './fixtures/rpc-frames'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// What the page sends while what it shows is not (yet) the core's latest: a team picked in the
// assign menu before the conversation loaded, a custom field saved from a drawer that has not
// heard of a newer value; and the shortcut keys with Caps Lock on or a checkbox focused.
// The page's connection runs through a route that can hold back some frames, to play a slow
// core or a `changed` event that has not arrived yet.

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 48 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice question', hoursAgo: 24 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]
const NEWEST_FIRST = newestFirst(MAIL)

/** What the route holds back: requests for this command (sent on when released), contact events. */
const route = {
  holdCommand: null as string | null,
  held: [] as Array<() => void>,
  dropContactEvents: false
}
const release = () => {
  route.holdCommand = null
  for (const send of route.held.splice(0)) send()
}

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'crm-stale'),
    prepare: (context) =>
      context.routeWebSocket(/\/rpc\b/, (ws) => {
        const server = ws.connectToServer()
        ws.onMessage((message) => {
          const frame = JSON.parse(String(message)) as { command?: string }
          if (route.holdCommand && frame.command === route.holdCommand)
            route.held.push(() => server.send(message))
          else server.send(message)
        })
        server.onMessage((message) => {
          if (!(route.dropContactEvents && announcesContacts(message))) ws.send(message)
        })
      })
  })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(NEWEST_FIRST)
}, 120_000)

afterAll(async () => {
  release()
  await mailbox?.stop()
})

const selectedSubject = () => crm.selectedSubject()

describe('the assign menu', () => {
  it('keeps the assignee when a team is picked before the conversation has loaded', async () => {
    const members = (await crm.callCore('members.list', {})) as Array<{ id: string; isLocal: boolean }>
    const me = members.find((m) => m.isLocal)!
    const sales = (await crm.callCore('teams.add', { name: 'Sales' })) as { id: string }
    const { id } = await crm.conversation('Invoice question')
    await crm.callCore('conversations.assign', { conversationId: id, memberId: me.id })
    await crm.open('Invoice question')

    // The core is slow to answer the menu's conversations.get.
    route.holdCommand = 'conversations.get'
    await page.keyboard.press('a')
    const menu = page.getByTestId('assign-menu')
    await menu.getByRole('button', { name: 'Sales' }).click()
    await menu.waitFor({ state: 'detached' })
    release()
    const after = (await crm.callCore('conversations.get', { conversationId: id })) as {
      assigneeId: string | null
      teamId: string | null
    }
    expect(after).toMatchObject({ assigneeId: me.id, teamId: sales.id })
  })
})

describe('custom fields in the contact drawer', () => {
  it('saves only the field edited, keeping a newer value of another the drawer has not shown yet', async () => {
    await crm.callCore('contacts.defineField', { key: 'plan', label: 'Plan', type: 'text' })
    await crm.callCore('contacts.defineField', { key: 'seats', label: 'Seats', type: 'number' })
    await crm.open('Quote for 200 chairs')
    await crm.openContact()
    const seats = crm.drawer.getByTestId('field-custom-seats')
    await seats.waitFor()
    const contacts = (await crm.callCore('contacts.list', {})) as Array<{ id: string; emails: string[] }>
    const nadia = contacts.find((c) => c.emails.includes('nadia@client.test'))!
    await crm.callCore('contacts.update', { contactId: nadia.id, customFields: { plan: 'Silver' } })
    await crm.drawer
      .getByTestId('field-custom-plan')
      .locator('button.inline-field__value', { hasText: /^Silver$/ })
      .waitFor()

    // Another window changes the plan; this drawer has not heard of it yet.
    route.dropContactEvents = true
    await crm.callCore('contacts.update', { contactId: nadia.id, customFields: { plan: 'Gold' } })
    await seats.getByRole('button').click()
    await seats.getByRole('textbox').fill('12')
    await seats.getByRole('textbox').press('Enter')
    await seats.getByRole('textbox').waitFor({ state: 'detached' })
    route.dropContactEvents = false

    const saved = (await crm.callCore('contacts.get', { contactId: nadia.id })) as {
      customFields: Record<string, unknown>
    }
    expect(saved.customFields).toEqual({ plan: 'Gold', seats: 12 })
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
  })
})

describe('shortcut keys', () => {
  it('moves with j and k while the Unreplied checkbox has focus', async () => {
    await crm.open('Factory visit')
    await page.getByTestId('unreplied-toggle').focus()
    await page.keyboard.press('j')
    expect(await selectedSubject()).toBe('Invoice question')
    await page.keyboard.press('k')
    expect(await selectedSubject()).toBe('Factory visit')
    expect(await page.getByTestId('unreplied-toggle').isChecked()).toBe(false)
  })

  it('with Caps Lock on, takes u for u (not Shift+U, mark unread) and e for close', async () => {
    await crm.open('Factory visit')
    await page.getByTestId('thread-mark-unread').waitFor()
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    // Caps Lock: the keys come as "U" and "E" with no Shift held.
    await page.keyboard.press('U')
    await page.keyboard.press('E')
    await expect.poll(() => crm.threadStatus.textContent()).toBe('Closed')
    // The core took the keys' commands in order: a "mark unread" would have come before the close.
    const { id } = await crm.conversation('Factory visit')
    expect(await crm.callCore('conversations.get', { conversationId: id })).toMatchObject({ unreadCount: 0 })
    expect(await page.getByTestId('thread-mark-unread').count()).toBe(1)
    expect(await page.getByTestId('thread-mark-read').count()).toBe(0)
  })
})
