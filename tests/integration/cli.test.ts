import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { outPath } from '../support/build-output'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { refuseToStore } from '../support/poison-message'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { startTcpProxy } from '../support/tcp-proxy'
import { addAliceArgs } from './fixtures/cli-account'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
const MAILBOX_SIZE = 300
const PASSWORD_VAR = 'RAPPORT_TEST_PASSWORD'

let server: DovecotServer
let relay: SmtpRelay
let dataDir: string

function rapport(args: string[], env: Record<string, string> = {}, dir = dataDir) {
  return run(process.execPath, [CLI, '--data-dir', dir, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024
  })
}

async function failure(args: string[], env: Record<string, string> = {}) {
  try {
    await rapport(args, env)
  } catch (error) {
    return error as { code: number; stderr: string; stdout: string }
  }
  throw new Error(`rapport ${args.join(' ')} was expected to fail`)
}

beforeAll(async () => {
  if (!existsSync(outPath('main/cli.js')))
    throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
  // Folder rights, so one test can keep Sent from taking a copy.
  server = await startDovecot({ acl: true })
  relay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: server.users,
    reject: (rcpt) =>
      rcpt.startsWith('nobody@')
        ? '5.1.1 No such user here'
        : rcpt.startsWith('greylisted@')
          ? { code: 451, message: '4.7.1 Greylisted, try again later' }
          : null
  })
  const alice = server.users[0]!
  const corpus = await generateCorpus({ seed: 300, count: MAILBOX_SIZE, selfAddress: 'alice@example.test' })
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'INBOX',
    corpus.map((m) => m.raw)
  )
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-'))
})

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await relay?.stop()
  await server?.stop()
})

