// The data directory and attachment cache are made with makeFolder, Rapport's own `mkdir -p`:
// where it cannot make a folder it says why at once, where Node's recursive mkdir can spin forever
// (a folder under /proc: tested with a time limit in tests/integration/cli-input.test.ts).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeFolder } from '../../src-main/core/db/private-files'

let base: string
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'rapport-make-folder-'))
})
afterEach(() => rmSync(base, { recursive: true, force: true }))

describe('makeFolder', () => {
  it('makes every missing folder with the mode, and leaves one already there as it is', () => {
    const dir = join(base, 'a', 'b', 'c')
    makeFolder(dir, 0o700)
    expect(statSync(join(base, 'a')).mode & 0o777).toBe(0o700)
    expect(statSync(dir).isDirectory()).toBe(true)
    mkdirSync(join(base, 'open'), { mode: 0o755 })
    makeFolder(join(base, 'open'), 0o700)
    expect(statSync(join(base, 'open')).mode & 0o777).toBe(0o755)
  })

  it('refuses a file or a broken link where a folder should be', () => {
    writeFileSync(join(base, 'file'), '')
    expect(() => makeFolder(join(base, 'file'), 0o700)).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(() => makeFolder(join(base, 'file', 'x'), 0o700)).toThrow(
      expect.objectContaining({ code: 'ENOTDIR' })
    )
    symlinkSync(join(base, 'gone'), join(base, 'link'))
    expect(() => makeFolder(join(base, 'link', 'x'), 0o700)).toThrow(
      expect.objectContaining({ code: 'EEXIST' })
    )
    expect(existsSync(join(base, 'gone'))).toBe(false)
  })
})
