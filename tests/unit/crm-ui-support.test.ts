import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { AdjustableClock, testClockFromEnv } from '../../src-main/core/testing/test-clock'
import { message } from './fixtures/workspace'

const HOUR = 3_600_000
const cores: Array<{ core: Core; dir: string }> = []
afterEach(() => {
  for (const { core, dir } of cores.splice(0)) {
    core.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

function start(testClock?: AdjustableClock): Core {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-clock-'))
  const core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined, testClock })
  cores.push({ core, dir })
  return core
}

async function call(core: Core, command: string, input: unknown): Promise<unknown> {
  const response = await core.dispatch(command, input)
  if (!response.ok) throw new Error(`${command}: ${response.error.code} ${response.error.message}`)
  return response.value
}

async function snoozedConversation(core: Core): Promise<string> {
  const account = (await call(core, 'accounts.add', {
    email: 'me@rapport.test',
    user: 'me',
    password: 'pw',
    imap: { host: 'imap.example.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.com', port: 465, security: 'tls' },
    skipVerify: true
  })) as { id: number }
  core.workspace.store.storeBatch(
    {
      accountId: account.id,
      threadingEnabled: true,
      ownAddresses: new Set(['me@rapport.test']),
      folder: null
    },
    [
      {
        uid: null,
        flags: [],
        parsed: message({ to: [{ name: '', address: 'me@rapport.test' }], date: Date.now() })
      }
    ]
  )
  const [row] = (await call(core, 'conversations.list', { inbox: 'all' })) as Array<{ id: string }>
  await call(core, 'conversations.snooze', { conversationId: row!.id, preset: '1h' })
  return row!.id
}

describe('the test-only clock (RAPPORT_TEST_CLOCK)', () => {
  it('is refused with FORBIDDEN when the core was not started in test mode', async () => {
    const response = await start().dispatch('testing.advanceClock', { ms: HOUR })
    expect(response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    if (!response.ok) expect(response.error.message).toMatch(/RAPPORT_TEST_CLOCK=1/)
  })

  it('is only created from RAPPORT_TEST_CLOCK=1, never from other values', () => {
    expect(testClockFromEnv({ RAPPORT_TEST_CLOCK: '1' })).toBeInstanceOf(AdjustableClock)
    expect(testClockFromEnv({})).toBeUndefined()
    expect(testClockFromEnv({ RAPPORT_TEST_CLOCK: 'true' })).toBeUndefined()
  })

  it('wakes a snooze that fell due when a test moves the clock past it', async () => {
    const core = start(new AdjustableClock())
    const id = await snoozedConversation(core)
    const early = (await call(core, 'testing.advanceClock', { ms: HOUR / 2 })) as { woken: number }
    expect(early.woken).toBe(0)
    const late = (await call(core, 'testing.advanceClock', { ms: HOUR })) as { woken: number }
    expect(late.woken).toBe(1)
    const summary = (await call(core, 'conversations.get', { conversationId: id })) as { status: string }
    expect(summary.status).toBe('open')
  })

  it('never moves time backwards', () => {
    const clock = new AdjustableClock()
    const before = clock.now()
    clock.advance(-HOUR)
    expect(clock.now()).toBeGreaterThanOrEqual(before)
  })
})

describe('conversations.ofThread', () => {
  it('finds the conversation of a thread (search opens threads), and says NOT_FOUND for a thread without one', async () => {
    const core = start()
    const id = await snoozedConversation(core)
    const [row] = (await call(core, 'conversations.list', { inbox: 'all' })) as Array<{ threadId: number }>
    const found = (await call(core, 'conversations.ofThread', { threadId: row!.threadId })) as { id: string }
    expect(found.id).toBe(id)
    const missing = await core.dispatch('conversations.ofThread', { threadId: 999_999 })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'threadId' } })
  })
})