describe('rapport CLI', () => {
  const password = () => ({ [PASSWORD_VAR]: server.users[0]!.password })
  const accountArgs = () => [
    ...addAliceArgs(server, { user: 'alice', smtpPort: relay.port }),
    '--import-limit',
    'all'
  ]

  it('refuses to take a password from anywhere but an environment variable', async () => {
    const error = await failure(accountArgs())
    expect(error.code).toBe(2)
    expect(error.stderr).toMatch(/--password-env/)
  })

  it('reports a wrong password with its code and a non-zero exit', async () => {
    const error = await failure([...accountArgs(), '--password-env', PASSWORD_VAR], {
      [PASSWORD_VAR]: 'wrong'
    })
    expect(error.code).toBe(1)
    expect(error.stderr).toMatch(/^error AUTH_FAILED: /)
  })

  it('adds an account and prints its id, keeping the password out of the data directory', async () => {
    const { stdout } = await rapport([...accountArgs(), '--password-env', PASSWORD_VAR], password())
    expect(stdout.trim()).toMatch(/^\d+$/)
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, file)).includes(server.users[0]!.password)).toBe(false)
    }
  })

  it('imports the whole 300-message mailbox, with progress on stderr, and lists every message', async () => {
    const { stderr } = await rapport(['sync', '--password-env', PASSWORD_VAR], password())
    expect(stderr).toMatch(new RegExp(`INBOX: ${MAILBOX_SIZE}/${MAILBOX_SIZE}`))
    // The whole mailbox's figure after each folder's, complete at the last folder.
    expect(stderr).toMatch(/^INBOX: \d+\/\d+ \(all folders: \d+\/\d+, folder 1 of \d+\)$/m)
    expect(stderr).toMatch(
      new RegExp(`\\(all folders: ${MAILBOX_SIZE}/${MAILBOX_SIZE}, folder (\\d+) of \\1\\)$`, 'm')
    )
    const { stdout } = await rapport(['messages', 'list', '--json', '--limit', '100000'])
    const messages = JSON.parse(stdout) as Array<Record<string, unknown>>
    expect(messages).toHaveLength(MAILBOX_SIZE)
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(MAILBOX_SIZE)
    for (const key of ['id', 'messageId', 'folder', 'uid', 'subject', 'from', 'date', 'flags', 'threadId']) {
      expect(messages[0]).toHaveProperty(key)
    }
  })

  it('has no duplicates after a second sync', async () => {
    await rapport(['sync', '--password-env', PASSWORD_VAR], password())
    const { stdout } = await rapport(['messages', 'list', '--folder', 'INBOX', '--json', '--limit', '100000'])
    const messages = JSON.parse(stdout) as Array<{ messageId: string }>
    expect(messages).toHaveLength(MAILBOX_SIZE)
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(MAILBOX_SIZE)
  })

  it('lists folders and threads as JSON, threads newest first', async () => {
    const folders = JSON.parse((await rapport(['folders', 'list', '--json'])).stdout) as Array<{
      path: string
      specialUse: string | null
      messageCount: number
    }>
    expect(folders.find((f) => f.path === 'INBOX')).toMatchObject({
      specialUse: '\\Inbox',
      messageCount: MAILBOX_SIZE
    })
    expect(folders.find((f) => f.specialUse === '\\Sent')).toBeDefined()
    const threads = JSON.parse(
      (await rapport(['threads', 'list', '--limit', '20', '--json'])).stdout
    ) as Array<{ id: number; subject: string; messageCount: number; lastMessageAt: string }>
    expect(threads).toHaveLength(20)
    const times = threads.map((t) => Date.parse(t.lastMessageAt))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('sends a reply that lands in the server Sent folder', async () => {
    const [parent] = JSON.parse(
      (await rapport(['messages', 'list', '--json', '--limit', '1'])).stdout
    ) as Array<{ messageId: string; subject: string; from: { address: string } }>
    const body = join(dataDir, 'reply.txt')
    writeFileSync(body, 'Terima kasih, kami setuju.\n')
    const { stdout } = await rapport(
      [
        'send',
        '--account',
        '1',
        '--to',
        'bob@example.test',
        '--subject',
        `Re: ${parent!.subject}`,
        '--body-file',
        body,
        '--in-reply-to',
        parent!.messageId,
        '--password-env',
        PASSWORD_VAR
      ],
      password()
    )
    const messageId = stdout.trim()
    expect(messageId).toMatch(/^<.+@example\.test>$/)
    expect(await countByMessageId(server, server.users[0]!, 'Sent', messageId)).toBe(1)
    const sentLocally = JSON.parse(
      (await rapport(['messages', 'list', '--folder', 'Sent', '--json'])).stdout
    ) as Array<{ messageId: string; threadId: number }>
    const parentThread = (
      JSON.parse((await rapport(['messages', 'list', '--json', '--limit', '100000'])).stdout) as Array<{
        messageId: string
        threadId: number
      }>
    ).find((m) => m.messageId === parent!.messageId)!.threadId
    expect(sentLocally.find((m) => m.messageId === messageId)?.threadId).toBe(parentThread)
  })

  /** `rapport send` from account 1 to these addresses, with this text as the body file. */
  const send = (subject: string, text: string, to: string[]) => {
    const body = join(dataDir, 'body.txt')
    writeFileSync(body, text)
    const args = ['send', '--account', '1', ...to.flatMap((address) => ['--to', address])]
    return rapport(
      [...args, '--subject', subject, '--body-file', body, '--password-env', PASSWORD_VAR],
      password()
    )
  }

  /** A send that went out but not all of it: rapport exits 3, with the Message-ID on stdout. */
  const sentInPart = (sending: Promise<{ stdout: string; stderr: string }>) =>
    sending.then(
      () => ({ code: 0, stdout: '', stderr: 'exited 0' }),
      (error: { code: number; stdout: string; stderr: string }) => error
    )

  it('says on stderr who a sent message did not reach, keeping the Message-ID alone on stdout', async () => {
    const { code, stdout, stderr } = await sentInPart(
      send('Price list', 'Harga terlampir.\n', ['bob@example.test', 'nobody@example.test'])
    )
    expect(code).toBe(3)
    expect(stdout.trim()).toMatch(/^<.+@example\.test>$/)
    expect(stderr).toContain(
      'Not sent to nobody@example.test (failed: rapport api outbox.list shows it, outbox.retry sends it again): nobody@example.test: 550 5.1.1 No such user here'
    )
  })

  it('tells a message refused for now (SEND_DEFERRED) from one refused for good (SEND_FAILED), with the server’s words', async () => {
    const deferred = await sentInPart(send('Greylisted', 'Nanti.\n', ['greylisted@example.test']))
    expect(deferred.code).toBe(1)
    expect(deferred.stderr).toMatch(/^error SEND_DEFERRED: .*451 4\.7\.1 Greylisted.*tries again on its own/m)
    const refused = await sentInPart(send('Refused', 'Tidak ada.\n', ['nobody@example.test']))
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^error SEND_FAILED: .*550 5\.1\.1 No such user here/m)
  })

  it('says on stderr that a sent message has no copy in Sent when the server refuses one', async () => {
    const alice = server.users[0]!
    await server.setFolderRights(alice.user, 'Sent', 'lrs')
    try {
      const { code, stdout, stderr } = await sentInPart(
        send('See you', 'Sampai jumpa.\n', ['bob@example.test'])
      )
      expect(code).toBe(3)
      expect(stdout.trim()).toMatch(/^<.+@example\.test>$/)
      expect(stderr).toMatch(
        /^Sent, but the server did not keep a copy in the Sent folder: Permission denied.* \(rapport api outbox\.list shows it, outbox\.retry saves the copy again\)$/m
      )
      expect(await countByMessageId(server, alice, 'Sent', stdout.trim())).toBe(0)
    } finally {
      await server.setFolderRights(alice.user, 'Sent', 'lrswipkxtea')
    }
  })

  it('syncs older mail with "backfill --folder" to the end before it exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-backfill-'))
    try {
      const args = accountArgs().map((a) => (a === 'all' ? '40' : a))
      await rapport([...args, '--password-env', PASSWORD_VAR], password(), dir)
      await rapport(['sync', '--password-env', PASSWORD_VAR], password(), dir)
      const count = async () =>
        (
          JSON.parse(
            (await rapport(['messages', 'list', '--folder', 'INBOX', '--json', '--limit', '100000'], {}, dir))
              .stdout
          ) as unknown[]
        ).length
      expect(await count()).toBe(40)
      const folders = JSON.parse((await rapport(['folders', 'list', '--json'], {}, dir)).stdout) as Array<{
        id: number
        path: string
      }>
      const inbox = folders.find((f) => f.path === 'INBOX')!
      const { stdout, stderr } = await rapport(
        ['backfill', '--folder', String(inbox.id), '--password-env', PASSWORD_VAR],
        password(),
        dir
      )
      expect(stdout.trim()).toBe(`INBOX: ${MAILBOX_SIZE} of ${MAILBOX_SIZE} messages, done`)
      // Before a batch has counted the server's mail there is no "of": "40 of 40" would say done.
      expect(stderr).toMatch(/^INBOX: 40 messages$/m)
      expect(stderr).toMatch(/INBOX: \d+ of 300 messages/)
      expect(await count()).toBe(MAILBOX_SIZE)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('saves an OAuth client with its secret read from an environment variable, never argv or SQLite', async () => {
    const secret = 'GOCSPX-cli-test-secret'
    const info = JSON.parse((await rapport(['api', 'app.info'])).stdout) as { value: { secretStore: string } }
    const hasKeychain = info.value.secretStore !== 'memory'
    const args = ['oauth', 'set-client', '--provider', 'google', '--client-id', '123.apps.example']
    const withSecret = [...args, '--secret-env', 'CLIENT_SECRET', '--json']
    if (hasKeychain) {
      const set = await rapport(withSecret, { CLIENT_SECRET: secret })
      expect(JSON.parse(set.stdout)).toMatchObject({ hasSecret: true, secretLost: false, source: 'settings' })
      expect(set.stdout + set.stderr).not.toContain(secret)
    } else {
      // It would vanish when the process exits: refused, with what to do instead, and nothing saved.
      const refused = await failure(withSecret, { CLIENT_SECRET: secret })
      expect(refused.stderr).toMatch(/no system keychain.*RAPPORT_GOOGLE_CLIENT_SECRET/)
      expect(refused.stdout + refused.stderr).not.toContain(secret)
      expect(JSON.parse((await rapport(['oauth', 'clients', '--json'])).stdout)).toContainEqual(
        expect.objectContaining({ provider: 'google', clientId: null })
      )
      // The id alone is kept in the workspace, keychain or not.
      await rapport([...args, '--json'])
    }
    const clients = JSON.parse((await rapport(['oauth', 'clients', '--json'])).stdout) as unknown[]
    expect(clients).toContainEqual({
      provider: 'google',
      clientId: '123.apps.example',
      hasSecret: hasKeychain,
      secretLost: false,
      source: 'settings'
    })
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('rapport')))
      expect(readFileSync(join(dataDir, file)).includes(secret)).toBe(false)
    const unset = await failure([...args, '--secret-env', 'NOT_SET_ANYWHERE'])
    expect(unset.stderr).toContain('NOT_SET_ANYWHERE (from --secret-env) is empty or not set')
    // Clearing the client deletes a secret a keychain kept.
    await rapport(['api', 'oauth.setClient', '{"provider":"google","clientId":null}'])
  })

  it('lists every contract command and calls any of them with JSON input', async () => {
    const names = (await rapport(['api', '--list'])).stdout.trim().split('\n')
    expect(names).toEqual(
      expect.arrayContaining([
        'accounts.add',
        'sync.run',
        'threads.list',
        'messages.send',
        'workspace.openSample'
      ])
    )
    const response = JSON.parse((await rapport(['api', 'threads.list', '{"limit":2}'])).stdout) as {
      ok: boolean
      value: unknown[]
    }
    expect(response.ok).toBe(true)
    expect(response.value).toHaveLength(2)
    const bad = await failure(['api', 'threads.list', '{"limit":"two"}'])
    expect(JSON.parse(bad.stdout)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'limit' }
    })
  })

  it('changes the IMAP port with "account servers", keeping the rest; a new host needs --password-env', async () => {
    const newHost = await failure(['account', 'servers', '--account', '1', '--imap-host', 'localhost'])
    expect(newHost.code).toBe(1)
    expect(newHost.stderr).toMatch(/^error INVALID_INPUT: Type the password/)
    const proxy = await startTcpProxy({ host: server.host, port: server.imapPort })
    try {
      const { stdout } = await rapport(
        [
          'account',
          'servers',
          '--account',
          '1',
          '--imap-port',
          String(proxy.port),
          '--password-env',
          PASSWORD_VAR,
          '--json'
        ],
        password()
      )
      expect(JSON.parse(stdout)).toMatchObject({
        user: 'alice',
        imap: { host: server.host, port: proxy.port, security: 'none' },
        smtp: { host: server.host, port: relay.port, security: 'none' }
      })
      const before = proxy.accepted
      await rapport(['sync', '--password-env', PASSWORD_VAR], password())
      expect(proxy.accepted).toBeGreaterThan(before)
      // The same server at another address: nothing is stored twice.
      const { stdout: listed } = await rapport([
        'messages',
        'list',
        '--folder',
        'INBOX',
        '--json',
        '--limit',
        '100000'
      ])
      const ids = (JSON.parse(listed) as Array<{ messageId: string }>).map((m) => m.messageId)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBeGreaterThanOrEqual(MAILBOX_SIZE)
    } finally {
      // Back to the server's own port for the test below.
      await rapport(
        [
          'account',
          'servers',
          '--account',
          '1',
          '--imap-port',
          String(server.imapPort),
          '--password-env',
          PASSWORD_VAR
        ],
        password()
      )
      await proxy.close()
    }
  })

  // Last: it adds mail to the INBOX the tests above count.
  it('says on stderr which message a sync could not store, and why, until a sync stores it', async () => {
    const alice = server.users[0]!
    const poison = `From: Carol <carol@client.test>\r\nTo: alice@example.test\r\nSubject: Contract draft v3\r\nMessage-ID: <poison@client.test>\r\n\r\nHello.\r\n`
    await appendMessages(server, alice.user, alice.password, 'INBOX', [Buffer.from(poison)])
    const lift = refuseToStore(dataDir, '<poison@client.test>')
    const first = await rapport(['sync', '--password-env', PASSWORD_VAR], password())
    expect(first.stderr).toContain(
      '1 message could not be stored; each sync tries again:\n  INBOX: "Contract draft v3" from Carol: cannot store this one\n'
    )
    lift()
    const second = await rapport(['sync', '--password-env', PASSWORD_VAR], password())
    expect(second.stderr).not.toContain('could not be stored')
    const { stdout } = await rapport(['messages', 'list', '--folder', 'INBOX', '--json', '--limit', '100000'])
    expect((JSON.parse(stdout) as Array<{ subject: string }>).map((m) => m.subject)).toContain(
      'Contract draft v3'
    )
  })
})
