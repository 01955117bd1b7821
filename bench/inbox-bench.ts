import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandInput } from '../src-preload/contract'
import { Core } from '../src-main/core/core'
import { openDatabase, type Database } from '../src-main/core/db/database'
import { MemorySecretStore } from '../src-main/core/secrets/secret-store'
import { mulberry32 } from '../tests/support/corpus'
import { measureInboxFirstPaint } from './inbox-paint-bench'

const log = (message: string) => process.stderr.write(`${message}\n`)

type Opts = { conversations: number; contacts: number; seed: number; runs: number }
type ListInput = CommandInput<'conversations.list'>

const INBOXES = ['all', 'mine', 'unassigned', 'team', 'blocked'] as const
const STATUSES = ['all', 'open', 'closed', 'snoozed'] as const
const SORTS = ['newest', 'oldest', 'longest', 'shortest'] as const

/**
 * `npm run bench -- inbox`: 100k conversations and 20k contacts written straight into SQLite,
 * then the p95 latency of conversations.list through the contract (validation, query, row
 * mapping) for every inbox × status × sort × unreplied, on the first page and on a deep page
 * (keyset cursor at 90% of the list). Target: p95 < 10 ms. Then the inbox's time to first paint
 * in Chromium on the same data (target < 1 s).
 */
