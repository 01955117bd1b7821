import type { Response, UnstoredMessage } from '../../src-preload/contract'
import { readableFolderPath } from '../../src-preload/contract/folder-path'

/** Thrown for a wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export function unwrap<T>(response: Response<T>): T {
  if (response.ok) return response.value
  throw Object.assign(new Error(response.error.message), {
    code: response.error.code,
    field: response.error.field
  })
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Plain-text rows for people; --json gives scripts the full objects. */
export function printRows(rows: Array<Record<string, unknown>>, columns: string[]): void {
  for (const row of rows) {
    process.stdout.write(`${columns.map((c) => formatCell(row[c])).join('\t')}\n`)
  }
}

/**
 * The rows with the folder path in `column` as people read it: a deleted folder set aside for its
 * mail by its own name, not the NUL and id of its stored path. --json keeps the path as stored.
 */
export function readableFolders<T extends object>(rows: T[], column: keyof T & string): T[] {
  return rows.map((row) => {
    const path = row[column]
    return typeof path === 'string' ? { ...row, [column]: readableFolderPath(path) } : row
  })
}

/**
 * Text from mail (a Subject, a sender's name) as a terminal may show it: each control character
 * a blank. Printed as sent, ESC would drive the terminal (rewrite the screen, set its title or
 * clipboard) and a line break or tab would forge rows and columns for a script reading them.
 */
export function terminalText(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ')
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-'
  if (typeof value === 'object') {
    const address = value as { name?: string; address?: string }
    if (address.address)
      return terminalText(address.name ? `${address.name} <${address.address}>` : address.address)
    // JSON escapes C0 controls but keeps DEL and the C1 ones (U+009B is CSI) as they are.
    return terminalText(JSON.stringify(value))
  }
  return terminalText(String(value))
}

/** Messages the sync set aside, on stderr like the progress: which, where, and why. */
export function printUnstored(messages: UnstoredMessage[]): void {
  if (messages.length === 0) return
  const count = messages.length === 1 ? '1 message' : `${messages.length} messages`
  process.stderr.write(`${count} could not be stored; each sync tries again:\n`)
  for (const m of messages) {
    const what = m.subject === null ? `UID ${m.uid}` : `"${m.subject}"${m.sender ? ` from ${m.sender}` : ''}`
    process.stderr.write(terminalText(`  ${readableFolderPath(m.folder)}: ${what}: ${m.reason}`) + '\n')
  }
}
