// SQLite's own trouble: another process's long write (busy or locked, extended codes too), a full
// disk, a file made read-only, an I/O error, a damaged file. About the machine, not the data.
const TROUBLE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CORRUPT|NOMEM|CANTOPEN|NOTADB|PERM)/

export function isSqliteTrouble(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && TROUBLE.test(code)
}
