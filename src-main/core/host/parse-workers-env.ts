/** RAPPORT_PARSE_WORKERS: how many threads parse mail during sync (0: on the main thread). */
export function parseWorkersFromEnv(): number | undefined {
  const value = process.env.RAPPORT_PARSE_WORKERS
  if (value === undefined || value === '') return undefined
  const count = Number(value)
  if (!Number.isInteger(count) || count < 0 || count > 16)
    throw new Error(`RAPPORT_PARSE_WORKERS must be a whole number from 0 to 16, not "${value}".`)
  return count
}
