// Exactly-once sending across crashes: a core in a child process is killed with SIGKILL while it
// sends (at random moments, and exactly between the SMTP server's acceptance and the core
// recording it), then started again on the same data dir. Every message that was queued must
// reach the relay once, be in Sent once and be stored locally once.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'
import { startCoreProcess, runCore, type CoreProcess } from '../support/core-process'
import { startDovecot, type DovecotServer } from '../support/dovecot'
import { countByMessageId, openTestImap } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'

const PASSWORD_VAR = 'RAPPORT_CRASH_PASSWORD'
const SEED = Number(process.env.OUTBOX_CRASH_SEED ?? 20261201)
const ROUNDS = 9

let server: DovecotServer
let relay: SmtpRelay
let dataDir: string
/** The child to kill from inside the relay, right before it answers 250. */
let killOnAccept: CoreProcess | null = null

function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  server = await startDovecot()
  const alice = server.users[0]!
  relay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: server.users,
    // Like Gmail, the server files what it accepts in the sender's Sent before answering: that
    // is the copy a retry finds when the crash hid the server's answer.
    onAccepted: async (message) => {
      const client = await openTestImap(server, alice)
      try {
        await client.append('Sent', message.raw, ['\\Seen'])
      } finally {
        await client.logout()
      }
      killOnAccept?.kill()
    }
  })
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-outbox-crash-'))
})

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await relay?.stop()
  await server?.stop()
})

