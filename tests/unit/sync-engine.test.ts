import type { MailboxObject } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { flagsNotKept, flagsNotKeptByFolder } from '../../src-main/core/sync/kept-flags'
import { keptByRights, mayAddMail, mayRemoveMail } from '../../src-main/core/sync/folder-rights'
import { AccountLane } from '../../src-main/core/sync/account-lane'
import { backoffDelay } from '../../src-main/core/sync/backoff'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { LocationStore } from '../../src-main/core/store/location-store'
import { MailActions } from '../../src-main/core/sync/mail-actions'
import { canUseCondstore, changedFlags, expungedUids } from '../../src-main/core/sync/server-diff'
import { TaskQueue } from '../../src-main/core/sync/task-queue'
import { editFlags, normalizeFlags } from '../../src-main/core/store/message-flags'
import { memoryWorkspace, message } from './fixtures/workspace'

describe('server state comparison', () => {
  it('finds the stored UIDs the server no longer has', () => {
    expect(expungedUids([1, 2, 3, 7], [2, 3, 4, 5])).toEqual([1, 7])
  })

  it('reports only flags that differ, ignoring order and the per-session \\Recent', () => {
    const local = new Map([
      [1, ['\\Seen']],
      [2, ['\\Flagged', '\\Seen']]
    ])
    const server = [
      { uid: 1, flags: ['\\Seen', '\\Recent'], modseq: null },
      { uid: 2, flags: ['\\Seen'], modseq: null },
      { uid: 9, flags: [], modseq: null }
    ]
    expect(changedFlags(local, server).map((c) => c.uid)).toEqual([2])
  })

  it('uses CHANGEDSINCE only with a stored HIGHESTMODSEQ on a server that keeps mod-sequences', () => {
    expect(canUseCondstore({ serverHighestModseq: 5n, noModseq: false, storedHighestModseq: '3' })).toBe(true)
    expect(canUseCondstore({ serverHighestModseq: 5n, noModseq: false, storedHighestModseq: null })).toBe(
      false
    )
    expect(
      canUseCondstore({ serverHighestModseq: undefined, noModseq: false, storedHighestModseq: '3' })
    ).toBe(false)
    expect(canUseCondstore({ serverHighestModseq: 5n, noModseq: true, storedHighestModseq: '3' })).toBe(false)
  })

  it('finds the flags a folder’s PERMANENTFLAGS cannot keep; \\* allows keywords, never a system flag', () => {
    const folder = (permanentFlags?: string[]) =>
      ({ permanentFlags: permanentFlags && new Set(permanentFlags) }) as MailboxObject
    const change = ['\\Seen', '\\Flagged', '$Label1']
    // Read-only for this mailbox: nothing is kept.
    expect(flagsNotKept(folder([]), change)).toEqual(change)
    // May write, but not mark read (RFC 4314 rights "lrw"), and flags are matched in any case.
    expect(flagsNotKept(folder(['\\Answered', '\\FLAGGED', '\\Draft', '\\*']), change)).toEqual(['\\Seen'])
    expect(flagsNotKept(folder(['\\Seen', '\\Flagged']), change)).toEqual(['$Label1'])
    // A server that sends no PERMANENTFLAGS keeps every flag, unless it opened the folder read-only.
    expect(flagsNotKept(folder(undefined), change)).toEqual([])
    expect(flagsNotKept({ ...folder(undefined), readOnly: true }, change)).toEqual(change)
  })

  it('reads RFC 4314 rights, and the obsolete RFC 2086 "d", as what a folder keeps and lets in and out', () => {
    expect(keptByRights('lr')).toEqual([])
    expect(keptByRights('lrs')).toEqual(['\\Seen'])
    expect(keptByRights('lrswite')).toEqual([
      '\\Seen',
      '\\Answered',
      '\\Flagged',
      '\\Draft',
      '\\*',
      '\\Deleted'
    ])
    expect(keptByRights('lrd')).toEqual(['\\Deleted'])
    expect([mayAddMail('lr'), mayAddMail('lri'), mayAddMail(null)]).toEqual([false, true, true])
    // MOVE out of a folder needs both "t" and "e" (RFC 6851). RFC 2086's "d" granted both; an
    // RFC 4314 server adds "d" for either one alone (Dovecot answers "lrstid" to "lrsit").
    expect(['lrt', 'lre', 'lrte', 'lrd', null].map(mayRemoveMail)).toEqual([false, false, true, true, true])
    expect(['lrstid', 'lrsed', 'lrsxd', 'lrstied'].map(mayRemoveMail)).toEqual([false, false, false, true])
    expect(keptByRights('lrsed')).toEqual(['\\Seen'])
    // Known by either source, a flag not kept is not kept: PERMANENTFLAGS seen last, or the rights.
    const change = ['\\Seen', '\\Flagged']
    const folder = (kept: string[] | null, rights: string | null) => ({
      kept_flags_json: kept && JSON.stringify(kept),
      my_rights: rights
    })
    expect(flagsNotKeptByFolder(folder(null, null), change)).toEqual([])
    expect(flagsNotKeptByFolder(folder(null, 'lrs'), change)).toEqual(['\\Flagged'])
    expect(flagsNotKeptByFolder(folder(['\\Flagged'], 'lrs'), change)).toEqual(change)
    expect(flagsNotKeptByFolder(folder(['\\Seen', '\\Flagged'], null), change)).toEqual([])
  })

  it('normalizes and edits flag lists', () => {
    expect(normalizeFlags(['\\Seen', '\\Recent', '\\Answered', '\\Seen'])).toEqual(['\\Answered', '\\Seen'])
    expect(editFlags(['\\Seen'], ['\\Flagged'], ['\\Seen'])).toEqual(['\\Flagged'])
  })
})

