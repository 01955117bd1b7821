// Another program's draft continued in Rapport, with a stand-in IMAP session (the path through
// Dovecot is tests/integration/server-drafts-continued.test.ts): its copy on the server goes only
// once Rapport's is up, or a while after the text continuing it is sent or thrown away; the
// claim follows the text to another place; a newer version saved under the same Message-ID is
// never taken for the copy continued; a mailbox deleted with the draft, or moved to another
// server, lets the copy be.
import { describe, expect, it } from 'vitest'
import { RELEASE_GRACE_MS } from '../../src-main/core/drafts/draft-uploader'
import { forgetServerNumbering } from '../../src-main/core/sync/server-numbering'
import { draft, fakeServer, phoneDrafts, textsOn, uploaderWorkspace } from './fixtures/draft-upload'

/** A workspace whose account 1 has another program's draft at UID 41 of Drafts (numbered 7). */
function workspace() {
  const setup = uploaderWorkspace()
  const { db } = setup
  /** The other program saves a draft at `uid`, as sync stores it; its copy, as drafts.onServer names it. */
  const { phoneSaves } = phoneDrafts(setup)
  const server = fakeServer()
  ;(server.client as unknown as { mailbox: object }).mailbox = { path: 'Drafts', uidValidity: 7n }
  const claims = () => db.prepare('SELECT draft_id, uid FROM continued_copies ORDER BY uid').all()
  /** As if the copies let go of were let go of longer ago than the grace. */
  const graceOver = () =>
    db.prepare('UPDATE continued_copies SET released_at = released_at - ?').run(RELEASE_GRACE_MS + 1)
  return { ...setup, server, phoneSaves, claims, graceOver, copy41: phoneSaves(41) }
}

