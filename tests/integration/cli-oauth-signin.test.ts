import { execFile, spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'
import { appendMessages } from '../support/dovecot'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import { playBrowser, startOAuthMailServers, type OAuthMailServers } from '../support/oauth-mail-servers'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'

// `rapport account signin --account ID` for real: a Google mailbox paused in "sign in again" (its
// access revoked), or disconnected and kept as an archive, signs in again from the built CLI (the
// test plays the browser), is active again and syncs, with the mail it had. A password mailbox or
// an unknown id is refused before any sign-in starts. The mailbox is reached through a loopback
// proxy (passing everything through unless a test cuts it), so a pass after the sign-in can fail.

const CLI = resolve('bin/rapport.js')
let servers: OAuthMailServers
let oauth: FakeOAuthServer
let proxy: TcpProxy
let fixture: CoreFixture
let dataDir: string
let env: NodeJS.ProcessEnv
let accountId = 0
let coreOpen = false

const mail = (id: string, subject: string) =>
  `From: Bea <bea@client.example>\r\nTo: alice@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.example>\r\n\r\nHello\r\n`

const deliver = (id: string, subject: string) =>
  appendMessages(servers.dovecot, 'alice', 'alice-pw', 'INBOX', [mail(id, subject)])

type Run = { code: number; stdout: string; stderr: string }

/** A CLI command that ends by itself. */
async function rapport(...args: string[]): Promise<Run> {
  return promisify(execFile)(process.execPath, [CLI, '--data-dir', dataDir, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr
    })
  )
}

/** `account signin`, with the test as the browser: it opens the address the CLI prints. */
async function signInFromCli(id: number, ...options: string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    [CLI, '--data-dir', dataDir, 'account', 'signin', '--account', String(id), ...options],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stderr })
    lines.on('line', (line) => {
      stderr += `${line}\n`
      if (line.startsWith(oauth.authorizationUrl)) resolveUrl(line.trim())
    })
    void exited.then((code) =>
      reject(new Error(`the CLI exited (${code}) before printing the address:\n${stderr}`))
    )
  })
  expect(new URL(url).searchParams.get('login_hint')).toBe('alice@example.test')
  expect((await playBrowser(url)).status).toBe(200)
  const code = await exited
  return { code, stdout, stderr }
}

const accountNow = async () => {
  const { stdout } = await rapport('account', 'list', '--json')
  return (JSON.parse(stdout) as Array<{ id: number; state: string; stateReason: string | null }>).find(
    (a) => a.id === accountId
  )!
}

const subjects = async () => {
  const { stdout } = await rapport('messages', 'list', '--account', String(accountId), '--json')
  return (JSON.parse(stdout) as Array<{ subject: string }>).map((m) => m.subject).sort()
}

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npx electron-vite build" (npm test does it).')
  servers = await startOAuthMailServers()
  oauth = servers.oauth
  proxy = await startTcpProxy({ host: servers.dovecot.host, port: servers.dovecot.imapPort })
  env = {
    ...process.env,
    RAPPORT_GOOGLE_CLIENT_ID: oauth.clientId,
    RAPPORT_GOOGLE_AUTHORIZATION_URL: oauth.authorizationUrl,
    RAPPORT_GOOGLE_TOKEN_URL: oauth.tokenUrl,
    BOB_PW: 'bob-pw'
  }
  // The mailbox is added and paused by a core in this process (the app, say); the CLI then signs
  // it in again on the same data directory.
  fixture = new CoreFixture({
    oauth: {
      clients: { google: { clientId: oauth.clientId } },
      endpoints: { google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } }
    }
  })
  dataDir = fixture.dataDir
  coreOpen = true
  await deliver('q1', 'Quote')
  const { flowId, authorizationUrl } = await fixture.call('accounts.oauthStart', {
    email: 'alice@example.test',
    provider: 'google'
  })
  await playBrowser(authorizationUrl)
  const account = await fixture.call('accounts.oauthFinish', {
    flowId,
    imap: { host: proxy.host, port: proxy.port, security: 'none' },
    smtp: { host: servers.relay.host, port: servers.relay.port, security: 'none' }
  })
  accountId = account.id
  await fixture.call('sync.run', { accountId })
}, 60_000)

