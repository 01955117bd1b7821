// The import's memory with one message far over a batch's 16 MB: it is streamed from the server
// into a parse worker, never held whole (sync/fetch-and-parse.ts). Measured as the sync benchmark
// does, through the built CLI: its own peak RSS (VmHWM), in a process of its own.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coreProcessExecArgv } from '../../src-main/core/host/core-process-flags'
import { mailWithAttachments } from '../support/attachment-mail'
import { outPath } from '../support/build-output'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
const USER = { user: 'large', password: 'large-pw' }
let server: DovecotServer
const dir = mkdtempSync(join(tmpdir(), 'large-message-memory-'))

beforeAll(async () => {
  server = await startDovecot({ users: [USER] })
})
afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('importing one 120 MB message', () => {
  it('peaks under 330 MB, and stores it whole', async () => {
    if (!existsSync(outPath('main/cli.js')))
      throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
    // 90 MB of attachment, 120 MB in base64: over the cache's 25 MB, so kept on the server only.
    const attachment = randomBytes(90 * 1024 * 1024)
    const raw = mailWithAttachments({
      messageId: '<archive@client.test>',
      to: 'large@example.test',
      attachments: [{ bytes: attachment, filename: 'archive.zip', contentType: 'application/zip' }]
    })
    await appendMessages(server, USER.user, USER.password, 'INBOX', [raw])
    const dataDir = join(dir, 'data')
    const env = { ...process.env, PW: USER.password, RAPPORT_REPORT_RESOURCES: '1' }
    const cli = (args: string[]) =>
      run(process.execPath, [...coreProcessExecArgv(), CLI, '--data-dir', dataDir, ...args], { env })
    await cli([
      'account', 'add', '--email', 'large@example.test', '--user', USER.user, '--password-env', 'PW',
      '--imap-host', server.host, '--imap-port', String(server.imapPort), '--imap-security', 'none',
      '--smtp-host', server.host, '--smtp-port', '25', '--smtp-security', 'none',
      '--import-limit', 'all', '--skip-verify'
    ]) // prettier-ignore
    const { stderr } = await cli(['sync', '--password-env', 'PW'])
    const report = JSON.parse(/rapport-resources (\{.*\})/.exec(stderr)?.[1] ?? 'null') as {
      maxRssMb: number
    } | null
    const db = new Database(join(dataDir, 'rapport.sqlite'), { readonly: true })
    try {
      expect(
        db
          .prepare(
            `SELECT m.message_id, m.size, a.filename, a.size AS attachmentSize, a.cache_path FROM messages m
             JOIN attachments a ON a.message_pk = m.id`
          )
          .all()
      ).toEqual([
        {
          message_id: '<archive@client.test>',
          size: Buffer.byteLength(raw),
          filename: 'archive.zip',
          attachmentSize: attachment.length,
          cache_path: null
        }
      ])
    } finally {
      db.close()
    }
    // 254–266 MB streamed (2026-12-07); 668–699 MB when it was fetched and parsed whole.
    expect(report?.maxRssMb).toBeLessThan(330)
  }, 120_000)
})
