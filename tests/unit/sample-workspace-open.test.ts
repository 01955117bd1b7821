// Opening the sample workspace (again): it is made afresh each time. One that cannot be made says
// where and what to do, and leaves the core on the real workspace, working, never on a sample
// it has already closed.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'

const tempCore = tempCores('rapport-sample-open-')
let dir = ''

function newCore() {
  const made = tempCore()
  dir = made.dir
  return made.core
}

describe('opening the sample workspace', () => {
  it('opens it again in the same process (its own open sample is not "another process")', async () => {
    const core = newCore()
    const call = coreCaller(core)
    await call('workspace.openSample', {})
    await call('workspace.openMain', {})
    await call('workspace.openSample', {})
    const [account] = await call('accounts.list', {})
    expect(account?.kind).toBe('sample')
  })

  it('that fails while the sample is shown says what to do and goes back to the real workspace', async () => {
    const core = newCore()
    const call = coreCaller(core)
    await call('workspace.openSample', {})
    const switched: string[] = []
    core.events.subscribe((name, payload) => {
      if (name === 'workspace.switched') switched.push((payload as { workspace: string }).workspace)
    })
    // Something in the way of the sample's files (as root, no permission can stand in for it).
    const shm = join(dir, 'sample.sqlite-shm')
    rmSync(shm, { force: true })
    mkdirSync(shm)

    const response = await core.dispatch('workspace.openSample', {})

    expect(response.ok).toBe(false)
    if (response.ok) return
    expect(response.error.message).toContain(join(dir, 'sample.sqlite'))
    expect(response.error.message).toMatch(/folder you can write to/)
    // Not left on the sample it closed: every command would fail with "database connection is not open".
    expect(core.workspaceName).toBe('main')
    expect(switched).toEqual(['main'])
    expect(await call('accounts.list', {})).toEqual([])

    rmSync(shm, { recursive: true })
    await call('workspace.openSample', {})
    expect((await call('accounts.list', {}))[0]?.kind).toBe('sample')
  })
})
