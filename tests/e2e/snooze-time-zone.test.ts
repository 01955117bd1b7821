import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// Snooze presets in the user's own time zone when the core runs elsewhere (web mode): the core
// on a headless box in UTC, the user in a browser in Jakarta (UTC+7, where "Tomorrow 09:00"
// computed in UTC was 16:00).

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
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'snooze-zone'), env: { TZ: 'UTC' } })
  ;({ page, crm } = mailbox)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Jakarta' })
  await crm.waitForSubjects(NEWEST_FIRST)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('snooze presets where the user is', () => {
  it('snoozes "Tomorrow 09:00" until 09:00 where the user is', async () => {
    await crm.inbox('all').click()
    await crm.open('Factory visit')
    await page.getByTestId('thread-snooze').click()
    await page.getByTestId('snooze-menu').getByTestId('snooze-tomorrow').click()
    await crm.threadStatus.filter({ hasText: 'Snoozed' }).waitFor()
    const list = (await crm.callCore('conversations.list', {
      inbox: 'all',
      status: 'snoozed',
      sort: 'newest',
      unreplied: false,
      limit: 50
    })) as Array<{ subject: string; snoozedUntil: string }>
    const until = list.find((c) => c.subject === 'Factory visit')!.snoozedUntil
    // In the browser's (the user's) time zone.
    const local = await page.evaluate((iso) => {
      const d = new Date(iso)
      return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
    }, until)
    expect(local).toBe('09:00')
  })
})
