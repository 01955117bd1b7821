// A real, throwaway Dovecot 2.3 for integration tests and benchmarks.
//
// Each call starts its own `dovecot -F` as root with every path (base_dir, state_dir, logs,
// maildirs, passwd-file, TLS cert) inside one temp dir and every listener on a random loopback
// port, so several instances can run side by side and nothing touches the system Dovecot.
//
// Usage (always stop in afterAll, so a failing test still tears the server down):
//   let server: DovecotServer
//   beforeAll(async () => { server = await startDovecot() })
//   afterAll(async () => { await server?.stop() })
//
// Leftovers: Dovecot runs under a tiny shell wrapper whose stdin is a pipe from this Node
// process. If Node dies without calling stop() (crash, SIGKILL, vitest worker torn down), the
// pipe closes and the wrapper stops Dovecot: a dead-man switch, so no process is left behind.
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import {
  mkdtemp,
  writeFile,
  appendFile,
  readFile,
  rm,
  mkdir,
  chmod,
  chown,
  stat,
  utimes
} from 'node:fs/promises'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ImapFlow } from 'imapflow'
import { dovecotConf, MAIL_GID, MAIL_UID, type DovecotLayout } from './dovecot-conf'

export type { DovecotOAuth2 } from './dovecot-conf'

const execFileAsync = promisify(execFile)
// dovecot lives in /usr/sbin, which a non-login root shell may not have on PATH.
const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin` }

export interface MailUser {
  user: string
  password: string
}

export interface DovecotServer {
  host: '127.0.0.1'
  /** Plain IMAP. It advertises STARTTLS (ssl = yes), so clients must opt out or accept the cert. */
  imapPort: number
  /** Implicit TLS with a self-signed cert: default verification must refuse it. */
  imapsPort: number
  lmtpPort: number
  users: MailUser[]
  baseDir: string
  /** PEM of the self-signed cert, for tests that want to trust it explicitly (tls.ca). */
  certPem: string
  doveadm(args: string[]): Promise<string>
  addUser(user: string, password: string): Promise<void>
  setPassword(user: string, newPassword: string): Promise<void>
  /**
   * Sets the owner's rights on one of a user's folders (RFC 4314 letters: "lr" reads only, "lrs"
   * may also mark read). Needs `acl: true`. A session reads them when it first opens the folder
   * and keeps them for up to 30 s, so set them before the folder is first opened.
   */
  setFolderRights(user: string, folder: string, rights: string): Promise<void>
  /** Last lines of the Dovecot log, handy in failure messages. */
  log(): Promise<string>
  /**
   * Stops Dovecot (every session drops) and starts it again on the same ports with the same mail.
   * `crash`: every Dovecot process is killed at once (SIGKILL), mid-command, rather than stopped.
   */
  restart(options?: { crash?: boolean }): Promise<void>
  stop(): Promise<void>
}

export const DEFAULT_USERS: MailUser[] = [
  { user: 'alice', password: 'alice-pw' },
  { user: 'bob', password: 'bob-pw' }
]

/** Ask the kernel for free loopback ports (all held at once so they are distinct). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer()
          s.once('error', reject)
          s.listen(0, '127.0.0.1', () => resolve(s))
        })
    )
  )
  const ports = servers.map((s) => (s.address() as AddressInfo).port)
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  return ports
}

function passwdLine(u: MailUser): string {
  if (/[:\n]/.test(u.user) || /[:\n]/.test(u.password)) throw new Error('user/password may not contain ":"')
  return `${u.user}:{PLAIN}${u.password}::::::\n`
}

/**
 * Optional XOAUTH2 / OAUTHBEARER logins: Dovecot's oauth2 passdb asks this RFC 7662
 * introspection endpoint (POST token=...) whether a bearer token is active and whose it is.
 */
// Dead-man switch wrapper, see the header comment. fd 3 keeps the pipe because background
// jobs of a non-interactive sh get /dev/null as stdin.
const WRAPPER = `
exec 3<&0
dovecot -F -c "$1" &
d=$!
( read -r _ <&3; kill -TERM "$d" 2>/dev/null ) &
w=$!
wait "$d"
rc=$?
kill "$w" 2>/dev/null
exit $rc
`

/** Resolves once the IMAP port answers with an untagged OK greeting. Rejects on timeout. */
async function waitForGreeting(port: number, exited: () => string | null, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const gone = exited()
    if (gone) throw new Error(gone)
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1')
      let buf = ''
      const done = (v: boolean): void => {
        sock.destroy()
        resolve(v)
      }
      sock.setTimeout(2000, () => done(false))
      sock.on('error', () => done(false))
      sock.on('data', (d) => {
        buf += d.toString('latin1')
        if (buf.includes('\n')) done(buf.startsWith('* OK'))
      })
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`Dovecot did not greet on port ${port} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function makeDirs(dir: string, users: MailUser[]): Promise<string> {
  // Dovecot's unprivileged processes (auth as dovecot, mail as nobody) must traverse the tree.
  await chmod(dir, 0o755)
  await mkdir(join(dir, 'tls'))
  await mkdir(join(dir, 'home'))
  await chown(join(dir, 'home'), MAIL_UID, MAIL_GID)
  await writeFile(join(dir, 'passwd'), users.map(passwdLine).join(''), { mode: 0o644 })
  await execFileAsync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir, 'tls/key.pem'), '-out', join(dir, 'tls/cert.pem')
  ]) // prettier-ignore
  await chmod(join(dir, 'tls/key.pem'), 0o600)
  return readFile(join(dir, 'tls/cert.pem'), 'utf8')
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(t)
      resolve(true)
    })
  })
}