afterAll(async () => {
  if (coreOpen) fixture.core.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await proxy?.close()
  await servers?.stop()
})

describe('rapport account signin', () => {
  it('signs a mailbox paused by a revoked token in again in the browser, and syncs it', async () => {
    oauth.revokeUser('alice')
    // The pass's login is refused, and so is the renewal it then tries: the account pauses.
    await fixture.core.dispatch('sync.run', { accountId })
    expect(fixture.core.workspace.accounts.get(accountId).state).toBe('needs-signin')
    fixture.core.close()
    coreOpen = false
    await deliver('q2', 'While paused')

    const run = await signInFromCli(accountId)
    expect(run).toMatchObject({ code: 0, stdout: 'alice@example.test is signed in again\n' })
    expect(run.stderr).toContain(`account ${accountId}: 1 new messages`)
    expect(await accountNow()).toMatchObject({ state: 'active', stateReason: null })
    expect(await subjects()).toEqual(['Quote', 'While paused'])
  })

  it('reconnects a mailbox kept as an archive, with its mail, and takes in what came meanwhile', async () => {
    const archived = await rapport(
      'api',
      'accounts.disconnect',
      JSON.stringify({ accountId, mode: 'archive' })
    )
    expect(archived.code).toBe(0)
    expect((await accountNow()).state).toBe('archived')
    await deliver('q3', 'While archived')

    const run = await signInFromCli(accountId)
    expect(run.code).toBe(0)
    expect(await accountNow()).toMatchObject({ state: 'active', stateReason: null })
    expect(await subjects()).toEqual(['Quote', 'While archived', 'While paused'])
  })

  it('says with --json that the sign-in worked and the pass after it failed, and why, exiting 1', async () => {
    await deliver('q4', 'Cut short')
    // The pass loses its connection as the new message comes in.
    const cut = proxy.cutMidFetch(40)

    const run = await signInFromCli(accountId, '--json')
    await cut
    expect(run.code).toBe(1)
    const answer = JSON.parse(run.stdout) as {
      account: { id: number; state: string }
      sync: unknown
      syncError: { code: string; message: string }
    }
    expect(answer).toMatchObject({
      account: { id: accountId, state: 'active' },
      sync: null,
      syncError: { code: 'HOST_UNREACHABLE' }
    })
    expect(answer.syncError.message).not.toBe('')
    expect(run.stderr).toContain('error HOST_UNREACHABLE:')
    // Signed in all the same (the app's next pass takes the message in: the tokens of this run
    // are not kept here, where there is no keychain).
    expect(await accountNow()).toMatchObject({ state: 'active', stateReason: null })
  })

  it('points a password mailbox to account servers, and refuses an unknown id, before any sign-in', async () => {
    const added = await rapport(
      'account', 'add', '--email', 'bob@example.test', '--user', 'bob', '--password-env', 'BOB_PW',
      '--imap-host', '127.0.0.1', '--imap-port', '1', '--imap-security', 'none',
      '--smtp-host', '127.0.0.1', '--smtp-port', '1', '--smtp-security', 'none', '--skip-verify'
    ) // prettier-ignore
    expect(added.code).toBe(0)
    const bob = Number(added.stdout.trim())
    const codes = oauth.grants.length

    const password = await rapport('account', 'signin', '--account', String(bob))
    expect(password.code).toBe(2)
    expect(password.stderr).toContain(`rapport account servers --account ${bob} --password-env VAR`)
    expect(password.stderr).not.toContain(oauth.authorizationUrl)

    const unknown = await rapport('account', 'signin', '--account', '99')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('There is no account 99')
    expect(unknown.stderr).not.toContain(oauth.authorizationUrl)
    expect(oauth.grants).toHaveLength(codes)
  })

  it('is listed by --help', async () => {
    const { stdout } = await rapport('--help')
    expect(stdout).toContain('account signin --account ID')
  })
})
