// Undo on a reply just sent puts its text back in the reply box, to be changed: focus goes there
// too, rather than to the top of the page with the Undo button gone from under it.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

it('puts focus back in the reply box when a reply is taken back with Undo', async () => {
  const { page, crm, app } = mailbox()
  await crm.open('Quote for 40 chairs')
  await app.reply('The chairs ship on Monday.')
  await page.getByTestId('undo-send').click()
  const box = page.getByTestId('reply-box')
  await expect.poll(() => box.inputValue()).toBe('The chairs ship on Monday.')
  expect(await box.evaluate((el) => el === document.activeElement)).toBe(true)
})
