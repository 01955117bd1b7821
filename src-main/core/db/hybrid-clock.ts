import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'

/**
 * A hybrid logical clock: physical milliseconds, a counter for events in the same millisecond
 * (or when the wall clock goes backwards), and the workspace's node id. Timestamps compare as
 * strings, which is what last-writer-wins merging of shared rows needs.
 */
export class HybridClock {
  private lastMs = 0
  private counter = 0

  constructor(
    readonly nodeId: string,
    private readonly now: () => number = Date.now
  ) {}

  static forDatabase(db: Database): HybridClock {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'hlc_node_id'").get() as
      { value: string } | undefined
    if (row) return new HybridClock(row.value)
    const nodeId = randomUUID().replaceAll('-', '').slice(0, 16)
    db.prepare("INSERT INTO settings (key, value) VALUES ('hlc_node_id', ?)").run(nodeId)
    return new HybridClock(nodeId)
  }

  tick(): string {
    const wall = this.now()
    if (wall > this.lastMs) {
      this.lastMs = wall
      this.counter = 0
    } else {
      this.counter++
    }
    return `${this.lastMs.toString().padStart(15, '0')}-${this.counter.toString(36).padStart(4, '0')}-${this.nodeId}`
  }
}
