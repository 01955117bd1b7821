// A workspace whose search index an older Rapport wrote: after the upgrade the window opens at
// once and the sidebar says "Updating the search index… N%" under the sync status while the core
// indexes the mail again in the background, and nothing once it is done. Search works meanwhile.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { SearchPage } from './pages/search-page'

// The core holds the rebuild after its first page until the test lets it go on
// (testing.releaseSearchIndex), so the window sees it under way however fast the machine is.
const mailbox = useQuoteMailbox({ env: { RAPPORT_TEST_CLOCK: '1', RAPPORT_TEST_HOLD_SEARCH_INDEX: '1' } })

/**
 * Old mail stored by an older Rapport whose index has none of it, as an index version before 4
 * had no text of HTML-only mail. Rows only, in no folder, so the inbox shows what it did.
 */
const OLD_MESSAGES = 3_000

function leaveAsAnOlderRapport(dataDir: string): number {
  const db = new Database(join(dataDir, 'rapport.sqlite'))
  try {
    const accountId = db.prepare('SELECT id FROM accounts').pluck().get() as number
    const insert = db.prepare(
      `INSERT INTO messages (account_id, message_id, subject, from_name, from_address, date, direction, body_text, created_at)
       VALUES (?, ?, ?, 'Heron Archive', 'archive@heron.test', ?, 'in', ?, 0)`
    )
    db.transaction(() => {
      for (let n = 0; n < OLD_MESSAGES; n++)
        insert.run(
          accountId,
          `<old-${n}@heron.test>`,
          `Archived note ${n}`,
          Date.UTC(2019, 0, 1) + n * 60_000,
          `Minutes of meeting ${n}: the heron count was ${n % 97}, the pond is fine.`
        )
    })()
    db.prepare("UPDATE settings SET value = '4' WHERE key = 'search_index_version'").run()
    return db.prepare('SELECT count(*) FROM messages').pluck().get() as number
  } finally {
    db.close()
  }
}

describe('the search index update after an upgrade', () => {
  it('shows its progress under the sync status while it runs, also in a window opened meanwhile', async () => {
    const { web, page, app } = mailbox()
    let total = 0
    const url = await web.restart((dataDir) => {
      total = leaveAsAnOlderRapport(dataDir)
    })
    // The window is opened after the core started the rebuild: it reads where it stands.
    await page.goto(url)
    const progress = app.syncStatus.getByTestId('search-index-progress')
    await progress.waitFor({ timeout: 30_000 })
    // Held after its first page of 100: 3 %.
    expect(await progress.textContent()).toBe('Updating the search index… 3%')
    const bar = progress.getByRole('progressbar')
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(total))
    expect(await bar.getAttribute('aria-valuenow')).toBe('100')
    await app.screenshot('search-index-progress')

    // The app answers meanwhile: the inbox shows, and search finds Carlos's quote.
    await app.threadRow('Quote for 40 chairs').waitFor()
    const search = new SearchPage(page)
    await search.search('chairs')
    await search.results('message').filter({ hasText: 'Quote for 40 chairs' }).waitFor()

    // Let go, it finishes: gone once done, and the old mail is found by its body.
    await pageRpcValue(page, 'testing.releaseSearchIndex', {})
    await progress.waitFor({ state: 'detached', timeout: 60_000 })
    await search.search('"heron count was 42"')
    await search.results('message').first().waitFor()
    expect(await app.syncStatus.textContent()).not.toContain('search index')
  })
})
