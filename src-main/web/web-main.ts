// `npm run web`: the core in-process, the built renderer on http://127.0.0.1, the contract over
// a WebSocket. Usage: node out/main/web.js [--data-dir DIR] [--port N] [--host ADDR]
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createNodeCore, resolveDataDir } from '../core/host/node-core'
import { searchIndexHoldFromEnv } from '../core/testing/search-index-hold'
import { TEST_CLOCK_ENV, testClockFromEnv } from '../core/testing/test-clock'
import { startWebServer } from './web-server'

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }
})

const host = values.host ?? '127.0.0.1'
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  process.stderr.write(
    `Warning: listening on ${host}, beyond this computer. Anyone with the URL's token can read your mail.\n`
  )
}
// End-to-end tests only: lets `testing.advanceClock` move the core's time (see test-clock.ts).
const testClock = testClockFromEnv(process.env)
if (testClock) process.stderr.write(`Note: ${TEST_CLOCK_ENV}=1, the clock can be moved by tests.\n`)
const searchIndexHold = searchIndexHoldFromEnv(process.env, testClock !== undefined)
const core = createNodeCore(resolveDataDir(values['data-dir']), undefined, { testClock, searchIndexHold })
const server = await startWebServer({
  core,
  host,
  port: values.port ? Number(values.port) : 0,
  rendererDir: join(dirname(fileURLToPath(import.meta.url)), '../renderer')
})
if (core.secrets.warning) process.stderr.write(`Note: ${core.secrets.warning}\n`)
// The first stdout line is the URL, so scripts and tests can read it.
process.stdout.write(`${server.url}\n`)
// Live from launch: a full pass per account, then IDLE and polling.
core.startRealtime()

const shutdown = async () => {
  await server.close()
  await core.stopRealtime()
  core.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
