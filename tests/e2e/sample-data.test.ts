import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { AppPage } from './pages/app-page'
import { launchChromium, WebMode } from './fixtures/web-mode'

let web: WebMode
let browser: Browser
let page: Page
let app: AppPage
const requests: string[] = []

beforeAll(async () => {
  web = new WebMode()
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.on('request', (request) => requests.push(request.url()))
  app = new AppPage(page)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
})

describe('trying Rapport with sample data', () => {
  it('opens a full demo inbox without any network', async () => {
    await page.goto(web.url)
    await app.onboarding.waitFor()
    await page.getByTestId('open-sample').click()
    await app.threadRows.first().waitFor()
    expect(await app.threadRows.count()).toBe(8)
    await app.syncStatus.filter({ hasText: /nothing to sync/i }).waitFor()
    expect(await page.getByTestId('sync-now').count()).toBe(0)
    expect(
      await page
        .getByText(/sample data/i)
        .first()
        .isVisible()
    ).toBe(true)
    const outside = requests.filter(
      (url) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]|^(data|about|blob):/.test(url)
    )
    expect(outside).toEqual([])
    await app.screenshot('sample-inbox')
  })

  it('offers no Add mailbox: a mailbox added there would go with the sample', async () => {
    // The sidebar is there (its accounts listed), only without the button.
    await page.getByTestId('account').first().waitFor()
    expect(await page.getByTestId('sample-banner').isVisible()).toBe(true)
    expect(await page.getByTestId('add-mailbox-open').count()).toBe(0)
  })

  it('moves through threads with j and k and opens one with Enter', async () => {
    await app.threadRows.first().click()
    await app.messages.first().waitFor()
    const firstSubject = await page.locator('#thread-subject').textContent()
    await page.keyboard.press('j')
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      (subject) => document.querySelector('#thread-subject')?.textContent !== subject,
      firstSubject
    )
    await page.keyboard.press('k')
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      (subject) => document.querySelector('#thread-subject')?.textContent === subject,
      firstSubject
    )
  })

  it('blocks remote images in HTML mail until the user allows them', async () => {
    await app.threadRow('Shipment delayed at the port').click()
    const message = app.messages.first()
    const bar = message.getByTestId('remote-images-bar')
    await bar.waitFor()
    const frame = message.getByTestId('message-frame')
    const blocked = (await frame.getAttribute('srcdoc')) ?? ''
    expect(blocked).not.toMatch(/\ssrc="https:\/\/tracker\.example/)
    expect(blocked).toMatch(/data-rapport-blocked-src="https:\/\/tracker\.example/)
    await app.screenshot('sample-html-mail')
    await bar.getByRole('button', { name: 'Show images', exact: true }).click()
    await page.waitForFunction(() =>
      /\ssrc="https:\/\/tracker\.example/.test(
        document.querySelector('[data-testid="message-frame"]')?.getAttribute('srcdoc') ?? ''
      )
    )
  })

  it('refuses a file dropped on the window instead of letting the browser open it in place of the app', async () => {
    const refused = await page.evaluate(() => {
      const files = new DataTransfer()
      files.items.add(new File(['<script>alert(1)</script>'], 'invoice.html', { type: 'text/html' }))
      const refusedBy = (type: 'dragover' | 'drop', target: Element) => {
        const event = new DragEvent(type, { dataTransfer: files, cancelable: true, bubbles: true })
        target.dispatchEvent(event)
        return event.defaultPrevented
      }
      const list = document.querySelector('[data-testid="conversation-row"]')!
      return { dragover: refusedBy('dragover', list), drop: refusedBy('drop', list) }
    })
    expect(refused).toEqual({ dragover: true, drop: true })
  })

  it('shows plain-text mail as text and leaves sample data for onboarding', async () => {
    await app.threadRow('发票和付款安排').click()
    await app.messages.filter({ hasText: '请问上个月的发票' }).waitFor()
    await page.getByRole('button', { name: /leave sample|keluar|离开/i }).click()
    await app.onboarding.waitFor()
  })
})
