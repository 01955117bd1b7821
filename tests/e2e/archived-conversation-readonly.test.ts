// A conversation of a mailbox kept as a read-only archive: the core refuses sending from it and
// every change that would reach its server (flags, archive, delete, restore, move), so the reading
// pane says so in place of the reply box and does not offer those actions. Forward (from another
// mailbox) and the CRM's local actions (close, comment) stay. Opening it does not ask to mark it
// read either: the core would refuse that too.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue, recordSentCommands } from './fixtures/page-rpc'
import { CrmPage } from './pages/crm-page'

/** The contract commands the page sent, in order, on every WebSocket it opened. */
const sent: string[] = []
const mailbox = useQuoteMailbox({
  prepare: async (context) => recordSentCommands(context, sent)
})

const REFUSED = [
  'reply-box',
  'send-reply',
  'message-reply',
  'message-reply-all',
  'message-toggle-read',
  'message-toggle-flag',
  'message-archive',
  'message-delete',
  'message-restore',
  'message-move',
  'thread-mark-read',
  'thread-mark-unread',
  'thread-archive',
  'thread-delete'
]

it('says the mailbox is an archive instead of a reply box, and offers only what still works', async () => {
  const { page, app } = mailbox()
  const crm = new CrmPage(page)
  await pageRpcValue(page, 'accounts.disconnect', { accountId: 1, mode: 'archive' })
  await page
    .getByTestId('account')
    .filter({ hasText: /alice@example\.test.*archive/i })
    .waitFor()

  await app.openConversation('Quote for 40 chairs')
  const note = page.getByTestId('archived-reply-note')
  await note.waitFor()
  expect(await note.textContent()).toBe(
    'This mailbox is kept as a read-only archive. Forward works from another mailbox.'
  )
  const offered = async () => {
    const shown = await Promise.all(
      REFUSED.map(async (id) => [id, await page.getByTestId(id).count()] as const)
    )
    return shown.filter(([, count]) => count > 0).map(([id]) => id)
  }
  expect(await offered()).toEqual([])
  // "r" would have put the keys in a reply box; there is none, and the note stays.
  await page.keyboard.press('r')
  await expect.poll(() => page.getByTestId('message-forward').isVisible()).toBe(true)
  expect(await offered()).toEqual([])
  await note.waitFor()

  // What is kept only here still works: commenting on the conversation and closing it.
  await page.getByTestId('tab-comment').click()
  await page.getByTestId('comment-box').fill('Archived, but Carlos still wants them.')
  await page.getByTestId('send-comment').click()
  await page.getByTestId('timeline-comment').filter({ hasText: 'still wants them' }).waitFor()
  // The comment went after the unread conversation was shown, on the same socket: a request to
  // mark it read would have been recorded before it.
  expect(sent).toContain('conversations.comment')
  expect(sent).not.toContain('threads.markRead')
  // Back on the Reply tab: the note again, not a reply box.
  await page.getByTestId('tab-reply').click()
  await note.waitFor()
  expect(await offered()).toEqual([])
  await page.getByTestId('thread-close').click()
  await crm.threadStatus.filter({ hasText: 'Closed' }).waitFor()
})