/**
 * Removes temp dirs left by test processes that died without stop() (their Dovecot is already
 * gone thanks to the dead-man switch). Only dirs whose owner.pid process no longer exists.
 */
export async function reapStaleDovecotDirs(): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('rapport-dovecot-')) continue
    const dir = join(tmpdir(), name)
    try {
      const owner = Number(await readFile(join(dir, 'owner.pid'), 'utf8').catch(() => '0'))
      if (owner > 0 && existsSync(`/proc/${owner}`)) continue
      if (owner === 0 && Date.now() - statSync(dir).mtimeMs < 60_000) continue // still being set up
      await rm(dir, { recursive: true, force: true })
    } catch {
      // another process reaped it first
    }
  }
}

export async function startDovecot(
  opts: DovecotLayout & { users?: MailUser[] } = {}
): Promise<DovecotServer> {
  if (process.getuid?.() !== 0) throw new Error('startDovecot needs root (it runs dovecot -F as root)')
  const users = [...(opts.users ?? DEFAULT_USERS)]
  await reapStaleDovecotDirs()
  const baseDir = await mkdtemp(join(tmpdir(), 'rapport-dovecot-'))
  // Owner pid, so reapStaleDovecotDirs() knows when this dir is abandoned.
  await writeFile(join(baseDir, 'owner.pid'), String(process.pid))
  const conf = join(baseDir, 'dovecot.conf')
  const certPem = await makeDirs(baseDir, users)
  if (opts.oauth2) {
    // Read by the auth process (user dovecot), hence world-readable like the passwd file.
    const ext = [
      'introspection_mode = post',
      `introspection_url = ${opts.oauth2.introspectionUrl}`,
      'username_attribute = username',
      'active_attribute = active',
      'active_value = true',
      ''
    ].join('\n')
    await writeFile(join(baseDir, 'dovecot-oauth2.conf.ext'), ext, { mode: 0o644 })
  }

  // A port taken between freePorts() and Dovecot's bind makes Dovecot exit: retry with new ports.
  let lastError: unknown
  for (let attempt = 0; attempt < 4; attempt++) {
    const [imap, imaps, lmtp] = (await freePorts(3)) as [number, number, number]
    await writeFile(conf, dovecotConf(baseDir, { imap, imaps, lmtp }, opts))
    const { child, exited, stderr } = spawnWrapper(conf)
    try {
      await waitForGreeting(imap, exited)
    } catch (err) {
      const log = await tail(baseDir)
      lastError = new Error(`${(err as Error).message}\n${log}`)
      await killWrapper(child)
      if (/in use/i.test(log + stderr())) continue
      break // a config or permission error will not fix itself
    }
    return makeHandle({ child, baseDir, conf, users, certPem, ports: { imap, imaps, lmtp } })
  }
  await rm(baseDir, { recursive: true, force: true })
  throw lastError
}

