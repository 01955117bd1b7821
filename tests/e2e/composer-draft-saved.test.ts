// A writer sees that their text is safe: "Draft saved" under New message once the core stores
// what was typed (a restart would keep it), gone as soon as they type on. It is not a live
// region, so a screen reader is not told of every save.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Draft } from '../../src-preload/contract'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox
let page: Page

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('chairs', 'Quote for 40 chairs')] })
  ;({ page } = mailbox)
  await mailbox.app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

/** The text of the new message the core keeps, null for none. */
const keptText = async () => {
  const drafts = (await pageRpcValue(page, 'drafts.list', {})) as Draft[]
  return drafts.find((d) => d.threadId === null && d.asideId === null)?.text ?? null
}
const saved = () => page.getByTestId('composer').getByTestId('draft-saved')

it('says "Draft saved" once the core has the text, and not once it is typed on', async () => {
  await page.getByTestId('new-message').click()
  await page.getByTestId('composer-text').fill('About the chairs')
  expect(await saved().count()).toBe(0)

  await saved().waitFor()
  expect(await saved().textContent()).toBe('Draft saved')
  expect(await keptText()).toBe('About the chairs')
  // Quiet: neither it nor anything around it is announced.
  expect(
    await saved().evaluate((el) => el.closest('[aria-live], [role="status"], [role="alert"]'))
  ).toBeNull()

  // Typed on (the cursor still in the text): no longer saved, until the next save is stored.
  await page.keyboard.type(', Thursday')
  expect(await saved().count()).toBe(0)
  await saved().waitFor()
  expect(await keptText()).toBe('About the chairs, Thursday')
})
