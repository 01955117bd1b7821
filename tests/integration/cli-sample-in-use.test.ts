// `rapport api workspace.openSample` beside a Rapport that has the sample workspace open (the app,
// web mode): the sample database is made afresh by deleting it, which would leave that one
// writing into a file no longer on disk. The command is refused instead, and the file stays.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
// No keychain for these runs, on any machine.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }

let dir = ''
let app: Core | null = null
afterEach(() => {
  app?.close()
  app = null
  rmSync(dir, { recursive: true, force: true })
})

/** The command's exit code and output, failed or not. */
async function rapport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--data-dir', dir, ...args], {
      env: { ...process.env, ...NO_KEYCHAIN }
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('rapport api workspace.openSample while another Rapport has the sample open', () => {
  it('is refused, saying so, and leaves the sample database the other one writes to', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-cli-sample-'))
    // The app (here, a core in this test's process) shows the sample workspace.
    app = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined })
    await coreCaller(app)('workspace.openSample', {})
    const file = join(dir, 'sample.sqlite')
    const before = statSync(file).ino

    const result = await rapport(['api', 'workspace.openSample'])

    expect(result.stderr).not.toMatch(/\n\s+at /)
    const response = JSON.parse(result.stdout) as { ok: boolean; error?: { code: string; message: string } }
    expect(response.ok).toBe(false)
    expect(response.error?.code).toBe('WORKSPACE_IN_USE')
    expect(response.error?.message).toMatch(/another Rapport process/)
    expect(result.code).toBe(1)
    // The same file, not one made in its place: what the app writes goes on being kept.
    expect(statSync(file).ino).toBe(before)
    const [account] = await coreCaller(app)('accounts.list', {})
    expect(account?.kind).toBe('sample')
  })
})
