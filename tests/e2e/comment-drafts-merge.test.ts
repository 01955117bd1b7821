import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// Comments being written on both of two conversations that are then merged (by hand here; sync
// merges announce the same threads.merged): neither text may be lost.

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Chairs order', hoursAgo: 6 },
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Chairs delivery', hoursAgo: 5 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice 17 question', hoursAgo: 4 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Second invoice reminder', hoursAgo: 3 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'comment-merge') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(newestFirst(MAIL))
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

async function writeComment(subject: string, text: string): Promise<void> {
  await crm.open(subject)
  await page.getByTestId('tab-comment').click()
  await page.getByTestId('comment-box').fill(text)
}

async function merge(subject: string, into: string): Promise<void> {
  const threadOf = async (s: string) =>
    ((await crm.conversation(s)) as unknown as { threadId: number }).threadId
  await crm.callCore('threads.merge', {
    threadId: await threadOf(subject),
    intoThreadId: await threadOf(into)
  })
  await crm.row(subject).waitFor({ state: 'detached' })
}

const commentBox = () => page.getByTestId('comment-box').inputValue()

describe('comments being written when their conversations merge', () => {
  it('keeps both when the surviving conversation is on screen: its text, then the merged one’s', async () => {
    await writeComment('Chairs delivery', 'Nadia wants them by Friday')
    await writeComment('Chairs order', 'Check the stock first')
    await merge('Chairs delivery', 'Chairs order')
    await expect
      .poll(commentBox, { timeout: 10_000 })
      .toBe('Check the stock first\n\nNadia wants them by Friday')
  })

  it('keeps both when the merged conversation is on screen and the window follows it', async () => {
    await writeComment('Invoice 17 question', 'Bob paid half')
    await writeComment('Second invoice reminder', 'Second reminder, be kind')
    await merge('Second invoice reminder', 'Invoice 17 question')
    await page.locator('#thread-subject', { hasText: 'Invoice 17 question' }).waitFor()
    await page.getByTestId('tab-comment').click()
    await expect.poll(commentBox, { timeout: 10_000 }).toBe('Bob paid half\n\nSecond reminder, be kind')
  })
})
