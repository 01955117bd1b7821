// A file attached and then deleted or moved on disk before Send (a download cleaned up, a file
// opened from another program's temporary folder): the composer had only a reference to it, and
// Send read it then, which failed. The message stayed unsent with Chromium's "NotFoundError", and
// the file could not be picked again.
import { unlinkSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { SmtpRelay } from '../support/smtp-relay'
import { pageRpcValue } from './fixtures/page-rpc'
import { pickedFile } from './fixtures/picked-file'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
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

describe('a file attached, then deleted on disk before Send', () => {
  it('is sent with the message all the same', async () => {
    const text = `The report is attached ${Date.now()}`
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-to').fill('carlos@client.test')
    await page.getByTestId('composer-subject').fill('Report')
    await page.getByTestId('composer-text').fill(text)
    const file = pickedFile(mailbox.web.dataDir, 'report.pdf')
    await page.locator('#composer-attachments').setInputFiles(file)
    await app.composer.getByTestId('attachment').waitFor()
    // Deleted once the draft keeps it (as a user would, some time after picking it).
    const keptNames = async () =>
      ((await pageRpcValue(page, 'drafts.list', {})) as Array<{ attachments: Array<{ name: string }> }>)
        .flatMap((draft) => draft.attachments)
        .map((attachment) => attachment.name)
    await expect.poll(keptNames).toContain('report.pdf')
    unlinkSync(file)

    await page.getByTestId('composer-send').click()
    const toast = page.getByTestId('undo-toast')
    const refused = app.composer.getByRole('alert')
    await toast.or(refused).first().waitFor()
    expect(await refused.allTextContents(), 'what the composer said instead of sending').toEqual([])
    await page.getByTestId('undo-send-now').click()
    await expect
      .poll(() => relay.received.filter((m) => m.raw.toString('utf8').includes(text)).length)
      .toBe(1)
    const sent = relay.received.find((m) => m.raw.toString('utf8').includes(text))!
    expect(sent.raw.toString('utf8')).toContain('report.pdf')
  })
})
