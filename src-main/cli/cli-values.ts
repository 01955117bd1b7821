// Reading parsed command-line options, shared by the CLI's command modules.
import { z } from 'zod'
import { commands, type CommandName, type Security } from '../../src-preload/contract'
import {
  addressProblem,
  addressProblemMessage,
  parseAddressList
} from '../../src-preload/contract/address-list'
import type { Recipient } from '../../src-preload/contract/email-address'
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

/**
 * The recipients of --to, --cc or --bcc (each given as often as needed), read as the composer's
 * To field reads them: `"Budi, Sales" <bob@x.test>`, `Budi <bob@x.test>`, `bob@x.test`, several
 * to a value separated by commas. An address it cannot read, or a name the core would refuse (too
 * long, a tab in it), is a usage error naming it, as the composer names it, rather than the core's
 * INVALID_INPUT; an address given twice goes once.
 */
export function recipients(values: CliValues, option: 'to' | 'cc' | 'bcc'): Recipient[] | undefined {
  const given = values[option] as string[] | undefined
  if (given === undefined) return undefined
  const list: Recipient[] = []
  const seen = new Set<string>()
  for (const value of given) {
    const parsed = parseAddressList(value)
    const problem = addressProblem(parsed)
    if (problem) throw new UsageError(`--${option}: ${addressProblemMessage(problem)}`)
    const { addresses } = parsed
    if (addresses.length === 0) throw new UsageError(`--${option} was given no address.`)
    for (const { name, address } of addresses) {
      if (seen.has(address.toLowerCase())) continue
      seen.add(address.toLowerCase())
      list.push(name ? { name, address } : address)
    }
  }
  return list
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

/**
 * `--limit N` for a command: a whole number within the bounds the contract sets for that
 * command's `limit` (its number part, for a limit that may also be "all"), or a usage error that
 * names them, instead of the core's INVALID_INPUT after the command has started.
 */
export function limitFor(values: CliValues, command: CommandName, option = 'limit'): number | undefined {
  const value = str(values, option)
  if (value === undefined) return undefined
  const { min, max } = numberBounds((commands[command].input as z.ZodObject).shape.limit as z.ZodType)
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(n >= min && n <= max))
    throw new UsageError(
      `--${option} must be a whole number from ${min} to ${max.toLocaleString('en')}, not "${value}".`
    )
  return n
}

function numberBounds(schema: z.ZodType): { min: number; max: number } {
  let number: unknown = schema instanceof z.ZodOptional ? schema.unwrap() : schema
  if (number instanceof z.ZodUnion) number = number.options.find((o) => o instanceof z.ZodNumber)
  if (!(number instanceof z.ZodNumber)) throw new Error('a limit that is not a number')
  return { min: number.minValue ?? 0, max: Math.min(number.maxValue ?? Infinity, Number.MAX_SAFE_INTEGER) }
}
