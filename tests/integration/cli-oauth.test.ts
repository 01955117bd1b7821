import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'
import type { DovecotServer } from '../support/dovecot'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import { startOAuthMailServers, type OAuthMailServers } from '../support/oauth-mail-servers'
import type { SmtpRelay } from '../support/smtp-relay'

// `rapport account add --oauth google` for real: the built CLI prints the address to open, the
// test plays the browser, and the CLI adds the account after checking IMAP and SMTP with XOAUTH2.

const CLI = resolve('bin/rapport.js')
let servers: OAuthMailServers
let oauth: FakeOAuthServer
let server: DovecotServer
let relay: SmtpRelay
let dataDir: string
let env: Record<string, string>

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  servers = await startOAuthMailServers()
  oauth = servers.oauth
  server = servers.dovecot
  relay = servers.relay
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-oauth-'))
  env = {
    RAPPORT_GOOGLE_CLIENT_ID: oauth.clientId,
    RAPPORT_GOOGLE_AUTHORIZATION_URL: oauth.authorizationUrl,
    RAPPORT_GOOGLE_TOKEN_URL: oauth.tokenUrl
  }
}, 60_000)

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await servers?.stop()
})

describe('rapport account add --oauth', () => {
  it('prints the sign-in address, waits for the browser, and adds an OAuth2 account', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI, '--data-dir', dataDir, 'account', 'add', '--oauth', 'google', '--email', 'alice@example.test',
        '--imap-host', server.host, '--imap-port', String(server.imapPort), '--imap-security', 'none',
        '--smtp-host', relay.host, '--smtp-port', String(relay.port), '--smtp-security', 'none'
      ], // prettier-ignore
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)))
    // The address to open is the line after the prompt on stderr.
    const url = await new Promise<string>((resolveUrl, reject) => {
      const lines = createInterface({ input: child.stderr })
      lines.on('line', (line) => {
        if (line.startsWith(oauth.authorizationUrl)) resolveUrl(line.trim())
      })
      void exited.then((code) => reject(new Error(`the CLI exited (${code}) before printing the address`)))
    })
    const consent = await fetch(url, { redirect: 'manual' })
    const landing = await fetch(consent.headers.get('location')!)
    expect(landing.status).toBe(200)
    expect(await exited).toBe(0)
    expect(stdout.trim()).toMatch(/^\d+$/)

    const { stdout: list } = await promisify(execFile)(
      process.execPath,
      [CLI, '--data-dir', dataDir, 'account', 'list', '--json'],
      { env: { ...process.env, ...env } }
    )
    expect(JSON.parse(list)).toMatchObject([
      { email: 'alice@example.test', auth: 'oauth2', oauthProvider: 'google' }
    ])
    expect(oauth.introspected).toContain(oauth.issued[0])
  })

  it('prints suggested settings with rapport account detect', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, '--data-dir', dataDir, 'account', 'detect', '--email', 'ana@outlook.com', '--json'],
      { env: { ...process.env, ...env } }
    )
    expect(JSON.parse(stdout)).toMatchObject({
      source: 'table',
      oauthProvider: 'microsoft',
      imap: { host: 'outlook.office365.com', port: 993, security: 'tls' }
    })
  })

  it('refuses an unknown --oauth provider as a usage error', async () => {
    const error = await promisify(execFile)(
      process.execPath,
      [CLI, '--data-dir', dataDir, 'account', 'add', '--oauth', 'yahoo', '--email', 'a@yahoo.com'],
      { env: { ...process.env, ...env } }
    ).catch((e: { code: number; stderr: string }) => e)
    expect(error).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--oauth must be google or microsoft')
    })
  })
})
