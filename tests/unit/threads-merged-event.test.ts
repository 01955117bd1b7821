// When the core announces a thread merge (threads.merged), which the windows follow with their
// drafts: only once the merge is committed, and only to a window showing the merge's workspace.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ThreadsMerged } from '../../src-preload/contract'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

let core: Core
let dir = ''
let seen: ThreadsMerged[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-merged-'))
  core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined })
  seen = []
  core.events.subscribe((name, payload) => {
    if (name === 'threads.merged') seen.push(payload as ThreadsMerged)
  })
})

afterEach(() => {
  core.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Two threads of one mailbox in the main workspace, as sync would leave them. */
function twoThreads(): [number, number] {
  const db = core.workspace.db
  db.prepare(
    `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
     VALUES (1, 'ana@example.test', 'ana', 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'x', 0)`
  ).run()
  const insert = db.prepare(
    'INSERT INTO threads (id, account_id, subject) VALUES ((SELECT last_id + 1 FROM thread_ids_given), 1, ?)'
  )
  return [Number(insert.run('Quote').lastInsertRowid), Number(insert.run('Invoice').lastInsertRowid)]
}

/** The announcement waits for the turn after the merge's transaction. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

it('announces a merge once it is committed, not one a failed message rolled back', async () => {
  const [older, newer] = twoThreads()
  const main = core.workspace
  // As a store slice whose later message throws: the merge inside is rolled back.
  expect(() =>
    main.db.transaction(() => {
      main.crm.mergeThreads(older, newer)
      throw new Error('a later message of the slice could not be stored')
    })()
  ).toThrow()
  await nextTurn()
  expect(seen).toEqual([])
  main.crm.mergeThreads(older, newer)
  await nextTurn()
  expect(seen).toEqual([{ from: newer, to: older, drafts: [] }])
})

it('does not announce a merge of the main workspace to a window showing the sample', async () => {
  const [older, newer] = twoThreads()
  const main = core.workspace
  core.switchWorkspace('sample')
  // Main's sync goes on meanwhile; thread ids in the window are the sample's own.
  main.crm.mergeThreads(older, newer)
  await nextTurn()
  expect(seen).toEqual([])
})
