// Cc and Bcc in New message, in the real renderer (Chromium, web mode) against a real core, Dovecot
// and SMTP relay: shown on demand beside To, sent to every recipient with no Bcc header going out,
// and kept with the draft across a reload. A name the core would refuse is named at its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Draft } from '../../src-preload/contract'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
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

const head = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!

describe('Cc and Bcc in New message', () => {
  it('are shown by their buttons, focused, and the message reaches all, with no Bcc header sent', async () => {
    await page.getByTestId('new-message').click()
    await app.composer.waitFor()
    // Hidden until asked for.
    expect(await page.getByTestId('composer-cc').count()).toBe(0)
    expect(await page.getByTestId('composer-bcc').count()).toBe(0)
    await page.getByTestId('composer-to').fill('bob@example.test')

    // By keyboard: Tab from To reaches "Add Cc", Enter shows the field and puts the cursor in it.
    await page.keyboard.press('Tab')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Add Cc')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-cc')
    await page.keyboard.type('Carol <carol@example.test>')
    await app.composer.getByRole('button', { name: 'Add Bcc' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-bcc')
    // Labelled fields, as To is.
    expect(await app.composer.getByLabel('Bcc', { exact: true }).count()).toBe(1)
    await page.keyboard.type('dave@example.test, half-typed@')
    await page.getByTestId('composer-subject').fill('Board minutes')
    await page.getByTestId('composer-text').fill('The minutes are attached.')

    // A bad address is named in its own field, not sent.
    await page.getByTestId('composer-send').click()
    await app.composer.getByText('“half-typed@” is not a valid email address.').waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-bcc')
    await page.getByTestId('composer-bcc').fill('dave@example.test')

    await page.getByTestId('composer-send').click()
    await app.composer.waitFor({ state: 'detached' })
    await page.getByTestId('undo-send-now').click()
    await expect
      .poll(
        () => mailbox.relay.received.filter((m) => m.raw.toString('latin1').includes('Board minutes')).length
      )
      .toBe(1)
    const [sent] = mailbox.relay.received.filter((m) => m.raw.toString('latin1').includes('Board minutes'))
    expect([...sent!.to].sort()).toEqual(['bob@example.test', 'carol@example.test', 'dave@example.test'])
    expect(head(sent!.raw)).not.toMatch(/^bcc:/im)
    expect(head(sent!.raw)).not.toContain('dave@example.test')
    expect(head(sent!.raw)).toMatch(/^Cc: Carol <carol@example\.test>/m)
  })

  it('keeps Cc and Bcc with the draft, shown again after a reload', async () => {
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-to').fill('bob@example.test')
    await app.composer.getByRole('button', { name: 'Add Cc' }).click()
    await page.getByTestId('composer-cc').fill('carol@example.test')
    await app.composer.getByRole('button', { name: 'Add Bcc' }).click()
    await page.getByTestId('composer-bcc').fill('dave@example.test')
    await page.getByTestId('composer-subject').fill('Kept draft')
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })
    await expect
      .poll(async () => {
        const drafts = (await pageRpcValue(page, 'drafts.list', {})) as Draft[]
        return drafts.map((d) => [d.to, d.cc, d.bcc, d.subject])
      })
      .toEqual([['bob@example.test', 'carol@example.test', 'dave@example.test', 'Kept draft']])

    await page.reload()
    await page.getByTestId('new-message').click()
    await app.composer.waitFor()
    expect(await page.getByTestId('composer-to').inputValue()).toBe('bob@example.test')
    expect(await page.getByTestId('composer-cc').inputValue()).toBe('carol@example.test')
    expect(await page.getByTestId('composer-bcc').inputValue()).toBe('dave@example.test')
    // Both shown, so their buttons are gone.
    expect(await app.composer.getByRole('button', { name: /^Add (Cc|Bcc)$/ }).count()).toBe(0)
  })
})

describe('names in the address fields', () => {
  it('refuses at the field a name the core would refuse, too long or with a tab', async () => {
    const waiting = await pageRpcValue(page, 'outbox.list', {})
    // The kept draft of the test before may still be open.
    if (!(await app.composer.isVisible())) await page.getByTestId('new-message').click()
    await app.composer.waitFor()
    await app.composer.getByRole('button', { name: 'Add Bcc' }).or(page.getByTestId('composer-bcc')).click()
    await page.getByTestId('composer-subject').fill('Names')
    await page.getByTestId('composer-text').fill('Hello.')
    const to = page.getByTestId('composer-to')
    for (const [value, says] of [
      [`"${'B'.repeat(257)}" <bob@example.test>`, 'is longer than 256 characters: shorten it.'],
      ['Bob\tTan <bob@example.test>', 'holds a tab, a line break or another control character: take it out.']
    ] as const) {
      await to.fill(value)
      await page.getByTestId('composer-bcc').focus()
      await page.getByTestId('composer-send').click()
      const error = app.composer.getByRole('alert').filter({ hasText: 'The name given to bob@example.test' })
      await error.waitFor()
      expect(await error.textContent()).toBe(`The name given to bob@example.test ${says}`)
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-to')
    }
    // Refused before Send asked the core: nothing is waiting to go out.
    expect(await app.composer.isVisible()).toBe(true)
    expect(await pageRpcValue(page, 'outbox.list', {})).toEqual(waiting)
  })
})
