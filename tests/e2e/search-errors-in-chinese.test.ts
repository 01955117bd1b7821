// A search that cannot run says why in the user's language: in the Chinese (and Indonesian) UI
// the reason after "无法执行此搜索：" was the core's English sentence.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { SearchPage } from './pages/search-page'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('zh-search', 'Quote for 40 chairs')],
    prepare: (context) => preferLanguage(context, 'zh-CN')
  })
  await mailbox.app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

/** The reason shown for the query (once it names `shown`), with `typed` taken out. */
async function reasonFor(query: string, typed: string, shown = typed): Promise<string> {
  const search = new SearchPage(mailbox.page)
  await search.search(query)
  // Until the typing pause ends, the panel still shows the previous query's reason.
  const alert = search.panel.getByRole('alert').filter({ hasText: shown })
  await alert.waitFor()
  const text = await alert.innerText()
  expect(text).toContain('无法执行此搜索')
  return text.replace(typed, '')
}

it.each([
  ['after:yesterday', 'after:yesterday'],
  ['has:pdf 报价', 'has:pdf'],
  ['is:important 报价', 'is:important']
])('says in Chinese why "%s" cannot run', async (query, typed) => {
  // Latin words left are English: the example date and the operators to use are not words.
  const reason = await reasonFor(query, typed)
  expect(reason.replace(/\b(has|is):[a-z]+\b/g, '')).not.toMatch(/[A-Za-z]{3,}/)
})

it('says in Chinese that a search has too many words', async () => {
  const reason = await reasonFor('报价 '.repeat(65), '', '65')
  expect(reason).not.toMatch(/[A-Za-z]{3,}/)
  expect(reason).toContain('64')
})

it('says in Chinese that a search is too long', async () => {
  // Over the contract's 1000 characters, the query is refused before the core parses it: the
  // reason was zod's English ("Too big: expected string to have <=1000 characters").
  const reason = await reasonFor('报价'.repeat(501), '报价'.repeat(501), '1,000')
  expect(reason).not.toMatch(/[A-Za-z]{3,}/)
})
