// Locale-aware formatting of dates, numbers and sizes for the current UI language, in the user's
// region of it (regional-locale.ts). Numbers inside translated text go through formatNumber too:
// i18n.ts registers it as i18next's `number` format, which the strings use as {{count, number}}.

import { readableFolderPath } from '../../../src-preload/contract/folder-path'
import { formatLocale } from './regional-locale'

// Building an Intl formatter costs far more than using one, and every list row formats two
// dates on each render, so formatters are made once per language and options.
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = formatLocale(language)
  const key = `${locale} ${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)))
  return format
}

const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = formatLocale(language)
  const key = `${locale} ${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)))
  return format
}

/** A number as the UI language writes it: "2,000" in English, "2.000" in Indonesian. */
export function formatNumber(
  value: number,
  language: string,
  options: Intl.NumberFormatOptions = {}
): string {
  return numberFormat(language, options).format(value)
}

function parse(iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}

/** Short date for lists: the time today, "3 Nov" this year, the full date before. */
export function formatListDate(iso: string, language: string, now = new Date()): string {
  const date = parse(iso)
  if (!date) return ''
  if (sameDay(date, now)) return dateFormat(language, { timeStyle: 'short' }).format(date)
  if (date.getFullYear() === now.getFullYear()) {
    return dateFormat(language, { month: 'short', day: 'numeric' }).format(date)
  }
  return dateFormat(language, { dateStyle: 'short' }).format(date)
}

/** Full date and time, for message headers and tooltips. */
export function formatFullDate(iso: string, language: string): string {
  const date = parse(iso)
  return date ? dateFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date) : iso
}

export function formatTime(iso: string, language: string, now = new Date()): string {
  const date = parse(iso)
  if (!date) return ''
  return sameDay(date, now)
    ? dateFormat(language, { timeStyle: 'short' }).format(date)
    : formatFullDate(iso, language)
}

const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const

export function formatSize(bytes: number, language: string): string {
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return formatNumber(value, language, {
    style: 'unit',
    unit: units[unit],
    // Bytes spelled out: the short form of "byte" is "byte" in English ("45 byte"), not "B".
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1
  })
}

const durationUnits = [
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 }
] as const

/** A duration in its largest whole unit ("3 days", "2 hr", "0 min"), localized. */
export function formatDuration(ms: number, language: string): string {
  const { unit, ms: size } = durationUnits.find((u) => ms >= u.ms) ?? durationUnits[2]
  return formatNumber(Math.floor(Math.max(0, ms) / size), language, {
    style: 'unit',
    unit,
    unitDisplay: 'short'
  })
}

/**
 * A folder's path as the user reads it. A folder deleted on the server whose mail Rapport keeps,
 * once another folder takes its name, is set aside under its path, a NUL and its id (a name no
 * server can give): shown by its own name, with the "not on the server" mark beside it. Shared
 * with the command line, which prints the same paths.
 */
export const formatFolderPath = readableFolderPath
