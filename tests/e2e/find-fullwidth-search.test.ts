// A search typed in fullwidth letters (as a Chinese or Japanese input method gives them, ｈｅｌｌｏ)
// finds mail written with the usual ones; the conversation opened from it must find them too.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { SearchPage } from './pages/search-page'

const mailbox = useQuoteMailbox()

it('finds in the opened conversation the words a fullwidth search found, as the result marked them', async () => {
  const { page, app } = mailbox()
  const search = new SearchPage(page)
  await search.search('Ｈｅｌｌｏ')
  const result = search.results('message').filter({ hasText: 'Hello from Carlos' })
  await result.waitFor()
  expect(await search.marks(result)).toEqual(['Hello'])
  await result.click()
  await app.threadView.filter({ hasText: 'Quote for 40 chairs' }).waitFor()
  expect(await search.findInput.inputValue()).toBe('Ｈｅｌｌｏ')
  await search.counterIs('1 of 1')
  expect(await search.marks(app.messages.first())).toEqual(['Hello'])
})
