import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { DEFAULT_LEAD_STAGES } from '../../../src-preload/contract/crm-shapes'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { readJsonArray, writeSetting } from '../db/settings'
import { CoreError } from '../errors'

export type Lead = {
  id: string
  title: string
  stage: string
  value: number
  ownerId: string | null
  contactIds: string[]
  conversationIds: string[]
  createdAt: number
}

const STAGES_KEY = 'lead_stages'

type LeadRow = {
  id: string
  title: string
  stage: string
  value: number
  owner_id: string | null
  created_at: number
  contacts: string | null
  conversations: string | null
}

const SELECT = `SELECT l.id, l.title, l.stage, l.value, l.owner_id, l.created_at,
  (SELECT group_concat(target_id) FROM lead_links k WHERE k.lead_id = l.id AND k.kind = 'contact') AS contacts,
  (SELECT group_concat(target_id) FROM lead_links k WHERE k.lead_id = l.id AND k.kind = 'conversation') AS conversations
  FROM leads l WHERE l.deleted = 0`

const split = (s: string | null) => (s ? s.split(',').sort() : [])
const toLead = (r: LeadRow): Lead => ({
  id: r.id,
  title: r.title,
  stage: r.stage,
  value: r.value,
  ownerId: r.owner_id,
  contactIds: split(r.contacts),
  conversationIds: split(r.conversations),
  createdAt: r.created_at
})

export type LeadInput = {
  title: string
  stage?: string
  value?: number
  ownerId?: string | null
  contactIds?: string[]
  conversationIds?: string[]
}

