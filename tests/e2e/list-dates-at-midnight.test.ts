// The conversation list shows today's mail by its time alone and older mail by its date. When
// midnight passes with the app open, this morning's mail becomes yesterday's, and the list says
// so without anything else happening. The page's clock is Playwright's, set to noon and moved
// past midnight by the test.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

/** Noon today, local time (the browser runs in this process's time zone). */
const noon = new Date()
noon.setHours(12, 0, 0, 0)
const morning = new Date(noon.getTime() - 2 * 3_600_000)
const nextMidnight = new Date(noon.getFullYear(), noon.getMonth(), noon.getDate() + 1)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  const raw = Buffer.from(
    `From: Carlos Mendes <carlos@client.test>\r\nTo: ${MAILBOX_ADDRESS}\r\n` +
      `Subject: This morning's quote\r\nMessage-ID: <morning@client.test>\r\n` +
      `Date: ${morning.toUTCString().replace('GMT', '+0000')}\r\n\r\nHello from Carlos.\r\n`
  )
  mailbox = await connectMailbox({
    mail: [raw],
    prepare: (context) => context.clock.install({ time: noon })
  })
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it("shows this morning's mail by its date once midnight has passed", async () => {
  const { page, app } = mailbox
  // The date, without the incoming/outgoing arrow before it.
  const date = app.threadRow("This morning's quote").locator('.thread-row__date')
  const shown = async () => (await date.textContent())?.replace(/^[↙↗]/, '')
  expect(await shown()).toMatch(/^\d{1,2}:\d{2}/)

  await page.clock.fastForward(nextMidnight.getTime() - noon.getTime() + 60_000)
  const dayShown = await page.evaluate(
    (iso) => new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' }).format(new Date(iso)),
    morning.toISOString()
  )
  await expect.poll(shown, { timeout: 5_000 }).toBe(dayShown)
})
