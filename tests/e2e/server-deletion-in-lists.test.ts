// Mail another program deleted on the server is marked in the lists, not only in the thread view:
// the conversation row of its latest message and its search result carry an icon named with the
// reason, "marked deleted" while the other program has only flagged it \Deleted, "deleted" once
// it is erased there (Rapport keeps its copy). Undeleted there, the mark goes.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actOnServerMessage } from '../support/imap-probe'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpc } from './fixtures/page-rpc'
import { SearchPage } from './pages/search-page'

const MARKED = 'Order 1 of chairs'
const ERASED = 'Order 2 of tables'
const KEPT = 'Order 3 of lamps'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('marked', MARKED), mailFromCarlos('erased', ERASED), mailFromCarlos('kept', KEPT)]
  })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  await mailbox.app.threadRow(KEPT).waitFor()
})
afterAll(async () => {
  await mailbox?.stop()
})

/** Another mail program acts on the INBOX message `<id@client.test>` (`uid`: its UID); then a sync. */
async function otherProgram(id: string, act: (other: ImapFlow, uid: string) => Promise<unknown>) {
  const { server, page } = mailbox
  await actOnServerMessage(server, `<${id}@client.test>`, act)
  expect((await pageRpc(page, 'sync.run', {})).ok).toBe(true)
}

const markOf = (row: ReturnType<ConnectedMailbox['app']['threadRow']>) =>
  row.getByTestId('row-server-deletion')

describe('mail deleted on the server by another program, in the lists', () => {
  it('marks the conversation whose latest message is marked deleted, or erased, on the server', async () => {
    const { app } = mailbox
    await otherProgram('marked', (other, uid) => other.messageFlagsAdd(uid, ['\\Deleted'], { uid: true }))
    await otherProgram('erased', (other, uid) => other.messageDelete(uid, { uid: true }))

    const marked = markOf(app.threadRow(MARKED))
    await expect.poll(() => marked.getAttribute('data-state')).toBe('marked')
    expect(await marked.getAttribute('role')).toBe('img')
    expect(await marked.getAttribute('aria-label')).toBe(
      'Latest message marked deleted on the server by another mail program'
    )
    expect(await marked.getAttribute('title')).toBe(await marked.getAttribute('aria-label'))
    // The row is an option, whose name hides its children: its own name says it too.
    expect(await app.threadRow(MARKED).getAttribute('aria-label')).toContain(
      'Latest message marked deleted on the server by another mail program'
    )

    const erased = markOf(app.threadRow(ERASED))
    await expect.poll(() => erased.getAttribute('data-state')).toBe('deleted')
    expect(await erased.getAttribute('aria-label')).toBe(
      'Latest message deleted on the server; Rapport keeps its copy'
    )
    expect(await markOf(app.threadRow(KEPT)).count()).toBe(0)
    await app.screenshot('server-deletion-in-list')
  })

  it('marks the search results of those messages the same way', async () => {
    const search = new SearchPage(mailbox.page)
    await search.search('Order')
    const result = (subject: string) => search.results('message').filter({ hasText: subject })
    await result(KEPT).waitFor()
    expect(await result(MARKED).getByRole('img').getAttribute('aria-label')).toBe(
      'Marked deleted on the server by another mail program'
    )
    expect(await result(ERASED).getByRole('img').getAttribute('aria-label')).toBe(
      'Deleted on the server; Rapport keeps its copy'
    )
    expect(await markOf(result(KEPT)).count()).toBe(0)
    // Named by its content, the result's name carries the mark's.
    await search
      .results('message')
      .and(mailbox.page.getByRole('option', { name: /Marked deleted on the server/ }))
      .waitFor()
    await mailbox.app.screenshot('server-deletion-in-search')
    await search.input.fill('')
  })

  it('takes the mark away once the other program undeletes the message', async () => {
    const { app } = mailbox
    await otherProgram('marked', (other, uid) => other.messageFlagsRemove(uid, ['\\Deleted'], { uid: true }))
    await markOf(app.threadRow(MARKED)).waitFor({ state: 'detached' })
    expect(await markOf(app.threadRow(ERASED)).getAttribute('data-state')).toBe('deleted')
  })
})
