// A workspace upgraded from 0033 whose merges (before 0034) left a reply draft naming a deleted
// thread: the next new thread must not take that id (0035 starts the counter past it).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { openDatabase } from '../../src-main/core/db/database'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { DraftStore } from '../../src-main/core/drafts/draft-store'
import { ThreadBuilder } from '../../src-main/core/threading/thread-builder'

describe('thread ids after upgrading a workspace at 0033', () => {
  it('does not give the id of a thread merged before the upgrade, which a draft still names, to a new thread', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'thread-ids-')), 'ws.db')
    const old = openDatabase(
      file,
      bundledMigrations.filter((m) => m.version <= 33)
    )
    old
      .prepare(
        `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (1, 'me@x.test', 'me@x.test', 'i', 993, 'tls', 's', 465, 'tls', 'a', 0)`
      )
      .run()
    for (const id of [1, 2, 3])
      old.prepare("INSERT INTO threads (id, account_id, subject) VALUES (?, 1, 'T')").run(id)
    // Written as 0033's drafts table takes it (today's DraftStore writes later columns too).
    old
      .prepare("INSERT INTO drafts (kind, thread_id, body, updated_at) VALUES ('reply', 3, ?, 0)")
      .run('Dear Carlos, the invoice is wrong')
    // Before a1d93e6 a merge deleted thread 3 and left its reply draft naming it.
    old.prepare('DELETE FROM threads WHERE id = 3').run()
    old.close()

    const db = openDatabase(file)
    const created = db.transaction(() =>
      new ThreadBuilder(db).assign({
        accountId: 1,
        messageId: '<job@eve.test>',
        inReplyTo: null,
        references: [],
        subject: 'Job application',
        participants: ['eve@elsewhere.test'],
        threadingEnabled: true
      } as never)
    )()
    const drafts = new DraftStore(db, new ManualClock(0)).list().filter((d) => d.threadId === created)
    expect(drafts).toEqual([])
  })
})
