// Reading parsed command-line options, shared by the CLI's command modules.
import type { Security } from '../../src-preload/contract'
import { UsageError } from './cli-output'

export type CliValues = Record<string, string | boolean | string[] | undefined>

export const str = (values: CliValues, name: string): string | undefined => {
  const v = values[name]
  return typeof v === 'string' ? v : undefined
}

/**
 * A secret named by an option such as --password-env: the option names an environment variable,
 * so the secret itself never appears in argv (other users' `ps`, shell history).
 */
export function secretFromEnv(values: CliValues, option: string): string | undefined {
  const variable = str(values, option)
  if (!variable) return undefined
  const secret = process.env[variable]
  if (!secret)
    throw new UsageError(`The environment variable ${variable} (from --${option}) is empty or not set.`)
  return secret
}

export function int(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, not "${value}".`)
  return Number(value)
}

export function security(value: string, name: string): Security {
  if (value !== 'tls' && value !== 'starttls' && value !== 'none') {
    throw new UsageError(`--${name} must be tls, starttls or none.`)
  }
  return value
}
