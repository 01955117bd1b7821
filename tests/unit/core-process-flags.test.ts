import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { coreProcessExecArgv } from '../../src-main/core/host/core-process-flags'

// V8 renames and drops flags between releases; node refuses a process it does not understand
// ("bad option"), which in the app would be a core that never starts.
describe('the core process flags', () => {
  it.each([2, 8])('are accepted by this runtime, parse workers included (%i cores)', (cores) => {
    const script = `const { Worker } = require('node:worker_threads')
      new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true })
        .once('message', (n) => { process.stdout.write('worker ' + n); process.exit(0) })`
    const run = spawnSync(process.execPath, [...coreProcessExecArgv(cores), '-e', script], {
      encoding: 'utf8'
    })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('worker 1')
    expect(run.status).toBe(0)
  })
  it('collect garbage on the core thread alone only where cores are scarce', () => {
    expect(coreProcessExecArgv(2)).toContain('--single-threaded-gc')
    expect(coreProcessExecArgv(8)).not.toContain('--single-threaded-gc')
    expect(coreProcessExecArgv(8)).toContain('--heap-growing-percent=50')
  })
})
