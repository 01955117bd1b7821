// notmuch (Xapian) as the search peer, indexing the same maildir in the same run.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SELF } from './maildir-corpus'

export type Notmuch = { env: NodeJS.ProcessEnv; dbDir: string }
export const PAGE = 50

export function notmuchAvailable(): boolean {
  return spawnSync('notmuch', ['--version'], { stdio: 'ignore' }).status === 0
}

/** A private config: the database in our temp dir, the mail in the cached maildir. */
export function setupNotmuch(mailRoot: string, workDir: string): Notmuch {
  const dbDir = join(workDir, 'notmuch-db')
  mkdirSync(dbDir, { recursive: true })
  const config = join(workDir, 'notmuch-config')
  writeFileSync(
    config,
    [
      '[database]',
      `path=${dbDir}`,
      `mail_root=${mailRoot}`,
      '[user]',
      'name=Me',
      `primary_email=${SELF}`,
      '[new]',
      'tags=unread;inbox',
      'ignore=.complete',
      '[search]',
      'exclude_tags=',
      '[maildir]',
      'synchronize_flags=true',
      ''
    ].join('\n')
  )
  return { env: { ...process.env, NOTMUCH_CONFIG: config }, dbDir }
}

function notmuch(peer: Notmuch, args: string[]): string {
  const result = spawnSync('notmuch', args, { env: peer.env, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (result.status !== 0) throw new Error(`notmuch ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

/** `notmuch new`; returns seconds. */
export function notmuchNew(peer: Notmuch): number {
  const started = performance.now()
  notmuch(peer, ['new', '--quiet'])
  return (performance.now() - started) / 1000
}

/** Every Message-ID notmuch finds, as "<id>" like ours. */
export function notmuchIds(peer: Notmuch, query: string): Set<string> {
  const lines = notmuch(peer, ['search', '--output=messages', query]).split('\n').filter(Boolean)
  return new Set(lines.map((line) => `<${line.replace(/^id:/, '').replace(/^"|"$/g, '')}>`))
}

/** Wall time of `notmuch search` for the newest page: process start, database open, query. */
export function notmuchCliTimes(peer: Notmuch, query: string, runs: number): number[] {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    notmuch(peer, ['search', '--output=messages', '--sort=newest-first', `--limit=${PAGE}`, query])
    times.push(performance.now() - started)
  }
  return times
}

// The same page through libnotmuch in one process: no spawn, the database opened once.
const IN_PROCESS = `
import json, sys, time, notmuch2
req = json.load(sys.stdin)
db = notmuch2.Database()
out = {}
for q in req["queries"]:
    times = []
    for i in range(req["warmup"] + req["runs"]):
        t = time.perf_counter()
        ids = []
        for m in db.messages(q, sort=notmuch2.Database.SORT.NEWEST_FIRST):
            ids.append(m.messageid)
            if len(ids) == req["page"]:
                break
        if i >= req["warmup"]:
            times.append((time.perf_counter() - t) * 1000)
    out[q] = times
print(json.dumps(out))
`

/** Per-query times through the Python bindings (Debian python3-notmuch2), or null without them. */
export function notmuchInProcessTimes(
  peer: Notmuch,
  queries: string[],
  runs: number
): Map<string, number[]> | null {
  const python = '/usr/bin/python3'
  if (spawnSync(python, ['-c', 'import notmuch2'], { stdio: 'ignore' }).status !== 0) return null
  const result = spawnSync(python, ['-c', IN_PROCESS], {
    env: peer.env,
    input: JSON.stringify({ queries, runs, warmup: 2, page: PAGE }),
    encoding: 'utf8',
    maxBuffer: 1 << 28
  })
  if (result.status !== 0) throw new Error(`notmuch in-process timing failed: ${result.stderr}`)
  return new Map(Object.entries(JSON.parse(result.stdout) as Record<string, number[]>))
}

export function directoryBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size
  }
  return total
}