export async function runInboxBench(opts: Opts): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-inbox-bench-'))
  try {
    const db = openDatabase(join(dir, 'rapport.sqlite'))
    const started = performance.now()
    const teamId = generate(db, opts)
    db.close()
    log(
      `generated ${opts.conversations} conversations, ${opts.contacts} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`
    )
    const core = new Core({ dataDir: dir, secrets: new MemorySecretStore(null), log })
    try {
      await measure(core, teamId, opts.runs)
    } finally {
      core.close()
    }
    // The same data in Chromium: time to first paint of the inbox (inbox-paint-bench.ts).
    await measureInboxFirstPaint(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function generate(db: Database, opts: Opts): string {
  const random = mulberry32(opts.seed)
  const now = Date.now()
  const YEAR = 365 * 24 * 3_600_000
  db.prepare(
    `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
     VALUES (1, 'me@bench.test', 'me', 'h', 993, 'tls', 'h', 465, 'tls', 's', 0)`
  ).run()
  const local = randomUUID()
  const others = Array.from({ length: 5 }, () => randomUUID())
  const teams = Array.from({ length: 3 }, () => randomUUID())
  db.transaction(() => {
    const member = db.prepare(
      "INSERT INTO members (id, name, email, role, is_local, created_at, hlc) VALUES (?, ?, ?, ?, ?, 0, 'h')"
    )
    member.run(local, 'Me', 'me@bench.test', 'owner', 1)
    others.forEach((id, i) => member.run(id, `Agent ${i}`, `agent${i}@bench.test`, 'agent', 0))
    const team = db.prepare("INSERT INTO teams (id, name, created_at, hlc) VALUES (?, ?, 0, 'h')")
    teams.forEach((id, i) => team.run(id, `Team ${i}`))
    db.prepare('INSERT INTO team_members (team_id, member_id) VALUES (?, ?)').run(teams[0], local)
    const contact = db.prepare(
      "INSERT INTO contacts (id, display_name, first_name, last_name, blocked, created_at, hlc) VALUES (?, ?, ?, ?, ?, 0, 'h')"
    )
    const email = db.prepare(
      "INSERT INTO contact_emails (id, contact_id, address, is_primary, hlc) VALUES (?, ?, ?, 1, 'h')"
    )
    const contactIds: string[] = []
    const blocked = new Set<string>()
    for (let i = 0; i < opts.contacts; i++) {
      const id = randomUUID()
      const isBlocked = random() < 0.01
      contact.run(id, `Contact ${i}`, 'Contact', String(i), isBlocked ? 1 : 0)
      email.run(randomUUID(), id, `c${i}@client.test`)
      contactIds.push(id)
      if (isBlocked) blocked.add(id)
    }
    const thread = db.prepare(
      'INSERT INTO threads (id, account_id, subject, message_count, last_message_at) VALUES (?, 1, ?, 1, ?)'
    )
    const conversation =
      db.prepare(`INSERT INTO conversations (id, account_id, thread_id, contact_id, status, status_before_snooze,
      status_changed_at, status_since, snoozed_until, assignee_id, team_id, unread_count, last_message_at, last_direction,
      created_at, hlc, blocked) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'h', ?)`)
    for (let i = 1; i <= opts.conversations; i++) {
      const last = Math.floor(now - random() * 2 * YEAR)
      const contactId = contactIds[Math.floor(random() * contactIds.length)]!
      const r = random()
      const status = r < 0.35 ? 'open' : r < 0.9 ? 'closed' : 'snoozed'
      const since = status === 'closed' && random() < 0.05 ? 0 : Math.floor(last + random() * 3_600_000)
      const a = random()
      const assignee = a < 0.25 ? local : a < 0.7 ? others[Math.floor(random() * others.length)]! : null
      const teamId = random() < 0.6 ? teams[Math.floor(random() * teams.length)]! : null
      thread.run(i, `Subject ${i}`, last)
      conversation.run(
        randomUUID(),
        i,
        contactId,
        status,
        status === 'snoozed' ? (random() < 0.5 ? 'open' : 'closed') : null,
        since,
        since,
        status === 'snoozed' ? now + YEAR : null,
        assignee,
        teamId,
        random() < 0.3 ? 1 : 0,
        last,
        random() < 0.5 ? 'in' : 'out',
        blocked.has(contactId) ? 1 : 0
      )
    }
  })()
  return teams[0]!
}

async function p95(core: Core, input: ListInput, runs: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const response = await core.dispatch('conversations.list', input)
    times.push(performance.now() - start)
    if (!response.ok) throw new Error(`${JSON.stringify(input)}: ${response.error.message}`)
  }
  times.sort((a, b) => a - b)
  return times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!
}

/** The cursor of the row at 90% of the list (setup only: reads the whole list once). */
async function deepCursor(core: Core, input: ListInput): Promise<{ id: string; sortKey: number } | null> {
  const rows: Array<{ id: string; sortKey: number }> = []
  let after: { id: string; sortKey: number } | undefined
  for (;;) {
    const response = await core.dispatch('conversations.list', { ...input, limit: 500, after })
    if (!response.ok) throw new Error(response.error.message)
    const page = response.value as Array<{ id: string; sortKey: number }>
    if (page.length === 0) break
    rows.push(...page.map((r) => ({ id: r.id, sortKey: r.sortKey })))
    after = rows.at(-1)
  }
  return rows.length > 50 ? rows[Math.floor(rows.length * 0.9)]! : null
}

async function measure(core: Core, teamId: string, runs: number): Promise<void> {
  const table: string[] = []
  let worst = 0
  let over = 0
  let cells = 0
  const header = ['inbox', 'status', ...SORTS.flatMap((s) => [`${s} 1st`, `${s} deep`])]
  for (const inboxName of INBOXES) {
    const inbox = inboxName === 'team' ? { team: teamId } : inboxName
    for (const status of STATUSES) {
      const row: string[] = [inboxName, status]
      for (const sort of SORTS) {
        let first = 0
        let deep = 0
        for (const unreplied of [false, true]) {
          const input: ListInput = { inbox, status, sort, unreplied, limit: 50 }
          for (let w = 0; w < 3; w++) await core.dispatch('conversations.list', input)
          first = Math.max(first, await p95(core, input, runs))
          const cursor = await deepCursor(core, input)
          if (cursor) deep = Math.max(deep, await p95(core, { ...input, after: cursor }, runs))
          cells += cursor ? 2 : 1
        }
        for (const v of [first, deep]) {
          worst = Math.max(worst, v)
          if (v >= 10) over++
        }
        row.push(first.toFixed(2), deep.toFixed(2))
      }
      table.push(row.join('\t'))
      log(`measured ${inboxName}/${status}`)
    }
  }
  const counts = await core.dispatch('inboxes.list', {})
  const start = performance.now()
  for (let i = 0; i < runs; i++) await core.dispatch('inboxes.list', {})
  const inboxesMs = (performance.now() - start) / runs
  process.stdout.write(
    [
      `conversations.list p95 in ms (page of 50; max over unreplied off/on; ${runs} runs each; ${cells} measured queries)`,
      header.join('\t'),
      ...table,
      '',
      `worst p95: ${worst.toFixed(2)} ms; cells at or over 10 ms: ${over} (target p95 < 10 ms)`,
      `inboxes.list (open counts for all inboxes + dots): mean ${inboxesMs.toFixed(2)} ms${counts.ok ? '' : ' (failed)'}`,
      ''
    ].join('\n')
  )
}
