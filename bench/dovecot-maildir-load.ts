import { execFile } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { DovecotServer } from '../tests/support/dovecot'

const run = promisify(execFile)
// Dovecot's mail uid/gid in tests/support/dovecot.ts (nobody:nogroup).
const MAIL_OWNER = '65534:65534'

/**
 * Puts a Maildir++ tree (INBOX at the root, Sent in .Sent) into a test Dovecot user's mail store
 * and lets Dovecot index it. IMAP APPEND of 100k messages takes minutes; this takes seconds, and
 * what Rapport and mbsync then fetch over IMAP is the same.
 */
export async function loadMaildirIntoDovecot(
  server: DovecotServer,
  user: string,
  root: string
): Promise<void> {
  const home = join(server.baseDir, 'home', user)
  const maildir = join(home, 'Maildir')
  rmSync(maildir, { recursive: true, force: true })
  mkdirSync(home, { recursive: true })
  await run('cp', ['-r', root, maildir])
  rmSync(join(maildir, '.complete'), { force: true })
  await run('chown', ['-R', MAIL_OWNER, home])
  // Index now, so neither client pays for Dovecot's first scan of the directory.
  await server.doveadm(['force-resync', '-u', user, '*'])
  await server.doveadm(['mailbox', 'status', '-u', user, 'messages', 'INBOX'])
}
