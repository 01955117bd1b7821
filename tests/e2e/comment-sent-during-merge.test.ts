// A comment sent while a merge joins another comment to its box: once stored, only its own text
// leaves the box, and what the merge joined to it stays, never left to be sent a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// A comment on its way to the core when another thread is merged into its conversation's (by
// sync or by hand in another window): once it is stored, only the text sent leaves the box.

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage
/** conversations.comment requests held on their way to the core while `hold` is set. */
let hold = false
const held: Array<() => void> = []

const MAIL: SeedMail[] = [
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice 17 question', hoursAgo: 4 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Second invoice reminder', hoursAgo: 3 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'comment-send-merge'),
    prepare: async (context) => {
      await context.routeWebSocket(/\/rpc/, (ws) => {
        const server = ws.connectToServer()
        ws.onMessage((message) => {
          if (hold && String(message).includes('"conversations.comment"'))
            held.push(() => server.send(message))
          else server.send(message)
        })
        server.onMessage((message) => ws.send(message))
      })
    }
  })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(newestFirst(MAIL))
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const commentBox = () => page.getByTestId('comment-box').inputValue()
const threadOf = async (s: string) =>
  ((await crm.conversation(s)) as unknown as { threadId: number }).threadId

describe('a comment sent while a merge joins another comment to it', () => {
  it('leaves only the merged conversation’s text in the box once it is stored', async () => {
    await crm.open('Second invoice reminder')
    await page.getByTestId('tab-comment').click()
    await page.getByTestId('comment-box').fill('Second reminder, be kind')

    await crm.open('Invoice 17 question')
    await page.getByTestId('tab-comment').click()
    await page.getByTestId('comment-box').fill('Bob paid half')
    hold = true
    await page.getByTestId('send-comment').click()
    await expect.poll(() => held.length).toBe(1)
    hold = false

    await crm.callCore('threads.merge', {
      threadId: await threadOf('Second invoice reminder'),
      intoThreadId: await threadOf('Invoice 17 question')
    })
    await expect.poll(commentBox, { timeout: 10_000 }).toBe('Bob paid half\n\nSecond reminder, be kind')

    held.shift()!()
    await page.getByTestId('timeline-comment').filter({ hasText: 'Bob paid half' }).waitFor()
    // Sent once: the box must not offer it again to be sent a second time.
    await expect.poll(commentBox, { timeout: 5_000 }).toBe('Second reminder, be kind')
  })
})
