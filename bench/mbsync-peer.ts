import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Mirrors INBOX and Sent to a maildir with isync's mbsync, the fastest plain mirror we know. */
export function mbsyncAvailable(): boolean {
  return spawnSync('mbsync', ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * `durable` is mbsync's default (FSync yes): it fsyncs every message it writes. Without it, it
 * writes files as Rapport's import writes its database (SQLite synchronous=NORMAL: no flush per
 * commit), which is the like-for-like durability; the bench prints both.
 */
export function runMbsync(opts: {
  dir: string
  host: string
  port: number
  user: string
  password: string
  durable: boolean
}): number {
  const maildir = join(opts.dir, 'maildir')
  mkdirSync(maildir, { recursive: true })
  const config = join(opts.dir, 'mbsyncrc')
  writeFileSync(
    config,
    [
      `FSync ${opts.durable ? 'yes' : 'no'}`,
      '',
      'IMAPAccount bench',
      `Host ${opts.host}`,
      `Port ${opts.port}`,
      `User ${opts.user}`,
      `Pass ${opts.password}`,
      'SSLType None',
      'AuthMechs LOGIN',
      '',
      'IMAPStore remote',
      'Account bench',
      '',
      'MaildirStore local',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      '',
      'Channel bench',
      'Far :remote:',
      'Near :local:',
      'Patterns INBOX Sent',
      'Create Near',
      `SyncState ${opts.dir}/`,
      ''
    ].join('\n'),
    { mode: 0o600 }
  )
  const started = performance.now()
  const result = spawnSync('mbsync', ['-q', '-c', config, 'bench'], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`mbsync failed: ${result.stderr}`)
  return (performance.now() - started) / 1000
}
