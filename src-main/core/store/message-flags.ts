import type { Database, Statement } from 'better-sqlite3'

/** \Recent is per IMAP session, not a property of the message: keeping it would never converge. */
export function normalizeFlags(flags: Iterable<string>): string[] {
  return [...new Set(flags)].filter((f) => f !== '\\Recent').sort()
}

/** Adds and removes flags on a flag list, keeping it normalized. */
export function editFlags(flags: Iterable<string>, add: string[], remove: string[]): string[] {
  const out = new Set(flags)
  for (const f of remove) out.delete(f)
  for (const f of add) out.add(f)
  return normalizeFlags(out)
}

/**
 * A message's flags are the union over its server locations (read if read anywhere); a message
 * with no location left (deleted on the server, not yet appended) keeps the flags it had. A copy
 * in a folder since deleted on the server can no longer change, so it only counts when no live
 * copy is left: otherwise a flag cleared elsewhere would stay set here for good.
 */
export class MessageFlags {
  private readonly locationFlags: Statement
  private readonly messageRow: Statement
  private readonly update: Statement
  private readonly updateLocation: Statement
  private readonly locationsOf: Statement

  constructor(db: Database) {
    this.locationFlags = db.prepare(`SELECT l.flags_json, f.on_server FROM message_locations l
      JOIN folders f ON f.id = l.folder_id WHERE l.message_pk = ?`)
    this.messageRow = db.prepare('SELECT direction, flags_json FROM messages WHERE id = ?')
    this.update = db.prepare('UPDATE messages SET flags_json = ?, is_seen = ? WHERE id = ?')
    this.updateLocation = db.prepare('UPDATE message_locations SET flags_json = ? WHERE id = ?')
    this.locationsOf = db.prepare('SELECT id, flags_json FROM message_locations WHERE message_pk = ?')
  }

  merge(messagePk: number): void {
    const rows = this.locationFlags.all(messagePk) as Array<{ flags_json: string; on_server: number }>
    if (rows.length === 0) return
    const live = rows.filter((r) => r.on_server === 1)
    const counted = live.length > 0 ? live : rows
    const flags = normalizeFlags(counted.flatMap((r) => JSON.parse(r.flags_json) as string[]))
    this.write(messagePk, flags)
  }

  /** A local user action: the message and every location change at once, before the server does. */
  applyLocal(messagePk: number, add: string[], remove: string[]): boolean {
    const row = this.messageRow.get(messagePk) as { direction: string; flags_json: string } | undefined
    if (!row) return false
    for (const loc of this.locationsOf.all(messagePk) as Array<{ id: number; flags_json: string }>) {
      const next = editFlags(JSON.parse(loc.flags_json) as string[], add, remove)
      this.updateLocation.run(JSON.stringify(next), loc.id)
    }
    const before = normalizeFlags(JSON.parse(row.flags_json) as string[])
    const after = editFlags(before, add, remove)
    this.write(messagePk, after)
    return JSON.stringify(before) !== JSON.stringify(after)
  }

  private write(messagePk: number, flags: string[]): void {
    const row = this.messageRow.get(messagePk) as { direction: string }
    // Sent mail is never "unread" in the inbox, whatever its \Seen flag says.
    this.update.run(
      JSON.stringify(flags),
      flags.includes('\\Seen') || row.direction === 'out' ? 1 : 0,
      messagePk
    )
  }
}
