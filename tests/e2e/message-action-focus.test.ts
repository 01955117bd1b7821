// A message's actions from the keyboard: while one runs the toolbar waits, and the button
// pressed must keep focus, so the next Tab or Enter goes on from there, not from the top.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

const focusedTestId = () =>
  mailbox().page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)

it('keeps focus on Flag and Mark read once they have run', async () => {
  const { page, app } = mailbox()
  await app.openConversation('Quote for 40 chairs')
  const message = app.messages.first()
  const flag = message.getByTestId('message-toggle-flag')
  await flag.focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => flag.getAttribute('aria-pressed')).toBe('true')
  expect(await focusedTestId()).toBe('message-toggle-flag')
  // Enter again undoes it: the keys still reach the button.
  await page.keyboard.press('Enter')
  await expect.poll(() => flag.getAttribute('aria-pressed')).toBe('false')
  expect(await focusedTestId()).toBe('message-toggle-flag')
  const read = message.getByTestId('message-toggle-read')
  const label = await read.textContent()
  await read.focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => read.textContent()).not.toBe(label)
  expect(await focusedTestId()).toBe('message-toggle-read')
})
