// Rapport's own copies in Drafts are named by the UID the APPEND answered (migration 0039), with
// a stand-in IMAP session: another program's version saved under the same Message-ID is neither
// deleted with Rapport's copy nor hidden from the list of drafts to continue; where the UID no
// longer names the copy, the Message-ID does, unless two messages have it.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { draftCopyIds, followRenumberedCopies } from '../../src-main/core/drafts/renumbered-copies'
import { forgetServerNumbering } from '../../src-main/core/sync/server-numbering'
import { draft, fakeServer, type Server, uploaderWorkspace } from './fixtures/draft-upload'
import { message } from './fixtures/workspace'

/** The workspace, one session on its first mailbox's Drafts, and that folder as sync stores it. */
function workspace() {
  const setup = uploaderWorkspace()
  const { db, store, context } = setup.ws
  const server = fakeServer()
  const folder = { id: 1, uidValidity: 1, isSent: false, specialUse: '\\Drafts' }
  db.prepare('UPDATE folders SET uid_validity = 1 WHERE id = 1').run()
  /** The next pass finds these copies in Drafts. */
  const synced = (...copies: Server['copies']) =>
    store.storeBatch(
      { ...context, folder },
      copies.map((c) => ({
        uid: c.uid,
        flags: ['\\Draft'],
        modseq: null,
        parsed: message({ messageId: c.messageId })
      }))
    )
  return { ...setup, server, synced }
}

/** A draft up on `server`, then `meanwhile`, then changed: its next pass replaces the copy. */
async function replaced(
  meanwhile: (up: ReturnType<typeof workspace>) => void,
  server: Partial<Server['behaviour']> = {}
) {
  const up = workspace()
  Object.assign(up.server.behaviour, server)
  up.drafts.save(draft(1, 'Our catalogue'))
  await up.push(up.server.client)
  meanwhile(up)
  up.drafts.save(draft(1, 'Our catalogue, as promised'))
  await up.push(up.server.client)
  return up
}

