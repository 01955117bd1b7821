import { parseArgs } from 'node:util'
import { runSyncBench } from './sync-bench'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { sizes: { type: 'string' }, seed: { type: 'string' } }
})
const suite = positionals[0] ?? 'sync'
const sizes = (values.sizes ?? '300,3000').split(',').map((s) => Number(s.trim()))
if (sizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`--sizes must be whole numbers, not ${values.sizes}`)

if (suite === 'sync') {
  await runSyncBench({ sizes, seed: Number(values.seed ?? 1) })
} else {
  process.stderr.write(`Unknown benchmark suite "${suite}". Available: sync\n`)
  process.exit(2)
}
