// A custom inbox saved by mistake or under the wrong name: its creator deletes it from the
// sidebar (and can take that back), renames it, and shares or unshares it.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [{ from: 'Bob Tan <bob@shop.test>', subject: 'Order 4411', hoursAgo: 2 }]

type CoreInbox = { name: string; customId: string | null; shared: boolean | null; filter: unknown }

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'custom-delete') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(['Order 4411'])
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const customItem = (name: string) =>
  page.locator('[data-testid="inbox-item"][data-kind="custom"]', { hasText: name })

async function coreInbox(name: string): Promise<CoreInbox | undefined> {
  const inboxes = (await crm.callCore('inboxes.list', {})) as CoreInbox[]
  return inboxes.find((inbox) => inbox.name === name)
}

/** "Save view as inbox" from the sidebar, shared with the team or not; shows the new inbox. */
async function saveView(name: string, shared: boolean) {
  await page.getByRole('button', { name: /save view as inbox/i }).click()
  await page.locator('#custom-inbox-name').fill(name)
  if (shared) await page.getByLabel('Shared with the team').check()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect.poll(() => customItem(name).getAttribute('aria-current')).toBe('page')
}

describe('a custom inbox', () => {
  it('can be deleted by the person who saved it, the list goes back to All, and Undo brings it back', async () => {
    await crm.setStatus('open')
    await saveView('Open deals (typo)', false)
    const before = await coreInbox('Open deals (typo)')

    await page.getByRole('button', { name: 'Delete inbox Open deals (typo)' }).click()
    await customItem('Open deals (typo)').waitFor({ state: 'detached' })
    await expect.poll(() => crm.inbox('all').getAttribute('aria-current')).toBe('page')
    expect(await coreInbox('Open deals (typo)')).toBeUndefined()

    // A mis-click loses nothing: Undo is offered (and has the focus Delete took away with it).
    const undo = page.getByTestId('inbox-undo')
    expect(await undo.textContent()).toContain('Inbox “Open deals (typo)” deleted.')
    const undoButton = page.getByTestId('inbox-undo-button')
    await expect.poll(() => undoButton.evaluate((el) => el === document.activeElement)).toBe(true)
    await undoButton.click()
    await expect.poll(() => customItem('Open deals (typo)').getAttribute('aria-current')).toBe('page')
    await undo.waitFor({ state: 'detached' })
    // The same inbox, not a copy: what is keyed by its id (the sidebar's selection) finds it.
    const after = await coreInbox('Open deals (typo)')
    expect(after).toMatchObject({
      customId: before!.customId,
      shared: before!.shared,
      filter: before!.filter
    })
    expect(before!.filter).toEqual({ status: 'open' })
  })

  it('is saved shared when asked, and its creator renames it and makes it private again', async () => {
    await saveView('Team deals', true)
    expect(await coreInbox('Team deals')).toMatchObject({ shared: true })
    expect(await customItem('Team deals').locator('..').getByTestId('custom-shared').textContent()).toBe(
      'shared'
    )

    await page.getByRole('button', { name: 'Edit inbox Team deals' }).click()
    const form = page.getByTestId('custom-edit-form')
    await form.getByLabel('Inbox name').fill('Deals this week')
    await form.getByLabel('Shared with the team').uncheck()
    await form.getByRole('button', { name: 'Save', exact: true }).click()
    await form.waitFor({ state: 'detached' })

    await customItem('Deals this week').waitFor()
    expect(await coreInbox('Team deals')).toBeUndefined()
    expect(await coreInbox('Deals this week')).toMatchObject({ shared: false })
    expect(await customItem('Deals this week').locator('..').getByTestId('custom-shared').count()).toBe(0)
    // Focus goes back to the Edit link the form was opened from.
    const edit = page.getByRole('button', { name: 'Edit inbox Deals this week' })
    await expect.poll(() => edit.evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('says in the edit form why a change was refused, and offers no change of another member’s inbox', async () => {
    await saveView('Escalations', true)
    await page.getByRole('button', { name: 'Edit inbox Escalations' }).click()
    const form = page.getByTestId('custom-edit-form')
    await form.getByLabel('Inbox name').fill('   ')
    await form.getByRole('button', { name: 'Save', exact: true }).click()
    expect(await form.getByRole('alert').textContent()).toBe(
      'This value is not valid. Check it and try again.'
    )

    // Meanwhile the inbox has become another member's (as if they had saved it): the core
    // refuses the change, and the form says why in its own words, not "your role".
    const other = (await crm.callCore('members.add', {
      name: 'Dewi Lestari',
      email: 'dewi@example.test',
      role: 'manager'
    })) as { id: string }
    const inbox = await coreInbox('Escalations')
    const db = new Database(join(mailbox.web.dataDir, 'rapport.sqlite'))
    try {
      db.pragma('busy_timeout = 5000')
      db.prepare('UPDATE custom_inboxes SET creator_id = ? WHERE id = ?').run(other.id, inbox!.customId)
    } finally {
      db.close()
    }
    await form.getByLabel('Inbox name').fill('Escalations (mine)')
    await form.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('Only the person who saved this inbox can change it.')
    expect(await coreInbox('Escalations')).toMatchObject({ shared: true })
    // Once the sidebar reads the list again (a refresh announces it), Edit goes, and the open
    // form keeps saying why until it is closed.
    await crm.callCore('inboxes.refreshCustom', { inboxId: inbox!.customId })
    await expect.poll(() => page.getByRole('button', { name: 'Edit inbox Escalations' }).count()).toBe(0)
    expect(await form.getByRole('alert').textContent()).toBe(
      'Only the person who saved this inbox can change it.'
    )
    await form.getByRole('button', { name: 'Cancel' }).click()
    await form.waitFor({ state: 'detached' })

    // Read again, it is shown as theirs: shared, with Refresh but no Edit or Delete.
    await page.reload()
    const entry = customItem('Escalations').locator('..')
    await entry.getByTestId('custom-refresh').waitFor()
    expect(await entry.getByTestId('custom-shared').count()).toBe(1)
    expect(await entry.getByTestId('custom-edit').count()).toBe(0)
    expect(await entry.getByTestId('custom-delete').count()).toBe(0)
  })
})
