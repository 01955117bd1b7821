import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { CORE_PROCESS_EXEC_ARGV } from '../../src-main/core/host/core-process-flags'

// V8 renames and drops flags between releases; node refuses a process it does not understand
// ("bad option"), which in the app would be a core that never starts.
describe('the core process flags', () => {
  it('are accepted by this runtime, parse workers included', () => {
    const script = `const { Worker } = require('node:worker_threads')
      new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true })
        .once('message', (n) => { process.stdout.write('worker ' + n); process.exit(0) })`
    const run = spawnSync(process.execPath, [...CORE_PROCESS_EXEC_ARGV, '-e', script], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('worker 1')
    expect(run.status).toBe(0)
  })
})
