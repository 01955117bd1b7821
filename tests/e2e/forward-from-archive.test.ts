// Forward from a mailbox kept as a read-only archive: New message is from a mailbox that can send
// (an archive's Send is refused), where it was from the archive.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpc } from './fixtures/page-rpc'
import { addBobMailbox } from './fixtures/second-mailbox'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('archived1', 'Old quote')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

type Answer = { ok: boolean; value?: unknown }

it('forwards a message of an archived mailbox from one that can send, not from the archive', async () => {
  const { server, relay } = mailbox
  const bobId = await addBobMailbox(page, server, relay)
  const list = (await pageRpc(page, 'accounts.list', {})) as Answer
  const alice = (list.value as Array<{ id: number; email: string }>).find(
    (a) => a.email === 'alice@example.test'
  )!
  const archived = (await pageRpc(page, 'accounts.disconnect', {
    accountId: alice.id,
    mode: 'archive'
  })) as Answer
  expect(archived.ok).toBe(true)

  await app.openConversation('Old quote')
  await page.getByTestId('message-forward').click()
  await expect.poll(() => page.getByTestId('composer-subject').inputValue()).toBe('Fwd: Old quote')
  expect(await page.locator('#composer-from').inputValue()).toBe(String(bobId))
})
