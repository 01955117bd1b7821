#!/usr/bin/env node
// `npm run bench [suite] [--sizes 10000,100000]`: builds the app and the benchmark bundle, then runs it.
// Suites: sync (default), inbox, search. Figures go to stdout; progress to stderr.
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const step = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
step(npx, ['electron-vite', 'build', '--logLevel', 'warn'])
step(npx, ['vite', 'build', '--config', 'bench/vite.config.ts'])
// RAPPORT_OUT_DIR: build and run from another folder, as electron.vite.config.ts does.
const outDir = resolve(root, process.env.RAPPORT_OUT_DIR ?? 'out')
const run = spawnSync(process.execPath, [join(outDir, 'bench/bench.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}:/usr/sbin:/sbin` }
})
process.exit(run.status ?? 1)
