import { randomUUID } from 'node:crypto'
import { Core } from '../src-main/core/core'
import { MemorySecretStore } from '../src-main/core/secrets/secret-store'
import type { DovecotServer, MailUser } from '../tests/support/dovecot'
import { openTestImap } from '../tests/support/imap-probe'

const PER_MESSAGE_TIMEOUT_MS = 30_000

/** How the APPENDs arrive: `gapMs` after the previous message was stored (0: back to back). */
export type Arrivals = { count: number; gapMs: number }

/**
 * New-mail latency as the user sees it: a second client APPENDs to INBOX, and the clock stops at
 * the core's `changed` event after which the message is in the store (IDLE -> INBOX pass ->
 * parse -> store). Runs on the data dir of a finished import, so the mailbox is full-size.
 * Back to back, most APPENDs land while the core re-enters IDLE, which checks the mailbox as it
 * starts; spaced out, each one lands in an established IDLE, as mail usually does, and waits for
 * the server's own notification (Dovecot delays it ~0.5 s). Returns one list of latencies in ms
 * per series, in order.
 */
export async function measureNewMailLatency(opts: {
  dataDir: string
  server: DovecotServer
  user: MailUser
  series: Arrivals[]
}): Promise<number[][]> {
  const core = new Core({ dataDir: opts.dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
  const db = core.workspace.db
  const has = db.prepare('SELECT 1 FROM messages WHERE message_id = ?')
  const account = core.workspace.accounts.list()[0]
  if (!account) throw new Error('the import left no account')
  await core.secrets.set(account.secretRef, opts.user.password)
  // The watcher's first pass re-lists the whole mailbox; at 100k that takes a while.
  const upToDate = waitFor(core, (name, payload) => name === 'sync.state' && isUpToDate(payload), 600_000)
  core.startRealtime()
  const client = await openTestImap(opts.server, opts.user)
  const results: number[][] = []
  let i = 0
  try {
    await upToDate.promise
    for (const { count, gapMs } of opts.series) {
      const latencies: number[] = []
      results.push(latencies)
      for (let n = 0; n < count; n++, i++) {
        // The gap is the workload (mail arriving into a quiet mailbox), not a synchronisation.
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs))
        latencies.push(await appendAndWait(i))
      }
    }
  } finally {
    await client.logout().catch(() => client.close())
    await core.stopRealtime()
    core.close()
  }
  return results

  async function appendAndWait(i: number): Promise<number> {
    const messageId = `<latency-${i}-${randomUUID()}@bench.example>`
    const arrived = waitFor(
      core,
      (name, payload) =>
        name === 'changed' &&
        (payload as { tables: string[] }).tables.includes('messages') &&
        has.get(messageId) !== undefined
    )
    const started = performance.now()
    await client.append('INBOX', rawMessage(messageId, i))
    return (await arrived.promise) - started
  }
}

function isUpToDate(payload: unknown): boolean {
  return (payload as { state?: string }).state === 'up-to-date'
}

/** Resolves with the time of the first event that satisfies `check`; rejects after a timeout. */
function waitFor(
  core: Core,
  check: (name: string, payload: unknown) => boolean,
  timeoutMs = PER_MESSAGE_TIMEOUT_MS
): { promise: Promise<number> } {
  let off = () => undefined as void
  const promise = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no such event within ${timeoutMs} ms`))
    }, timeoutMs)
    off = core.events.subscribe((name, payload) => {
      if (!check(name, payload)) return
      const at = performance.now()
      clearTimeout(timer)
      off()
      resolve(at)
    })
  })
  return { promise }
}

function rawMessage(messageId: string, i: number): string {
  return [
    'From: Latency Probe <probe@bench.example>',
    'To: me@example.test',
    `Subject: New mail ${i}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Probe message ${i}.`,
    ''
  ].join('\r\n')
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