describe("Rapport's own copies in Drafts, by UID", () => {
  it("deletes the copy it replaced by its UID, not another program's copy under its Message-ID, which is listed", async () => {
    const { server, log, drafts, synced } = await replaced(({ server, synced }) => {
      server.saveUnder(server.copies[0]!.messageId)
      synced(...server.copies)
    })
    expect(server.deleted).toEqual([server.copies[0]!.uid])
    expect(log).toEqual([])
    expect(drafts.onServer().map((d) => d.copies.map((c) => c.uid))).toEqual([[server.copies[1]!.uid]])
    synced(server.copies[2]!)
    expect(drafts.onServer()).toHaveLength(1)
  })

  it('finds the copy by its Message-ID where that UID no longer names it', async () => {
    // The folder renumbered (a new UIDVALIDITY): the copy has a new UID.
    const renumbered = await replaced(({ server }) => server.renumber(2n))
    expect(renumbered.server.deleted).toEqual([renumbered.server.copies[0]!.uid])
    // Another folder is Drafts now, numbered alike by chance, where the copy has another UID.
    const moved = await replaced(({ db, server }) => {
      db.prepare(`UPDATE folders SET special_use = NULL WHERE account_id = 1`).run()
      db.prepare(
        `INSERT INTO folders (account_id, path, name, delimiter, special_use, sync_enabled)
         VALUES (1, 'Brouillons', 'Brouillons', '/', '\\Drafts', 1)`
      ).run()
      server.renumber(1n)
    })
    expect(moved.server.deleted).toEqual([moved.server.copies[0]!.uid])
    for (const { log } of [renumbered, moved]) expect(log).toEqual([])
  })

  it("tells its copy from another program's under the Message-ID by the date its APPEND gave", async () => {
    // The mailbox may be on another server now (forgetServerNumbering): its UID is forgotten.
    const forgotten = await replaced(({ db, server }) => {
      server.saveUnder(server.copies[0]!.messageId)
      db.transaction(() => forgetServerNumbering(db, 1))()
    })
    expect(forgotten.server.deleted).toEqual([forgotten.server.copies[0]!.uid])
    expect(forgotten.log).toEqual([
      expect.stringMatching(/^Left 1 of the drafts with the Message-ID <.*> in Drafts: another program/)
    ])
    expect(forgotten.queued()).toEqual([])
    // Renumbered, after a program replaced Rapport's copy by its edit: the edit stays.
    const replacedOnPhone = await replaced(({ server }) => {
      const [ours] = server.copies
      server.deleteElsewhere(ours!.uid)
      server.saveUnder(ours!.messageId)
      server.renumber(2n)
    })
    expect(replacedOnPhone.server.deleted).toEqual([])
    expect(replacedOnPhone.log).toHaveLength(1)
  })

  it('keeps the date the server gave the copy, from a server that dates an APPEND by its arrival', async () => {
    const { server, log } = await replaced(
      ({ server }) => {
        server.saveUnder(server.copies[0]!.messageId)
        server.renumber(2n)
      },
      { ignoresDates: true }
    )
    expect(server.deleted).toEqual([server.copies[0]!.uid])
    expect(log).toHaveLength(1)
  })

  it('finds a copy queued before its date was kept by its Message-ID when it is alone', async () => {
    const { db, push, server, log } = workspace()
    const queue = db.prepare('INSERT INTO draft_copies_to_delete (account_id, message_id) VALUES (1, ?)')
    server.saveUnder('<alone@rapport.test>')
    server.saveUnder('<twice@rapport.test>')
    server.saveUnder('<twice@rapport.test>')
    queue.run('<alone@rapport.test>')
    queue.run('<twice@rapport.test>')
    await push(server.client)
    expect(server.deleted).toEqual([server.copies[0]!.uid])
    expect(log).toEqual([expect.stringMatching(/^Left 2 of the drafts with the Message-ID <twice@/)])
  })

  it('finds a copy waiting to be deleted by its Message-ID and date once the numbering is forgotten', async () => {
    const { db, drafts, push, server } = workspace()
    drafts.save(draft(1, 'Our catalogue'))
    await push(server.client)
    drafts.delete({ kind: 'new' })
    server.renumber(1n)
    server.saveUnder(server.copies[0]!.messageId)
    db.transaction(() => forgetServerNumbering(db, 1))()
    await push(server.client)
    expect(server.deleted).toEqual([server.copies[0]!.uid])
  })

  it("queues the replaced copy's place as it is when the upload is recorded, not as it was read", async () => {
    const { db, drafts, push, server } = workspace()
    const second = fakeServer()
    drafts.save(draft(1, 'Our catalogue'))
    await push(server.client, 1)
    // From changes to the second mailbox; while its pass uploads, the first is pointed at
    // another server (on its own lane), whose Drafts is numbered alike and has other mail.
    drafts.save(draft(2, 'Our catalogue'))
    second.behaviour.onAppend = () => db.transaction(() => forgetServerNumbering(db, 1))()
    await push(second.client, 2)
    const newServer = fakeServer()
    newServer.saveUnder('<someone-else@phone.test>')
    await push(newServer.client, 1)
    expect(newServer.deleted).toEqual([])
  })

  it('deletes by its UID the copy made while the draft was sent', async () => {
    const { drafts, push, server } = workspace()
    drafts.save(draft(1, 'Our catalogue'))
    server.behaviour.onAppend = () => {
      drafts.delete({ kind: 'new' })
      server.saveUnder(server.copies[0]!.messageId)
    }
    await push(server.client)
    expect(server.deleted).toEqual([server.copies[0]!.uid])
  })

  it('finds the UID of its copy by its new Message-ID on a server without UIDPLUS', async () => {
    const { db, drafts, push, queued, log, server } = workspace()
    server.behaviour.noUidPlus = true
    drafts.save(draft(1, 'Our catalogue'))
    await push(server.client)
    expect(db.prepare('SELECT server_copy_uid AS uid FROM drafts').get()).toEqual({ uid: 1 })
    server.saveUnder(server.copies[0]!.messageId)
    drafts.save(draft(1, 'Our catalogue, as promised'))
    await push(server.client)
    drafts.delete({ kind: 'new' })
    await push(server.client)
    expect(server.deleted).toEqual([server.copies[0]!.uid, server.copies[2]!.uid])
    expect(queued()).toEqual([])
    expect(log).toEqual([])
  })

  describe('does not list its own copy whose UID is not known', () => {
    it('on a server without UIDPLUS', async () => {
      const { drafts, push, server, synced } = workspace()
      server.behaviour.noUidPlus = true
      drafts.save(draft(1, 'Our catalogue'))
      await push(server.client)
      synced(...server.copies)
      expect(drafts.onServer()).toEqual([])
    })

    it('waiting to be deleted, its APPEND answer lost', async () => {
      const { drafts, push, server, synced, queued } = workspace()
      drafts.save(draft(1, 'Our catalogue'))
      server.behaviour.onAppend = () => server.lose()
      await push(server.client).catch(() => undefined)
      expect(queued()).toHaveLength(1)
      synced(...server.copies)
      expect(drafts.onServer()).toEqual([])
    })

    it('once the numbering is forgotten', async () => {
      const { db, drafts, push, server, synced } = workspace()
      drafts.save(draft(1, 'Our catalogue'))
      await push(server.client)
      synced(...server.copies)
      db.transaction(() => forgetServerNumbering(db, 1))()
      expect(drafts.onServer()).toEqual([])
    })
  })

  it('migration 0039 dates the copies uploaded before it, by the draft they still hold', () => {
    const db = new BetterSqlite3(':memory:')
    const byUid = bundledMigrations.find((m) => m.name === '0039_draft_copies_by_uid.sql')!
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < byUid.version)
    )
    const insert = db.prepare(`INSERT INTO drafts (id, kind, aside_id, to_text, subject, body, send_later,
      updated_at, revision, server_copy, uploaded_revision) VALUES (?, 'new', ?, '', '', '', '', ?, ?, ?, ?)`)
    insert.run(1, 1, Date.parse('2030-01-02T09:00:00.456Z'), 3, '<up@rapport.test>', 3)
    // Changed since its copy went up: that copy's date is not the draft's any more.
    insert.run(2, 2, Date.parse('2030-01-02T09:05:00.789Z'), 4, '<older@rapport.test>', 3)
    insert.run(3, 3, Date.parse('2030-01-02T09:06:00Z'), 1, null, null)
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT id, server_copy_date AS date FROM drafts ORDER BY id').all()).toEqual([
      { id: 1, date: Date.parse('2030-01-02T09:00:00Z') },
      { id: 2, date: null },
      { id: 3, date: null }
    ])
  })

  it('follows its copy into a renumbered Drafts by the date its APPEND gave, unless two copies there share it', async () => {
    const { db, drafts, server, push } = workspace()
    drafts.save(draft(1, 'Our catalogue'))
    await push(server.client)
    const copy = server.copies[0]!
    // Not imported by a pass yet (the pass uploads after it syncs Drafts): found by Message-ID.
    const { messageId } = copy
    expect(draftCopyIds(db, 1)).toEqual(new Set([messageId]))
    const place = () =>
      db
        .prepare(
          'SELECT server_copy_uid_validity AS v, server_copy_uid AS uid, server_copy_date AS date FROM drafts'
        )
        .get() as {
        v: number
        uid: number
        date: number
      }
    const { date } = place()
    // Two copies of the message with that date: neither is known to be Rapport's.
    followRenumberedCopies(db, 1, 9, [
      { uid: 40, messageId, date },
      { uid: 41, messageId, date }
    ])
    expect(place()).toEqual({ v: 1, uid: copy.uid, date })
    // Another program's version has a date of its own; another folder is not this one.
    const phone = { uid: 41, messageId, date: date + 60_000 }
    followRenumberedCopies(db, 2, 9, [{ uid: 40, messageId, date }, phone])
    expect(place()).toEqual({ v: 1, uid: copy.uid, date })
    followRenumberedCopies(db, 1, 9, [{ uid: 40, messageId, date }, phone])
    expect(place()).toEqual({ v: 9, uid: 40, date })
    // Thrown away: the copy waiting to be deleted follows a renumbering too.
    drafts.delete({ kind: 'new' })
    expect(draftCopyIds(db, 1)).toEqual(new Set([messageId]))
    followRenumberedCopies(db, 1, 10, [
      { uid: 7, messageId, date },
      { ...phone, uid: 8 }
    ])
    expect(
      db.prepare('SELECT folder_id, uid_validity, uid, appended_at FROM draft_copies_to_delete').all()
    ).toEqual([{ folder_id: 1, uid_validity: 10, uid: 7, appended_at: date }])
  })
})