/** The outbox row's state as the child left it, read from its database (WAL allows a reader). */
function outboxState(subject: string): string {
  const db = new Database(join(dataDir, 'rapport.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare('SELECT state FROM outbox WHERE subject = ?').get(subject) as
      { state: string } | undefined
    return row?.state ?? 'not queued'
  } finally {
    db.close()
  }
}

/**
 * Kills the child while it sends: when the row reaches `accepted`, or a random 0–150 ms (the
 * share `when` of it) after the attempt started, i.e. somewhere in the SMTP conversation or after.
 */
async function killDuringSend(child: CoreProcess, subject: string, when: 'accepted' | number): Promise<void> {
  const alive = () => child.child.exitCode === null && child.child.signalCode === null
  const reached = (states: string[]) => async () => {
    while (alive() && !states.includes(outboxState(subject)))
      await new Promise((resolve) => setTimeout(resolve, 2))
  }
  if (when === 'accepted') {
    await reached(['accepted', 'sent'])()
  } else {
    await reached(['sending', 'accepted', 'sent'])()
    await new Promise((resolve) => setTimeout(resolve, Math.floor(when * 150)))
  }
  child.kill()
}

describe('rapport send --attach', () => {
  it('sends the files given with --attach, and refuses more than 25 MB with ATTACHMENT_TOO_LARGE', async () => {
    const env = { [PASSWORD_VAR]: server.users[0]!.password }
    const dir = mkdtempSync(join(tmpdir(), 'rapport-attach-'))
    try {
      await runCore(dir, [
        'account', 'add', '--email', 'alice@example.test', '--user', 'alice', '--password-env', PASSWORD_VAR,
        '--imap-host', server.host, '--imap-port', String(server.imapPort), '--imap-security', 'none',
        '--smtp-host', server.host, '--smtp-port', String(relay.port), '--smtp-security', 'none', '--skip-verify'
      ], env) // prettier-ignore
      const body = join(dir, 'body.txt')
      const quote = join(dir, 'Penawaran.pdf')
      const big = join(dir, 'video.bin')
      writeFileSync(body, 'See attached.\n')
      writeFileSync(quote, Buffer.from('%PDF-1.4 penawaran'))
      writeFileSync(big, Buffer.alloc(25 * 1024 * 1024 + 1, 1))
      const send = (subject: string, ...files: string[]) =>
        startCoreProcess(dir, ['send', '--account', '1', '--to', 'bob@example.test', '--subject', subject,
          '--body-file', body, ...files.flatMap((f) => ['--attach', f]), '--password-env', PASSWORD_VAR], env)
          .exited // prettier-ignore

      const ok = await send('Quote attached', quote)
      expect(ok.code).toBe(0)
      const delivered = relay.received.find((m) => m.raw.toString().includes(ok.stdout.trim()))!
      const parsed = await simpleParser(delivered.raw)
      expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['Penawaran.pdf', 'application/pdf']
      ])

      const refused = await send('Too big', quote, big)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(
        /error ATTACHMENT_TOO_LARGE: The attachments total 25\.0 MB; the limit is 25 MB/
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('outbox crash safety', () => {
  it('sends every queued message exactly once when the core is killed -9 while sending', async () => {
    const env = { [PASSWORD_VAR]: server.users[0]!.password }
    await runCore(dataDir, [
      'account', 'add', '--email', 'alice@example.test', '--user', 'alice', '--password-env', PASSWORD_VAR,
      '--imap-host', server.host, '--imap-port', String(server.imapPort), '--imap-security', 'none',
      '--smtp-host', server.host, '--smtp-port', String(relay.port), '--smtp-security', 'none', '--skip-verify'
    ], env) // prettier-ignore
    const random = mulberry32(SEED)
    const body = join(dataDir, 'body.txt')
    writeFileSync(body, 'Penawaran terlampir. 报价见附件。\n')
    const subjects: string[] = []
    const statesAtKill: Record<string, number> = {}

    for (let round = 0; round < ROUNDS; round++) {
      const subject = `Crash round ${round} (seed ${SEED})`
      subjects.push(subject)
      const sender = startCoreProcess(
        dataDir,
        ['send', '--account', '1', '--to', 'bob@example.test', '--subject', subject, '--body-file', body,
          '--password-env', PASSWORD_VAR], env) // prettier-ignore
      // A third of the rounds die exactly between the server's acceptance and the core hearing
      // of it; a third as soon as the core has recorded the acceptance (before the Sent copy and
      // the local store); the rest at a random moment after the attempt started.
      const kind = round % 3
      if (kind === 0) killOnAccept = sender
      else void killDuringSend(sender, subject, kind === 1 ? 'accepted' : random())
      const exit = await sender.exited
      killOnAccept = null
      const state = outboxState(subject)
      statesAtKill[state] = (statesAtKill[state] ?? 0) + 1
      await until('the relay to finish the killed session', () => relay.inFlight === 0)
      if (kind === 0) expect(exit.signal).toBe('SIGKILL')
      // Restart: a sync pass finishes whatever the outbox holds.
      await runCore(dataDir, ['sync', '--account', '1', '--password-env', PASSWORD_VAR], env)
    }

    const outbox = JSON.parse(await runCore(dataDir, ['api', 'outbox.list', '{"includeSent":true}'])) as {
      value: Array<{ subject: string; messageId: string; state: string }>
    }
    const local = JSON.parse(await runCore(dataDir, ['api', 'messages.list', '{"limit":1000}'])) as {
      value: Array<{ messageId: string }>
    }
    console.info(`outbox crash test (seed ${SEED}): state when killed`, statesAtKill)
    let queued = 0
    for (const subject of subjects) {
      const items = outbox.value.filter((i) => i.subject === subject)
      const atRelay = relay.received.filter((m) => m.raw.toString().includes(subject))
      expect(items.length, subject).toBeLessThanOrEqual(1)
      if (items.length === 0) {
        // Killed before the message was queued: the send never returned, and nothing went out.
        expect(atRelay, subject).toHaveLength(0)
        continue
      }
      queued++
      const item = items[0]!
      expect(item.state, subject).toBe('sent')
      expect(
        atRelay.map((m) => m.raw.toString().includes(item.messageId)),
        subject
      ).toEqual([true])
      expect(await countByMessageId(server, server.users[0]!, 'Sent', item.messageId), subject).toBe(1)
      expect(
        local.value.filter((m) => m.messageId === item.messageId),
        subject
      ).toHaveLength(1)
    }
    // Every round is killed after its message was queued.
    expect(queued).toBe(ROUNDS)

    // The next pass is a no-op: nothing more is sent.
    const before = relay.received.length
    await runCore(dataDir, ['sync', '--account', '1', '--password-env', PASSWORD_VAR], env)
    expect(relay.received.length).toBe(before)
  }, 120_000)
})
