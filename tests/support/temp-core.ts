// A Core on a fresh temporary data directory, for unit tests that go through the contract: each
// test gets its own, closed and removed after it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { Core, type CoreOptions } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

/** Call at the top of a test file; the function it returns makes the test's core. */
export function tempCores(prefix: string): (options?: Partial<CoreOptions>) => { core: Core; dir: string } {
  let core: Core | null = null
  let dir = ''
  afterEach(() => {
    core?.close()
    core = null
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = ''
  })
  return (options = {}) => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined, ...options })
    return { core, dir }
  }
}
