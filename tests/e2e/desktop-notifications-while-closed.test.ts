import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { recordNotifications, shownNotifications } from './fixtures/recorded-notifications'
import { pageRpcValue } from './fixtures/page-rpc'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'

// A snooze that runs out while no window is open (Rapport closed, the browser tab closed) pops
// up on the desktop when a window opens again, not only in the notification centre. The core's
// clock is moved by the test (RAPPORT_TEST_CLOCK=1, test-only).

const HOUR = 3_600_000

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'notify-closed'),
    env: { RAPPORT_TEST_CLOCK: '1' },
    prepare: recordNotifications
  })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(newestFirst(MAIL))
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('a snooze that ran out while no window was open', () => {
  it('pops up on the desktop when the window opens again', async () => {
    await crm.open('Factory visit')
    await page.keyboard.press('s')
    await page.getByTestId('snooze-menu').getByTestId('snooze-1h').click()
    await crm.threadStatus.filter({ hasText: 'Snoozed' }).waitFor()

    // The user closes the tab. The hour passes meanwhile, seen only by a window that may not
    // show desktop notifications (another browser, no permission asked): nothing pops up there.
    await page.goto('about:blank')
    const other = await (await page.context().browser()!.newContext()).newPage()
    await other.goto(mailbox.web.url)
    const late = (await pageRpcValue(other, 'testing.advanceClock', { ms: HOUR + 60_000 })) as {
      woken: number
    }
    expect(late.woken).toBe(1)
    expect(await pageRpcValue(other, 'notifications.list', {})).toMatchObject([{ kind: 'snooze-woken' }])
    await other.context().close()

    // The user opens Rapport again: the wake-up pops up, once.
    await page.goto(mailbox.web.url)
    await page.waitForFunction(
      () => (window as unknown as { shownNotifications: string[] }).shownNotifications.length > 0
    )
    expect(await shownNotifications(page)).toEqual([
      'A snoozed conversation is back: A snoozed conversation is back (Open).'
    ])
    // Opening the window again does not pop it up a second time: the next wake-up pops up alone
    // (the window asked at its start, before it heard of that one, on the same connection).
    await page.getByTestId('notifications-unread').waitFor()
    await page.reload()
    await page.getByTestId('notifications-unread').waitFor()
    const quote = await crm.conversation('Quote for 200 chairs')
    await crm.callCore('conversations.snooze', { conversationId: quote.id, preset: '1h' })
    await crm.callCore('testing.advanceClock', { ms: HOUR + 60_000 })
    await page.waitForFunction(
      () => (window as unknown as { shownNotifications: string[] }).shownNotifications.length > 0
    )
    expect(await shownNotifications(page)).toHaveLength(1)
  })
})