describe('reconnect backoff', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 }
  it('doubles per attempt, with jitter in the upper half, up to the cap', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(500)
    expect(backoffDelay(0, policy, () => 1)).toBe(1000)
    expect(backoffDelay(3, policy, () => 0)).toBe(4000)
    expect(backoffDelay(20, policy, () => 1)).toBe(60_000)
    expect(backoffDelay(20, policy, () => 0)).toBe(30_000)
  })
})

describe('account lane', () => {
  it('runs work in order, one at a time, even after a failure', async () => {
    const lane = new AccountLane()
    const log: string[] = []
    const a = lane.run(async () => {
      log.push('a')
      throw new Error('x')
    })
    const b = lane.run(async () => log.push('b'))
    await expect(a).rejects.toThrow('x')
    await b
    expect(log).toEqual(['a', 'b'])
  })

  it('interrupts IDLE-like work when other work arrives, and skips it when work is already waiting', async () => {
    const lane = new AccountLane()
    let release: () => void = () => undefined
    let interrupted = 0
    let started: () => void = () => undefined
    const running = new Promise<void>((resolve) => (started = resolve))
    const idle = lane.runInterruptible(
      () =>
        new Promise<void>((resolve) => {
          release = resolve
          started()
        }),
      () => {
        interrupted++
        release()
      }
    )
    await running
    const work = lane.run(async () => 'done')
    const skipped = lane.runInterruptible(
      () => Promise.reject(new Error('must not run')),
      () => undefined
    )
    const more = lane.run(async () => 'more')
    await expect(Promise.all([idle, work, skipped, more])).resolves.toEqual([
      undefined,
      'done',
      undefined,
      'more'
    ])
    expect(interrupted).toBeGreaterThanOrEqual(1)
  })
})