type Wrapper = { child: ChildProcess; exited: () => string | null; stderr: () => string }

function spawnWrapper(conf: string): Wrapper {
  const child = spawn('sh', ['-c', WRAPPER, 'dovecot-wrapper', conf], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env,
    detached: true // own process group, so stop() can SIGKILL everything as a last resort
  })
  let stderr = ''
  child.stderr?.on('data', (d) => (stderr += d.toString()))
  const exited = (): string | null =>
    child.exitCode !== null || child.signalCode !== null
      ? `dovecot exited early (${child.exitCode ?? child.signalCode}): ${stderr}`
      : null
  // Node must not wait on these handles: the wrapper is stopped by stop() or by our exit.
  child.unref()
  ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  ;(child.stderr as unknown as { unref?: () => void } | null)?.unref?.()
  return { child, exited, stderr: () => stderr }
}

async function tail(baseDir: string): Promise<string> {
  const log = await readFile(join(baseDir, 'dovecot.log'), 'utf8').catch(() => '')
  return log.split('\n').slice(-40).join('\n')
}

/** Live (non-zombie) members of a process group, from /proc (Linux only, like Dovecot here). */
function groupAlive(pgid: number, countZombies = false): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      // Fields after the ")" closing the command name: state ppid pgrp ...
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(pgrp) === pgid && (countZombies || state !== 'Z')) return true
    } catch {
      // exited while we looked
    }
  }
  return false
}

/**
 * Stops Dovecot and waits until every process of its group is gone (master, auth, anvil, login,
 * imap...), so "no process left behind" holds the moment stop() resolves.
 */
async function killWrapper(child: ChildProcess, crash = false): Promise<void> {
  const pgid = child.pid!
  if (crash) process.kill(-pgid, 'SIGKILL')
  else child.stdin?.end() // trips the dead-man switch: SIGTERM to Dovecot, which stops its children
  await waitExit(child, 8000)
  for (let i = 0; groupAlive(pgid); i++) {
    if (i === 100) {
      try {
        process.kill(-pgid, 'SIGKILL') // last resort after ~5 s
      } catch {
        // already gone
      }
    }
    if (i > 200) throw new Error(`Dovecot process group ${pgid} would not die`)
    await new Promise((r) => setTimeout(r, 50))
  }
  // Children the master did not wait for are re-parented to init as zombies; give init a
  // moment to reap them so `ps` is clean too (best effort: a zombie holds no resources).
  for (let i = 0; i < 60 && groupAlive(pgid, true); i++) await new Promise((r) => setTimeout(r, 50))
}

/**
 * Dovecot re-reads the passwd-file when its mtime changes, but checks at most once a second:
 * poll `doveadm auth test` until the new credentials are live, so callers never race it.
 */