/** Light deal records on a configurable pipeline, linked to contacts and conversations. */
export class LeadRepository {
  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock
  ) {}

  stages(): string[] {
    const stages = readJsonArray(this.db, STAGES_KEY)?.filter((s): s is string => typeof s === 'string')
    return stages?.length ? stages : [...DEFAULT_LEAD_STAGES]
  }

  /**
   * Saves the pipeline. No lead is left on a stage it no longer has: a stage renamed in place (the
   * same number of lines, that line alone changed to a name not in it before) takes its leads
   * along; a stage left out that leads are on is refused (`stageInUse`), since which stage they
   * should go to is the user's call.
   */
  setStages(stages: string[]): string[] {
    const clean = [...new Set(stages.map((s) => s.trim()).filter(Boolean))]
    if (clean.length === 0)
      throw new CoreError('INVALID_INPUT', 'A pipeline needs at least one stage.', 'stages')
    const old = this.stages()
    const renamed = renamedInPlace(old, clean)
    // Deleted leads are on no stage anyone can see or move them from: they keep none in the pipeline.
    const inUse = this.db.prepare('SELECT count(*) AS n FROM leads WHERE stage = ? AND deleted = 0')
    for (const stage of old) {
      if (clean.includes(stage) || renamed.has(stage)) continue
      const { n } = inUse.get(stage) as { n: number }
      if (n > 0)
        throw new CoreError(
          'INVALID_INPUT',
          `${n} lead(s) are on "${stage}", which the new pipeline leaves out: move them to another stage first, or rename the stage on its own line.`,
          'stageInUse'
        )
    }
    this.db.transaction(() => {
      writeSetting(this.db, STAGES_KEY, JSON.stringify(clean))
      const move = this.db.prepare('UPDATE leads SET stage = ?, hlc = ? WHERE stage = ?')
      for (const [from, to] of renamed) move.run(to, this.hlc.tick(), from)
    })()
    return clean
  }

  list(filter: { stage?: string; contactId?: string; conversationId?: string } = {}): Lead[] {
    const where: string[] = []
    const params: unknown[] = []
    const linked = (kind: string) =>
      `EXISTS (SELECT 1 FROM lead_links k WHERE k.lead_id = l.id AND k.kind = '${kind}' AND k.target_id = ?)`
    if (filter.stage) {
      where.push('l.stage = ?')
      params.push(filter.stage)
    }
    if (filter.contactId) {
      where.push(linked('contact'))
      params.push(filter.contactId)
    }
    if (filter.conversationId) {
      where.push(linked('conversation'))
      params.push(filter.conversationId)
    }
    const sql = `${SELECT}${where.map((w) => ` AND ${w}`).join('')} ORDER BY l.created_at DESC, l.id`
    return (this.db.prepare(sql).all(...params) as LeadRow[]).map(toLead)
  }

  get(id: string): Lead {
    const row = this.db.prepare(`${SELECT} AND l.id = ?`).get(id) as LeadRow | undefined
    if (!row) throw new CoreError('NOT_FOUND', `There is no lead with id ${id}.`)
    return toLead(row)
  }

  create(input: LeadInput, by: string | null): Lead {
    const stage = this.checkStage(input.stage ?? this.stages()[0]!)
    const id = randomUUID()
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO leads (id, title, stage, value, owner_id, created_at, hlc, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(
          id,
          input.title,
          stage,
          input.value ?? 0,
          input.ownerId ?? null,
          this.clock.now(),
          this.hlc.tick(),
          by
        )
      this.link(id, input.contactIds ?? [], input.conversationIds ?? [])
    })()
    return this.get(id)
  }

  update(id: string, patch: Partial<LeadInput>, by: string | null): Lead {
    const lead = this.get(id)
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE leads SET title = ?, stage = ?, value = ?, owner_id = ?, hlc = ?, updated_by = ? WHERE id = ?'
        )
        .run(
          patch.title ?? lead.title,
          patch.stage ? this.checkStage(patch.stage) : lead.stage,
          patch.value ?? lead.value,
          patch.ownerId === undefined ? lead.ownerId : patch.ownerId,
          this.hlc.tick(),
          by,
          id
        )
      if (patch.contactIds)
        this.db.prepare("DELETE FROM lead_links WHERE lead_id = ? AND kind = 'contact'").run(id)
      if (patch.conversationIds)
        this.db.prepare("DELETE FROM lead_links WHERE lead_id = ? AND kind = 'conversation'").run(id)
      this.link(id, patch.contactIds ?? [], patch.conversationIds ?? [])
    })()
    return this.get(id)
  }

  remove(id: string, by: string | null): void {
    this.get(id)
    this.db
      .prepare('UPDATE leads SET deleted = 1, hlc = ?, updated_by = ? WHERE id = ?')
      .run(this.hlc.tick(), by, id)
  }

  /**
   * Undo of a delete: the lead comes back with its id and links. On its stage, unless the
   * pipeline left that out meanwhile (a stage only deleted leads were on may go): then on the
   * first, so no lead is on a stage the pipeline does not have.
   */
  restore(id: string, by: string | null): Lead {
    const stages = this.stages()
    this.db
      .prepare(
        `UPDATE leads SET deleted = 0, stage = CASE WHEN stage IN (SELECT value FROM json_each(?)) THEN stage ELSE ? END,
           hlc = ?, updated_by = ? WHERE id = ? AND deleted = 1`
      )
      .run(JSON.stringify(stages), stages[0], this.hlc.tick(), by, id)
    return this.get(id)
  }

  private link(id: string, contactIds: string[], conversationIds: string[]): void {
    // Links carry no foreign key: one to a contact merged away (a drawer left open on it) or to a
    // conversation gone would hide the lead from every list. Said, in the caller's transaction.
    const contact = this.db.prepare('SELECT 1 FROM contacts WHERE id = ? AND deleted = 0')
    const conversation = this.db.prepare('SELECT 1 FROM conversations WHERE id = ? AND deleted = 0')
    for (const c of contactIds)
      if (!contact.get(c)) throw new CoreError('NOT_FOUND', `There is no contact with id ${c}.`, 'contactIds')
    for (const c of conversationIds)
      if (!conversation.get(c))
        throw new CoreError('NOT_FOUND', `There is no conversation with id ${c}.`, 'conversationIds')
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO lead_links (lead_id, kind, target_id) VALUES (?, ?, ?)'
    )
    for (const c of contactIds) insert.run(id, 'contact', c)
    for (const c of conversationIds) insert.run(id, 'conversation', c)
  }

  private checkStage(stage: string): string {
    if (!this.stages().includes(stage))
      throw new CoreError('INVALID_INPUT', `"${stage}" is not a stage of the pipeline.`, 'stage')
    return stage
  }
}

/** Stages renamed in place: same length, a line changed to a name neither list had before. */
function renamedInPlace(old: string[], next: string[]): Map<string, string> {
  const renamed = new Map<string, string>()
  if (old.length !== next.length) return renamed
  old.forEach((stage, i) => {
    const to = next[i]!
    if (to !== stage && !next.includes(stage) && !old.includes(to)) renamed.set(stage, to)
  })
  return renamed
}
