import { parseArgs } from 'node:util'
import { runInboxBench } from './inbox-bench'
import { runSearchBench } from './search-bench'
import { runSyncBench } from './sync-bench'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string' },
    seed: { type: 'string' },
    'import-only': { type: 'boolean' },
    runs: { type: 'string' }
  }
})
const suite = positionals[0] ?? 'sync'
const sizes = (values.sizes ?? (suite === 'search' ? '100000' : '10000,100000'))
  .split(',')
  .map((s) => Number(s.trim()))
if (sizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`--sizes must be whole numbers, not ${values.sizes}`)

const runs = values.runs === undefined ? undefined : Number(values.runs)
if (runs !== undefined && (!Number.isInteger(runs) || runs < 1))
  throw new Error(`--runs must be a whole number of at least 1, not ${values.runs}`)

if (suite === 'sync') {
  await runSyncBench({
    sizes,
    seed: Number(values.seed ?? 1),
    importOnly: values['import-only'] === true,
    runs
  })
} else if (suite === 'inbox') {
  await runInboxBench({ conversations: 100_000, contacts: 20_000, seed: Number(values.seed ?? 1), runs: 40 })
} else if (suite === 'search') {
  await runSearchBench({ sizes, seed: Number(values.seed ?? 1) })
} else {
  process.stderr.write(`Unknown benchmark suite "${suite}". Available: sync, inbox, search\n`)
  process.exit(2)
}
