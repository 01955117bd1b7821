// RAPPORT_REPORT_RESOURCES=1, as the sync benchmark runs the CLI: the peak RSS it reports is the
// command's own, however large the process that started it.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { outPath } from '../support/build-output'

const run = promisify(execFile)
const CLI = resolve('bin/rapport.js')
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-resources-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('rapport resource report', () => {
  it("reports the command's own peak RSS, not that of the larger process that started it", async () => {
    if (!existsSync(outPath('main/cli.js')))
      throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
    // 600 MB written, so resident in this process when it starts the command (Linux's getrusage
    // carries a parent's peak across exec into the child's maxRSS).
    const ballast = Buffer.alloc(600 * 1024 * 1024, 1)
    const { stderr } = await run(process.execPath, [CLI, '--data-dir', dataDir, 'api', '--list'], {
      env: { ...process.env, RAPPORT_REPORT_RESOURCES: '1' }
    })
    expect(ballast[ballast.length - 1]).toBe(1)
    const report = JSON.parse(/rapport-resources (\{.*\})/.exec(stderr)?.[1] ?? 'null') as {
      maxRssMb: number
    } | null
    // Listing the commands takes well under 300 MB; the ballast alone is 600.
    expect(report?.maxRssMb).toBeLessThan(300)
  })
})
