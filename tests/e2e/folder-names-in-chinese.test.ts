// Folders by the names the user knows, in the Chinese UI: the message's "in" chip, the Move to
// menu, the note offering Undo and the search results name Inbox, Archive, Junk... in Chinese
// (收件箱, 存档, 垃圾邮件), as the mailbox settings do, not by the server's paths INBOX, Archive, Junk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { preferLanguage } from './fixtures/ui-language'
import { SearchPage } from './pages/search-page'

let mailbox: ConnectedMailbox
let page: Page

const SUBJECT = '发票问题'

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('zh-folders', SUBJECT)],
    prepare: (context) => preferLanguage(context, 'zh-CN')
  })
  page = mailbox.page
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
  await mailbox.app.openConversation(SUBJECT)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const message = (): Locator => mailbox.app.messages.first()

describe('folder names in the Chinese UI', () => {
  it('says which folder a message is in by its Chinese name', async () => {
    await expect.poll(() => message().getByTestId('message-folder').textContent()).toBe('位于 收件箱')
  })

  it('lists the special folders in Move to by their Chinese names, and names the one moved to', async () => {
    const options = await message().getByTestId('message-move').locator('option').allTextContents()
    expect(options).toEqual(expect.arrayContaining(['存档', '垃圾邮件', '已删除']))
    expect(options).not.toContain('Junk')
    await message().getByTestId('message-move').selectOption({ label: '垃圾邮件' })
    await expect.poll(() => message().getByTestId('message-folder').textContent()).toBe('位于 垃圾邮件')
    expect(await message().getByTestId('message-undo').textContent()).toMatch(/^邮件已移到 垃圾邮件。/)
    await message().getByTestId('message-undo-button').click()
    await expect.poll(() => message().getByTestId('message-folder').textContent()).toBe('位于 收件箱')
  })

  it('names the folder of a search result in Chinese', async () => {
    const search = new SearchPage(page)
    await search.search('Carlos')
    const result = search.results('message').first()
    await result.waitFor()
    expect(await result.locator('.search-result__meta').textContent()).toBe('Carlos Mendes · 收件箱')
  })
})
