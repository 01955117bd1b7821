// Removing an attached file with the keyboard: its × button goes with it, and focus must not
// fall to the page (where the next Tab starts over from the top, behind the dialog).
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pickedFile } from './fixtures/picked-file'

const mailbox = useQuoteMailbox()

const focused = () =>
  mailbox().page.evaluate(() => {
    const active = document.activeElement
    return active?.getAttribute('aria-label') ?? active?.textContent ?? null
  })

it('keeps focus on the next file’s remove button, then on Attach files once none is left', async () => {
  const { page, app, web } = mailbox()
  await page.getByTestId('new-message').click()
  await app.composer.waitFor()
  const names = ['plan.pdf', 'prices.pdf', 'terms.pdf']
  await page
    .getByTestId('composer-attachments-input')
    .setInputFiles(names.map((name) => pickedFile(web.dataDir, name)))
  await expect.poll(() => app.attachmentNames(app.composer)).toHaveLength(3)

  await app.composer.getByRole('button', { name: 'Remove prices.pdf' }).focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => app.attachmentNames(app.composer)).toHaveLength(2)
  // The one after it takes its place, focus with it.
  expect(await focused()).toBe('Remove terms.pdf')
  await page.keyboard.press('Enter')
  // The last one gone: the one before it.
  await expect.poll(() => app.attachmentNames(app.composer)).toHaveLength(1)
  expect(await focused()).toBe('Remove plan.pdf')
  await page.keyboard.press('Enter')
  await expect.poll(() => app.attachmentNames(app.composer)).toHaveLength(0)
  expect(await focused()).toBe('Attach files')
})
