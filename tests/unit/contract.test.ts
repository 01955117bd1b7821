import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { commandNames, commands, type CoreFrame, type RequestFrame } from '../../src-preload/contract'
import { buildRapportApi, FrameClient } from '../../src-preload/rapport-api'
import { dispatch } from '../../src-main/core/api/dispatcher'
import type { Handlers } from '../../src-main/core/api/handlers'
import { Core } from '../../src-main/core/core'
import { CoreError } from '../../src-main/core/errors'
import { serveFrames } from '../../src-main/core/host/frame-server'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

const dirs: string[] = []
function core(): Core {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-unit-'))
  dirs.push(dir)
  return new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined })
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const validAccount = {
  email: 'sam@example.com',
  user: 'sam',
  password: 'pw',
  imap: { host: 'imap.example.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.example.com', port: 465, security: 'tls' }
}

describe('contract validation', () => {
  it('rejects input that does not match the schema, naming the field', async () => {
    const response = await core().dispatch('accounts.add', { ...validAccount, email: 'not-an-email' })
    expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'email' } })
  })

  it('rejects unknown keys, so a typo is not silently ignored', async () => {
    const response = await core().dispatch('threads.list', { limt: 5 })
    expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('rejects a date that is not one, naming the field: a paging cursor would start over', async () => {
    const c = core()
    const threads = await c.dispatch('threads.list', { after: { lastMessageAt: 'yesterday-ish', id: 1 } })
    expect(threads).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'after.lastMessageAt' }
    })
    const snooze = await c.dispatch('conversations.snooze', {
      conversationId: '0b7e2c4a-9d1f-4c3e-8a5b-2f6d7e8c9a10',
      until: 'soon'
    })
    expect(snooze).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'until' } })
  })

  it('rejects out-of-range ports and unknown security modes', async () => {
    const c = core()
    expect(
      await c.dispatch('accounts.add', { ...validAccount, imap: { ...validAccount.imap, port: 70000 } })
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'imap.port' }
    })
    expect(
      await c.dispatch('accounts.add', { ...validAccount, smtp: { ...validAccount.smtp, security: 'ssl' } })
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'smtp.security' }
    })
  })

  it('answers an unknown command with UNKNOWN_COMMAND', async () => {
    expect(await core().dispatch('accounts.drop', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' }
    })
  })

  it('turns a CoreError into its code and an unexpected exception into INTERNAL, never a throw', async () => {
    const handlers = {
      'app.info': () => {
        throw new CoreError('NOT_FOUND', 'gone', 'id')
      },
      'accounts.list': () => {
        throw new Error('boom')
      }
    } as unknown as Handlers
    const logged: string[] = []
    expect(await dispatch(handlers, 'app.info', {}, (m) => logged.push(m))).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone', field: 'id' }
    })
    const internal = await dispatch(handlers, 'accounts.list', {}, (m) => logged.push(m))
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(logged[0]).toMatch(/boom/)
  })

  it('refuses an unencrypted connection to a remote host before any network use', async () => {
    const response = await core().dispatch('accounts.add', {
      ...validAccount,
      imap: { host: 'imap.example.com', port: 143, security: 'none' }
    })
    expect(response).toMatchObject({
      ok: false,
      error: { code: 'INSECURE_NOT_ALLOWED', field: 'imap.security' }
    })
  })

  it('has a handler whose output matches the schema for every query command', async () => {
    const c = core()
    c.switchWorkspace('sample')
    const threads = await c.dispatch('threads.list', {})
    expect(threads.ok).toBe(true)
    expect(commands['threads.list'].output.safeParse(threads.ok && threads.value).success).toBe(true)
    const first = (threads.ok ? (threads.value as Array<{ id: number }>) : [])[0]!
    const thread = await c.dispatch('threads.get', { threadId: first.id })
    expect(commands['threads.get'].output.safeParse(thread.ok && thread.value).success).toBe(true)
    for (const name of [
      'app.info',
      'accounts.list',
      'folders.list',
      'messages.list',
      'sync.status',
      'sync.unstored'
    ] as const) {
      const response = await c.dispatch(name, {})
      expect(response.ok, name).toBe(true)
      expect(commands[name].output.safeParse(response.ok && response.value).success, name).toBe(true)
    }
  })
})

describe('frames and the typed api', () => {
  it('exposes one named function per command, grouped by domain', () => {
    const api = buildRapportApi(new FrameClient(() => undefined)) as unknown as Record<
      string,
      Record<string, unknown>
    >
    for (const name of commandNames) {
      const [domain, verb] = name.split('.') as [string, string]
      expect(typeof api[domain]![verb]).toBe('function')
    }
  })

  it('round-trips requests, responses and events between a client and the core', async () => {
    const c = core()
    let client: FrameClient | null = null
    const server = serveFrames(c, (frame: CoreFrame) => client!.handleFrame(structuredClone(frame)))
    client = new FrameClient((frame: RequestFrame) => server.handle(structuredClone(frame)))
    const api = buildRapportApi(client)
    const switched: string[] = []
    const off = api.on('workspace.switched', (p) => switched.push(p.workspace))
    expect(await api.workspace.openSample()).toEqual({ ok: true, value: { workspace: 'sample' } })
    expect(switched).toEqual(['sample'])
    off()
    const threads = await api.threads.list({ limit: 3 })
    expect(threads.ok && threads.value.length).toBe(3)
    server.dispose()
  })

  it('fails pending requests when the connection is lost', async () => {
    const client = new FrameClient(() => undefined)
    const pending = client.request('app.info', {})
    client.failPending('connection lost')
    expect(await pending).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'connection lost' } })
  })
})
