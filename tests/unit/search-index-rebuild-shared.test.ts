// The app and the command line on one workspace file: two connections stepping the same recorded
// search index rebuild, with mail stored and deleted between pages, index every message once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import {
  beginSearchIndexUpgrade,
  MessageReindexer,
  SEARCH_INDEX_VERSION
} from '../../src-main/core/search/search-reindex'
import { MessageStore } from '../../src-main/core/store/message-store'
import { indexCounts, indexLikeOlderRapport, OLD_WORD } from '../support/older-search-index'
import { ME, message } from './fixtures/workspace'

const CURRENT = String(SEARCH_INDEX_VERSION)

it('is shared by two processes on one workspace without duplicates or leftovers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-rebuild-'))
  try {
    const file = join(dir, 'w.sqlite')
    const a = openDatabase(file)
    a.prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (1, ?, ?, 'i', 993, 'tls', 's', 465, 'tls', 'x', 0)`
    ).run(ME, ME)
    const store = (db: typeof a, n: string) =>
      new MessageStore(db, HybridClock.forDatabase(db)).storeBatch(
        { accountId: 1, threadingEnabled: true, ownAddresses: new Set([ME]), folder: null },
        [
          {
            uid: null,
            flags: [],
            parsed: message({ messageId: `<o-${n}@t>`, subject: `Order ${n}`, text: `walrus px${n}` })
          }
        ]
      ).messageIds[0]!
    const ids = Array.from({ length: 50 }, (_, i) => store(a, String(i)))
    indexLikeOlderRapport(a)
    const b = openDatabase(file)
    expect(beginSearchIndexUpgrade(a).pending).not.toBeNull()
    expect(beginSearchIndexUpgrade(b).pending).not.toBeNull() // the second process resumes the same record
    const ra = new MessageReindexer(a, 7)
    const rb = new MessageReindexer(b, 7)
    let turn = 0
    let extra = 0
    for (;;) {
      const step = (turn++ % 2 ? rb : ra).step()
      if (!step || step.finished) break
      if (turn === 3) b.prepare('DELETE FROM messages WHERE id = ?').run(ids[49])
      if (turn === 4) {
        store(b, 'x' + extra++)
        store(a, 'x' + extra++)
      }
    }
    const n = a.prepare('SELECT count(*) FROM messages').pluck().get()
    expect(indexCounts(a, 'walrus')).toEqual({ words: n, trigrams: 0, keys: n })
    expect(indexCounts(a, OLD_WORD).words).toBe(0)
    expect(a.prepare("SELECT value FROM settings WHERE key = 'search_index_version'").pluck().get()).toBe(
      CURRENT
    )
    a.close()
    b.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