describe("another program's draft continued in Rapport", () => {
  it('is deleted on the server only once the draft continuing it is up', async () => {
    const { db, drafts, push, server, copy41 } = workspace()
    drafts.save({ ...draft(1, 'Finished here'), continues: [copy41] })
    expect(drafts.onServer()).toEqual([])
    expect(drafts.list()[0]!.continues).toEqual([copy41])
    // The server will not take Rapport's copy: the other program's stays, the only one there.
    server.behaviour.refuseAppend = true
    await push(server.client)
    expect(server.deleted).toEqual([])
    // Until that version is tried again, a pass has nothing to do in Drafts and does not open it.
    const client = server.client as unknown as { getMailboxLock: (path: string) => Promise<unknown> }
    const lock = client.getMailboxLock.bind(client)
    let opened = 0
    client.getMailboxLock = (path) => (opened++, lock(path))
    await push(server.client)
    expect(opened).toBe(0)
    server.behaviour.refuseAppend = false
    drafts.save({ ...draft(1, 'Finished here, and read again'), continues: [copy41] })
    await push(server.client)
    expect(textsOn(server)).toEqual(['Finished here, and read again'])
    expect(server.deleted).toEqual([41])
    expect(drafts.list()[0]!.continues).toEqual([])
    // Its location goes at once: it is not listed while the next pass has yet to see it gone.
    expect(db.prepare('SELECT count(*) FROM message_locations').pluck().get()).toBe(0)
  })

  it('stays on the server while the draft is written when its HTML has formatting the text loses', async () => {
    const { db, drafts, push, server, phoneSaves, graceOver } = workspace()
    db.prepare('DELETE FROM message_locations WHERE uid = 41').run()
    const styled = phoneSaves(43, '<styled@phone.test>', '<p>Price: <b>200 chairs</b></p>')
    expect(drafts.onServer().map((d) => [d.copies, d.losesFormatting])).toEqual([[[styled], true]])
    drafts.save({ ...draft(1, 'Price: 200 chairs'), continues: [styled] })
    await push(server.client)
    drafts.save({ ...draft(1, 'Price: 200 chairs, delivered'), continues: [styled] })
    await push(server.client)
    // Rapport's copy is up (and its first version replaced); the other program's is not touched.
    expect(textsOn(server)).toEqual(['Price: 200 chairs, delivered'])
    expect(server.deleted).not.toContain(43)
    expect(drafts.list()[0]!.continues).toEqual([styled])
    // Sent (the draft goes): it goes too, once the grace for a text moving elsewhere is over.
    drafts.delete({ kind: 'new' })
    await push(server.client)
    expect(server.deleted).not.toContain(43)
    graceOver()
    await push(server.client)
    expect(server.deleted).toContain(43)
  })

  it('follows the text to another place, as when an aside draft and the one written swap', async () => {
    const { drafts, push, server, claims, graceOver, copy41 } = workspace()
    drafts.save({ ...draft(1, 'Our own words') })
    drafts.save({ ...draft(1, 'Finished here'), asideId: 3, continues: [copy41] })
    const [main, aside] = drafts.list()
    // The swap as the saver writes it: the aside's place emptied first, then the two texts saved.
    drafts.delete({ kind: 'new', asideId: 3 })
    expect(claims()).toEqual([{ draft_id: null, uid: 41 }])
    drafts.save({ ...draft(1, 'Finished here'), continues: [copy41] })
    drafts.save({ ...draft(1, 'Our own words'), asideId: 4 })
    expect(claims()).toEqual([{ draft_id: expect.any(Number), uid: 41 }])
    expect(drafts.list().map((d) => [d.text, d.continues])).toEqual([
      ['Finished here', [copy41]],
      ['Our own words', []]
    ])
    expect([main!.text, aside!.text]).toEqual(['Our own words', 'Finished here'])
    // Swapped back, the place written saved first: its row lets go, and the aside takes it up.
    drafts.save({ ...draft(1, 'Our own words') })
    expect(claims()).toEqual([{ draft_id: null, uid: 41 }])
    drafts.save({ ...draft(1, 'Finished here'), asideId: 5, continues: [copy41] })
    drafts.delete({ kind: 'new', asideId: 4 })
    expect(drafts.list().map((d) => [d.text, d.asideId, d.continues])).toEqual([
      ['Our own words', null, []],
      ['Finished here', 5, [copy41]]
    ])
    // Held again, the grace does not matter: it goes once the draft is up, not before.
    graceOver()
    server.behaviour.refuseAppend = true
    await push(server.client)
    expect(server.deleted).toEqual([])
    server.behaviour.refuseAppend = false
    drafts.save({ ...draft(1, 'Finished here.'), asideId: 5, continues: [copy41] })
    await push(server.client)
    expect(server.deleted).toEqual([41])
  })

  it('goes a while after the draft is thrown away, and no newer version saved under its id goes', async () => {
    const { drafts, push, server, phoneSaves, graceOver, copy41 } = workspace()
    drafts.save({ ...draft(1, 'Finished here'), asideId: 3, continues: [copy41] })
    // The other program saves a newer version under the same Message-ID, at 42: listed again.
    const copy42 = phoneSaves(42)
    drafts.save({ ...draft(1, 'Finished here, again'), asideId: 3, continues: [copy41] })
    expect(drafts.onServer().map((d) => d.copies)).toEqual([[copy42]])
    server.behaviour.refuseAppend = true
    drafts.delete({ kind: 'new', asideId: 3 })
    await push(server.client)
    expect(server.deleted).toEqual([])
    graceOver()
    await push(server.client)
    expect(server.deleted).toEqual([41])
    expect(drafts.onServer().map((d) => d.copies)).toEqual([[copy42]])
  })

  it('stays on the server when the draft goes with the mailbox it was to go from', async () => {
    const { db, drafts, push, server, claims, graceOver, copy41 } = workspace()
    drafts.save({ ...draft(2, 'Finished here, from sales'), continues: [copy41] })
    db.prepare('DELETE FROM accounts WHERE id = 2').run()
    expect(drafts.list()).toEqual([])
    expect(claims()).toEqual([])
    graceOver()
    await push(server.client)
    expect(server.deleted).toEqual([])
    expect(drafts.onServer().map((d) => d.copies)).toEqual([[copy41]])
  })

  it('is no longer claimed once the mailbox reaches another server, whose UIDs name other mail', async () => {
    const { db, drafts, push, server, claims, graceOver, copy41 } = workspace()
    drafts.save({ ...draft(1, 'Finished here'), continues: [copy41] })
    db.transaction(() => forgetServerNumbering(db, 1))()
    // The new server's Drafts happens to have the same UIDVALIDITY; its UID 41 is other mail.
    db.prepare("UPDATE folders SET uid_validity = 7 WHERE account_id = 1 AND path = 'Drafts'").run()
    expect(claims()).toEqual([])
    graceOver()
    await push(server.client)
    expect(textsOn(server)).toEqual(['Finished here'])
    expect(server.deleted).toEqual([])
  })
})
