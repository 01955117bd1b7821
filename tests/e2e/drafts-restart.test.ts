// Drafts survive a restart: a new message and a reply, each with a file, are there again after
// the web-mode host is stopped and started on the same data (a quit and relaunch) and after a
// reload right after typing; sent, they are gone for good. Real renderer (Chromium), real core,
// real Dovecot and SMTP relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Draft } from '../../src-preload/contract'
import type { SmtpRelay } from '../support/smtp-relay'
import { pickedFile, pickedFileBytes } from './fixtures/picked-file'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let relay: SmtpRelay
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('chairs', 'Quote for 40 chairs')] })
  ;({ relay, page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

const fileNamed = (name: string) => pickedFile(mailbox.web.dataDir, name)

/** What the core keeps now, as text and file names per place: what a crash would leave. */
async function kept(): Promise<string[]> {
  const drafts = (await pageRpcValue(page, 'drafts.list', {})) as Draft[]
  return drafts.map((d) => `${d.kind}: ${d.text} [${d.attachments.map((a) => a.name).join(', ')}]`)
}

describe('drafts are kept by the core', () => {
  it('are all there after Rapport quits and starts again: text, recipients and files', async () => {
    await app.openConversation('Quote for 40 chairs')
    await app.replyBox.locator('[data-testid$="-attachments-input"]').setInputFiles(fileNamed('chairs.pdf'))
    await page.getByTestId('reply-box').fill('The quote, for Thursday')

    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-to').fill('carlos@client.test')
    await page.getByTestId('composer-subject').fill('Catalogue')
    await page.getByTestId('composer-text').fill('Our catalogue, as promised')
    await page.locator('#composer-attachments').setInputFiles(fileNamed('catalogue.pdf'))
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })

    await expect
      // Saved a second after the last keystroke at the latest.
      .poll(kept, { timeout: 5_000 })
      .toEqual([
        'reply: The quote, for Thursday [chairs.pdf]',
        'new: Our catalogue, as promised [catalogue.pdf]'
      ])

    await page.goto(await mailbox.web.restart())
    await app.openConversation('Quote for 40 chairs')
    await expect
      .poll(() => page.getByTestId('reply-box').inputValue(), { timeout: 5_000 })
      .toBe('The quote, for Thursday')
    expect(await app.attachmentNames(app.replyBox)).toEqual([expect.stringContaining('chairs.pdf')])

    await page.getByTestId('new-message').click()
    expect(await page.getByTestId('composer-to').inputValue()).toBe('carlos@client.test')
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('Catalogue')
    expect(await page.getByTestId('composer-text').inputValue()).toBe('Our catalogue, as promised')
    expect(await app.attachmentNames(app.composer)).toEqual([expect.stringContaining('catalogue.pdf')])
  })

  it('keeps what was typed the moment before the window went away', async () => {
    // No pause for the delayed save: leaving the page writes it.
    await page.getByTestId('composer-text').fill('Our catalogue, as promised, with prices')
    await page.reload()
    await page.getByTestId('new-message').click()
    expect(await page.getByTestId('composer-text').inputValue()).toBe(
      'Our catalogue, as promised, with prices'
    )
    expect(await app.attachmentNames(app.composer)).toEqual([expect.stringContaining('catalogue.pdf')])
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })
  })

  it('saves what was just typed before the desktop window closes, when its host asks', async () => {
    // The desktop preload's hook (window.rapportHost), as web mode has none: the page registers
    // what to save, and the main process waits for it before closing the window.
    await page.addInitScript(() => {
      const hooked = window as unknown as { closing?: () => Promise<void>; rapportHost: unknown }
      hooked.rapportHost = {
        onClosing: (save: () => Promise<void>) => {
          hooked.closing = save
          return () => (hooked.closing = undefined)
        }
      }
    })
    await page.reload()
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-text').fill('Our catalogue, as promised, with prices and delivery')
    // No pause for the delayed save, no field left: only the host's ask saves it.
    await page.evaluate(() => (window as unknown as { closing: () => Promise<void> }).closing())
    expect(await kept()).toContain(
      'new: Our catalogue, as promised, with prices and delivery [catalogue.pdf]'
    )
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })
  })

  it('sends the files brought back, byte for byte, and forgets a draft once it is sent', async () => {
    // Without a keychain (web mode here) the password did not survive the restart.
    await page.getByTestId('sync-now').click()
    const signIn = page.getByTestId('sign-in-again')
    await signIn.locator('input').fill(mailbox.server.users[0]!.password)
    await signIn.getByRole('button').click()
    await signIn.waitFor({ state: 'detached' })

    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-send').click()
    await app.composer.waitFor({ state: 'detached' })
    await page.getByTestId('undo-send-now').click()
    await page.getByTestId('undo-toast').waitFor({ state: 'detached' })

    await app.openConversation('Quote for 40 chairs')
    await page.getByTestId('send-reply').click()
    await page.getByTestId('undo-send-now').click()
    await app.messages.filter({ hasText: 'The quote, for Thursday' }).waitFor()

    const sent = (text: string) => relay.received.find((m) => m.raw.toString('utf8').includes(text))
    await expect
      .poll(() => sent('with prices') && sent('The quote, for Thursday'), { timeout: 10_000 })
      .toBeTruthy()
    expect(sent('with prices')!.raw.toString('utf8')).toContain(
      pickedFileBytes('catalogue.pdf').toString('base64')
    )
    expect(sent('The quote, for Thursday')!.raw.toString('utf8')).toContain(
      pickedFileBytes('chairs.pdf').toString('base64')
    )

    await expect.poll(kept, { timeout: 5_000 }).toEqual([])
    await page.reload()
    await app.openConversation('Quote for 40 chairs')
    expect(await page.getByTestId('reply-box').inputValue()).toBe('')
    expect(await app.replyBox.getByTestId('attachment').count()).toBe(0)
    await page.getByTestId('new-message').click()
    expect(await page.getByTestId('composer-text').inputValue()).toBe('')
    expect(await app.composer.getByTestId('attachment').count()).toBe(0)
  })
})
