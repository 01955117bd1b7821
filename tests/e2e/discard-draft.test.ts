// Discard in New message and in the reply box, and the "Draft discarded · Undo" notice, in the
// real renderer (Chromium, web mode) against a real core: the draft leaves the composer and the
// core, a draft set aside beside it stays, and Undo brings all of it back, files included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Draft } from '../../src-preload/contract'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { pickedFile } from './fixtures/picked-file'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('chairs', 'Quote for 40 chairs')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

/** The drafts the core keeps: [thread, aside, text] of each. */
const kept = async () =>
  ((await pageRpcValue(page, 'drafts.list', {})) as Draft[]).map((d) => [d.threadId, d.asideId, d.text])
const notice = () => page.getByTestId('draft-discarded')

describe('Discard draft', () => {
  it('throws New message away, and Undo brings it all back, its file too', async () => {
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-to').fill('ana@client.test')
    await page.getByTestId('composer-subject').fill('Quote for 40 chairs')
    await page.getByTestId('composer-text').fill('Here is the quote.')
    await page.locator('#composer-attachments').setInputFiles(pickedFile(mailbox.web.dataDir, 'quote.pdf'))
    await app.composer.getByTestId('draft-saved').waitFor()
    expect(await kept()).toEqual([[null, null, 'Here is the quote.']])

    await page.getByRole('button', { name: 'Discard draft' }).click()
    await app.composer.waitFor({ state: 'detached' })
    await notice().waitFor()
    expect(await notice().textContent()).toContain('Draft discarded')
    expect(await page.getByTestId('draft-discarded-status').textContent()).toBe('Draft discarded')
    await expect.poll(kept).toEqual([])

    await page.getByTestId('draft-discarded-undo').click()
    await notice().waitFor({ state: 'detached' })
    await app.composer.waitFor()
    expect(await page.getByTestId('composer-to').inputValue()).toBe('ana@client.test')
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('Quote for 40 chairs')
    expect(await page.getByTestId('composer-text').inputValue()).toBe('Here is the quote.')
    expect(await app.attachmentNames(app.composer)).toEqual([expect.stringContaining('quote.pdf')])
    // Kept again, files and all.
    await expect.poll(kept).toEqual([[null, null, 'Here is the quote.']])
    const [draft] = (await pageRpcValue(page, 'drafts.list', {})) as Draft[]
    expect(draft!.attachments.map((a) => a.name)).toEqual(['quote.pdf'])
    await page.getByTestId('composer-discard').click()
    await expect.poll(kept).toEqual([])
  })

  it('keeps a draft set aside beside New message when it is discarded', async () => {
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-to').fill('dewi@client.test')
    await page.getByTestId('composer-text').fill('Written first')
    await app.composer.getByTestId('draft-saved').waitFor()
    // Undo of the discard just before brings that one back beside this one.
    await page.getByTestId('composer-discard').click()
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-text').fill('Written second')
    await page.getByTestId('draft-discarded-undo').click()
    await page.getByTestId('aside-draft').waitFor()
    await expect.poll(kept).toEqual([
      [null, null, 'Written second'],
      [null, expect.any(Number), 'Written first']
    ])

    await page.getByTestId('composer-discard').click()
    await expect.poll(kept).toEqual([[null, expect.any(Number), 'Written first']])
    await page.getByTestId('new-message').click()
    expect(await page.getByTestId('aside-draft').textContent()).toContain('dewi@client.test')
    await page.getByTestId('aside-draft-discard').click()
    await page.keyboard.press('Escape')
    await expect.poll(kept).toEqual([])
  })

  it('empties the reply box from the keyboard, and Undo puts the reply back', async () => {
    await app.openConversation('Quote for 40 chairs')
    const box = page.getByTestId('reply-box')
    await box.fill('Thursday works')
    await app.replyBox.getByTestId('draft-saved').waitFor()
    const [threadId] = (await kept())[0]!

    await app.replyBox.getByTestId('reply-discard').focus()
    await page.keyboard.press('Enter')
    expect(await box.inputValue()).toBe('')
    // The keys stay in the reply, the button having gone with the draft.
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await app.replyBox.getByTestId('reply-discard').count()).toBe(0)
    await notice().waitFor()
    await expect.poll(kept).toEqual([])

    await page.getByTestId('draft-discarded-undo').click()
    expect(await box.inputValue()).toBe('Thursday works')
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true)
    await expect.poll(kept).toEqual([[threadId, null, 'Thursday works']])
  })
})