describe('local-first mail actions', () => {
  function setup() {
    const ws = memoryWorkspace()
    const folders = new FolderRepository(ws.db)
    folders.upsertListed(1, [
      { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
      { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' }
    ])
    const inbox = folders.bySpecialUse(1, '\\Inbox')!
    ws.db.prepare('UPDATE folders SET uid_validity = 7').run()
    const queue = new TaskQueue(ws.db)
    const actions = new MailActions(ws.db, folders, queue)
    const stored = ws.store.storeBatch(
      { ...ws.context, folder: { id: inbox.id, uidValidity: 7, isSent: false } },
      [
        { uid: 10, flags: [], parsed: message() },
        { uid: 11, flags: ['\\Seen'], parsed: message() }
      ]
    )
    return { ...ws, folders, queue, actions, ids: stored.messageIds }
  }

  it('never gives a new task the id of one that finished: an action is known by its task ids', () => {
    const { actions, queue, ids } = setup()
    const trash = actions.delete([ids[0]!])
    expect(trash.taskIds).toHaveLength(1)
    // Pushed and deleted, as every finished task is.
    queue.done(trash.taskIds[0]!)
    const next = actions.setFlags({ messageIds: [ids[1]!], flagged: true })
    expect(next.taskIds).toHaveLength(1)
    expect(next.taskIds[0]).toBeGreaterThan(trash.taskIds[0]!)
  })

  it('moves a failed move anyway only while it failed, and just forgets it once the mail is there', () => {
    const { db, actions, queue, ids } = setup()
    const [taskId] = actions.delete([ids[0]!]).taskIds
    expect(() => actions.moveAgain(taskId!)).toThrow(/no longer listed as failed/)
    queue.fail(taskId!, { text: 'moved elsewhere', code: 'CHANGED_ELSEWHERE' })
    // The mail shows in Trash, where the move went: nothing to move, and the failure goes.
    expect(actions.moveAgain(taskId!)).toMatchObject({ count: 0, taskIds: [] })
    expect(queue.list({})).toEqual([])

    const [again] = actions.delete([ids[1]!]).taskIds
    queue.fail(again!, { text: 'moved elsewhere', code: 'CHANGED_ELSEWHERE' })
    db.prepare('DELETE FROM message_locations WHERE message_pk = ?').run(ids[1]!)
    // In no folder at all: the failure stays, with the reason it cannot be moved.
    expect(() => actions.moveAgain(again!)).toThrow(/in no folder Rapport syncs/)
    expect(queue.list({})).toMatchObject([{ id: again, state: 'failed', nowIn: [] }])
  })

  it('moves anyway what it can of a failed move, and keeps telling of the message in no synced folder', () => {
    const { db, actions, queue, ids, folders } = setup()
    const inbox = folders.bySpecialUse(1, '\\Inbox')!
    const [taskId] = actions.delete([ids[0]!, ids[1]!]).taskIds
    queue.fail(taskId!, { text: 'moved elsewhere', code: 'CHANGED_ELSEWHERE' })
    // As the server has it: one is back in INBOX (another program's move), the other was expunged.
    db.prepare('UPDATE message_locations SET folder_id = ?, uid = 20 WHERE message_pk = ?').run(
      inbox.id,
      ids[0]!
    )
    db.prepare('DELETE FROM message_locations WHERE message_pk = ?').run(ids[1]!)
    expect(queue.list({ state: 'failed' })).toMatchObject([{ id: taskId, nowIn: ['INBOX'] }])
    expect(actions.moveAgain(taskId!)).toMatchObject({ count: 1 })
    // The one that could not be moved is still told about, not dropped without a word.
    expect(queue.list({ state: 'failed' })).toMatchObject([{ messageIds: [ids[1]!], nowIn: [] }])
  })

  it('does not mark read on opening, nor \\Answered on replying, where every folder is known to refuse it', () => {
    const { db, actions, queue, ids } = setup()
    const unread = ids[0]!
    const thread = (
      db.prepare('SELECT thread_id AS t FROM messages WHERE id = ?').get(unread) as { t: number }
    ).t
    const keeps = (kept: string[] | null) =>
      db
        .prepare("UPDATE folders SET kept_flags_json = ? WHERE path = 'INBOX'")
        .run(kept && JSON.stringify(kept))
    // A shared folder this mailbox may only read.
    keeps([])
    expect(actions.markThreadRead(thread).taskIds).toEqual([])
    expect(actions.markAnswered(unread).taskIds).toEqual([])
    expect(queue.list({})).toEqual([])
    // May mark read, nothing else.
    keeps(['\\Seen'])
    expect(actions.markAnswered(unread).taskIds).toEqual([])
    expect(actions.markThreadRead(thread).count).toBe(1)
    // Not known yet: every flag is taken as kept, as before.
    keeps(null)
    expect(actions.markAnswered(unread).count).toBe(1)
  })

  it('forgets the flags learned on selecting a folder when its rights change, not when first told or the same', () => {
    const { db, folders } = setup()
    const inbox = folders.bySpecialUse(1, '\\Inbox')!
    const kept = () =>
      (
        db.prepare('SELECT kept_flags_json AS k FROM folders WHERE id = ?').get(inbox.id) as {
          k: string | null
        }
      ).k
    folders.setKeptFlags(inbox.id, ['\\Seen'])
    // First told: both are taken into account, so nothing learned is dropped.
    folders.setRights(inbox.id, 'lrs')
    expect(kept()).toBe('["\\\\Seen"]')
    // The same letters in another order are the same rights.
    folders.setRights(inbox.id, 'srl')
    expect(kept()).toBe('["\\\\Seen"]')
    folders.setRights(inbox.id, 'lrswite')
    expect(kept()).toBeNull()
    expect(folders.get(inbox.id)).toMatchObject({ rights: 'lrswite', canAddMail: true, canRemoveMail: true })
    // A server that no longer tells rights leaves every action to the server again.
    folders.forgetRights(1)
    expect(folders.get(inbox.id)).toMatchObject({ rights: null, canAddMail: true, canRemoveMail: true })
  })

  it('refuses a move into a folder it may not add to, or of mail that may not leave its folder', () => {
    const { db, folders, actions, queue, ids } = setup()
    const inbox = folders.bySpecialUse(1, '\\Inbox')!
    const trash = folders.bySpecialUse(1, '\\Trash')!
    folders.setRights(trash.id, 'lrs')
    expect(() => actions.move([ids[0]!], trash.id)).toThrow(
      expect.objectContaining({ code: 'FOLDER_READ_ONLY' })
    )
    folders.setRights(trash.id, 'lrswite')
    folders.setRights(inbox.id, 'lrsit')
    expect(() => actions.delete(ids)).toThrow(/INBOX: the server keeps this mail read-only/)
    expect(queue.list({})).toEqual([])
    expect(
      db.prepare('SELECT count(*) AS n FROM message_locations WHERE folder_id = ?').get(inbox.id)
    ).toEqual({
      n: 2
    })
  })

  it('moves no account’s mail when another account’s Trash refuses it', () => {
    const { db, folders, actions, queue, ids, store, context } = setup()
    db.prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (2, 'two@rapport.test', 'two', 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:two', 0)`
    ).run()
    folders.upsertListed(2, [
      { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
      { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' }
    ])
    const inboxTwo = folders.bySpecialUse(2, '\\Inbox')!
    db.prepare('UPDATE folders SET uid_validity = 7 WHERE account_id = 2').run()
    const [other] = store.storeBatch(
      { ...context, accountId: 2, folder: { id: inboxTwo.id, uidValidity: 7, isSent: false } },
      [{ uid: 10, flags: [], parsed: message() }]
    ).messageIds
    folders.setRights(folders.bySpecialUse(2, '\\Trash')!.id, 'lrs')
    expect(() => actions.delete([ids[0]!, other!])).toThrow(
      expect.objectContaining({ code: 'FOLDER_READ_ONLY' })
    )
    expect(queue.list({})).toEqual([])
    const inboxOne = folders.bySpecialUse(1, '\\Inbox')!
    expect(
      db.prepare('SELECT folder_id AS f FROM message_locations WHERE message_pk = ?').get(ids[0]!)
    ).toEqual({
      f: inboxOne.id
    })
  })

  it('marks read at once and queues one task for the server', () => {
    const { db, actions, queue, ids } = setup()
    expect(actions.setFlags({ messageIds: ids, seen: true }).count).toBe(1)
    expect(db.prepare('SELECT count(*) AS n FROM messages WHERE is_seen = 1').get()).toEqual({ n: 2 })
    expect(
      db.prepare('SELECT count(*) AS n FROM message_locations WHERE flags_json = \'["\\\\Seen"]\'').get()
    ).toEqual({
      n: 2
    })
    expect(queue.list({})).toMatchObject([{ kind: 'flags', state: 'pending', attempts: 0 }])
    expect(queue.pendingChanges(1)).toEqual(new Map(ids.map((id) => [id, [{ add: ['\\Seen'], remove: [] }]])))
  })

  it('keeps both a pending local change and a flag another client set meanwhile', () => {
    const { db, folders, actions, queue, ids } = setup()
    const inbox = folders.bySpecialUse(1, '\\Inbox')!
    const locations = new LocationStore(db)
    actions.setFlags({ messageIds: [ids[0]!], seen: true })
    // The server has not seen the local change yet; another client flagged the message.
    locations.applyServerFlags(
      inbox.id,
      7,
      [{ uid: 10, flags: ['\\Flagged'], modseq: '5' }],
      queue.pendingChanges(1)
    )
    const flagsOf = (uid: number) =>
      JSON.parse(
        (
          db.prepare('SELECT flags_json FROM message_locations WHERE uid = ?').get(uid) as {
            flags_json: string
          }
        ).flags_json
      ) as string[]
    expect(flagsOf(10)).toEqual(['\\Flagged', '\\Seen'])
    // A pending move leaves the location as it is: it is about to go.
    const trash = folders.bySpecialUse(1, '\\Trash')!
    actions.move([ids[1]!], trash.id)
    expect(queue.pendingChanges(1).get(ids[1]!)).toBeNull()
    const before = db.prepare('SELECT * FROM message_locations WHERE message_pk = ? ORDER BY id').all(ids[1]!)
    locations.applyServerFlags(inbox.id, 7, [{ uid: 11, flags: [], modseq: '6' }], queue.pendingChanges(1))
    expect(
      db.prepare('SELECT * FROM message_locations WHERE message_pk = ? ORDER BY id').all(ids[1]!)
    ).toEqual(before)
  })

  it('moves to Trash locally with a provisional location, keeping where it was for the server', () => {
    const { db, actions, queue, ids, folders } = setup()
    expect(actions.delete([ids[0]!]).count).toBe(1)
    const trash = folders.bySpecialUse(1, '\\Trash')!
    const where = db.prepare('SELECT folder_id, uid FROM message_locations WHERE message_pk = ?').all(ids[0]!)
    expect(where).toEqual([{ folder_id: trash.id, uid: -ids[0]! }])
    const head = queue.head(1)!
    expect(head).toMatchObject({
      kind: 'move',
      payload: { folderId: trash.id, sources: [{ uid: 10, uidValidity: 7 }] }
    })
  })

  it('sets and clears \\Answered like the other flags', () => {
    const { db, actions, queue, ids } = setup()
    expect(actions.setFlags({ messageIds: [ids[0]!], answered: true }).count).toBe(1)
    expect(db.prepare('SELECT flags_json FROM messages WHERE id = ?').get(ids[0]!)).toEqual({
      flags_json: '["\\\\Answered"]'
    })
    expect(queue.head(1)).toMatchObject({ kind: 'flags', payload: { add: ['\\Answered'], remove: [] } })
    actions.setFlags({ messageIds: [ids[0]!], answered: false })
    expect(db.prepare('SELECT flags_json FROM messages WHERE id = ?').get(ids[0]!)).toEqual({
      flags_json: '[]'
    })
  })

  it('says what to do when archiving in a mailbox without an Archive folder, and changes nothing', () => {
    const { db, actions, queue, ids } = setup()
    const before = db.prepare('SELECT * FROM message_locations ORDER BY id').all()
    expect(() => actions.archive([ids[0]!])).toThrow(/no Archive folder.*"Move to"/)
    expect(db.prepare('SELECT * FROM message_locations ORDER BY id').all()).toEqual(before)
    expect(queue.head(1)).toBeNull()
  })

  it('moves nothing into a folder the server no longer lists, saying so, and changes nothing', () => {
    const { db, folders, actions, queue, ids } = setup()
    folders.upsertListed(1, [
      { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
      { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' },
      { path: 'Projects', name: 'Projects', delimiter: '/', specialUse: null }
    ])
    // Projects and Trash deleted on the server: the next listing no longer has them.
    folders.upsertListed(1, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }])
    const projects = folders.list(1).find((f) => f.path === 'Projects')!
    expect(projects.onServer).toBe(false)
    const before = db.prepare('SELECT * FROM message_locations ORDER BY id').all()
    expect(() => actions.move([ids[0]!], projects.id)).toThrow(/no longer on the server/)
    expect(() => actions.delete([ids[0]!])).toThrow(/no Trash folder/)
    expect(db.prepare('SELECT * FROM message_locations ORDER BY id').all()).toEqual(before)
    expect(queue.head(1)).toBeNull()
  })

  it('keeps the order of an account’s tasks and survives a crash mid-task', () => {
    const { actions, queue, ids, db } = setup()
    actions.setFlags({ messageIds: [ids[0]!], flagged: true })
    actions.setFlags({ messageIds: [ids[1]!], flagged: true })
    const first = queue.head(1)!
    expect(queue.claim(first.id)).toBe(true)
    // The process that claimed it is gone (a crash): its claim names no running process.
    db.prepare("UPDATE tasks SET claimed_by = '0:crashed' WHERE id = ?").run(first.id)
    new TaskQueue(db).recoverInterrupted()
    expect(queue.head(1)).toMatchObject({ id: first.id, attempts: 1 })
    queue.fail(first.id, { text: 'refused', code: 'SERVER_SAID' })
    expect(queue.head(1)!.id).not.toBe(first.id)
    expect(queue.list({ state: 'failed' })).toMatchObject([
      { id: first.id, lastError: 'refused', lastErrorCode: 'SERVER_SAID' }
    ])
  })

  it('leaves a task another running process is pushing to it (`rapport sync` beside the app)', () => {
    const { actions, queue, ids, db } = setup()
    actions.setFlags({ messageIds: [ids[0]!], seen: true })
    const first = queue.head(1)!
    expect(queue.claim(first.id)).toBe(true)
    // A second process opens the same data directory: the app's running task is not reset...
    const cli = new TaskQueue(db)
    cli.recoverInterrupted()
    // ...nor taken while the app pushes it.
    expect(cli.claim(first.id)).toBe(false)
    queue.retryLater(first.id, { text: 'offline', code: null }, Date.now())
    expect(cli.claim(first.id)).toBe(true)
  })

  it('gives its running tasks back when its workspace closes, to the next one in the process', () => {
    const { actions, queue, ids, db } = setup()
    actions.setFlags({ messageIds: [ids[0]!], seen: true })
    const first = queue.head(1)!
    expect(queue.claim(first.id)).toBe(true)
    queue.releaseClaims()
    const next = new TaskQueue(db)
    next.recoverInterrupted()
    expect(next.claim(first.id)).toBe(true)
  })
})