async function waitForAuth(conf: string, user: string, password: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await execFileAsync('doveadm', ['-c', conf, 'auth', 'test', '-x', 'service=imap', user, password], {
        env
      })
      return
    } catch (err) {
      if (i >= 50) throw new Error(`new credentials for ${user} not accepted: ${(err as Error).message}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/**
 * Rewrites the passwd-file so Dovecot sees a change: it compares only the size and the mtime in
 * whole seconds, so a password of the same length written within the second of the last change
 * would go unnoticed for good. The mtime moves to a later second when it would not have.
 */
async function rewriteNoticeably(file: string, content: string): Promise<void> {
  const before = Math.floor((await stat(file)).mtimeMs / 1000)
  await writeFile(file, content)
  const after = await stat(file)
  if (Math.floor(after.mtimeMs / 1000) <= before) await utimes(file, after.atime, before + 1)
}

function makeHandle(p: {
  child: ChildProcess
  baseDir: string
  conf: string
  users: MailUser[]
  certPem: string
  ports: { imap: number; imaps: number; lmtp: number }
}): DovecotServer {
  const { baseDir, conf, users } = p
  let child = p.child
  let stopped: Promise<void> | null = null
  const passwdFile = join(baseDir, 'passwd')
  return {
    host: '127.0.0.1',
    imapPort: p.ports.imap,
    imapsPort: p.ports.imaps,
    lmtpPort: p.ports.lmtp,
    users,
    baseDir,
    certPem: p.certPem,
    async doveadm(args) {
      const { stdout } = await execFileAsync('doveadm', ['-c', conf, ...args], { env })
      return stdout
    },
    async addUser(user, password) {
      await appendFile(passwdFile, passwdLine({ user, password }))
      users.push({ user, password })
      await waitForAuth(conf, user, password)
    },
    async setPassword(user, newPassword) {
      const found = users.find((u) => u.user === user)
      if (!found) throw new Error(`unknown user ${user}`)
      found.password = newPassword
      await rewriteNoticeably(passwdFile, users.map(passwdLine).join(''))
      await waitForAuth(conf, user, newPassword)
    },
    async setFolderRights(user, folder, rights) {
      // Maildir++: "Clients/Acme" is the directory ".Clients.Acme".
      const dir = join(baseDir, 'home', user, 'Maildir', `.${folder.split('/').join('.')}`)
      if (!existsSync(dir)) throw new Error(`${user} has no folder ${folder} (create it first)`)
      await writeFile(join(dir, 'dovecot-acl'), `owner ${rights}\n`, { mode: 0o644 })
    },
    log: () => tail(baseDir),
    async restart({ crash = false } = {}) {
      if (stopped) throw new Error('Dovecot was stopped')
      await killWrapper(child, crash)
      const next = spawnWrapper(conf)
      child = next.child
      await waitForGreeting(p.ports.imap, next.exited)
    },
    stop() {
      stopped ??= (async () => {
        await killWrapper(child)
        await rm(baseDir, { recursive: true, force: true })
      })()
      return stopped
    }
  }
}

/**
 * Loads raw messages into a folder over one IMAP connection (fast: hundreds per second).
 * Each item is either a raw message or { raw, flags, internalDate }.
 */
export type AppendItem = Buffer | string | { raw: Buffer | string; flags?: string[]; internalDate?: Date }

export async function appendMessages(
  server: Pick<DovecotServer, 'host' | 'imapPort'>,
  user: string,
  password: string,
  folder: string,
  raws: AppendItem[]
): Promise<void> {
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false, // loopback plain IMAP; the self-signed cert would fail opportunistic STARTTLS
    auth: { user, pass: password },
    logger: false
  })
  await client.connect()
  try {
    for (const item of raws) {
      const it = typeof item === 'string' || Buffer.isBuffer(item) ? { raw: item } : item
      await client.append(folder, it.raw, it.flags ?? [], it.internalDate)
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
}

/** Erases the message with this Message-ID from `user`'s folder on the server, as another program would. */
export function expungeByMessageId(
  server: Pick<DovecotServer, 'doveadm'>,
  user: string,
  messageId: string,
  folder = 'INBOX'
): Promise<string> {
  return server.doveadm(['expunge', '-u', user, 'mailbox', folder, 'header', 'Message-ID', messageId])
}
