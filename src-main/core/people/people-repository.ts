import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import { prepared } from '../db/statement-cache'

export type Role = 'owner' | 'manager' | 'agent'
export type Visibility = 'none' | 'team' | 'own'
export type Member = {
  id: string
  name: string
  email: string
  role: Role
  visibility: Visibility
  isLocal: boolean
  teamIds: string[]
}
export type Team = { id: string; name: string; memberIds: string[] }

type MemberRow = {
  id: string
  name: string
  email: string
  role: Role
  visibility: Visibility
  is_local: number
  team_ids: string | null
}

const MEMBER_SELECT = `SELECT m.id, m.name, m.email, m.role, m.visibility, m.is_local,
  (SELECT group_concat(tm.team_id) FROM team_members tm JOIN teams t ON t.id = tm.team_id AND t.deleted = 0
    WHERE tm.member_id = m.id) AS team_ids
  FROM members m WHERE m.deleted = 0`

const toMember = (row: MemberRow): Member => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  visibility: row.role === 'agent' ? row.visibility : 'none',
  isLocal: row.is_local === 1,
  teamIds: row.team_ids ? row.team_ids.split(',').sort() : []
})

/**
 * The workspace's people: members with a role (owner, manager, agent; agents may be limited to
 * their teams' or their own conversations) and teams. The person at this computer is the local
 * member, created as owner the first time the workspace opens.
 */
export class PeopleRepository {
  readonly localId: string

  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock
  ) {
    this.localId = this.ensureLocal()
  }

  private ensureLocal(): string {
    const row = this.db.prepare('SELECT id FROM members WHERE is_local = 1').get() as
      { id: string } | undefined
    if (row) return row.id
    const id = randomUUID()
    const account = this.db.prepare('SELECT email, display_name FROM accounts ORDER BY id LIMIT 1').get() as
      { email: string; display_name: string } | undefined
    this.db
      .prepare(
        `INSERT INTO members (id, name, email, role, visibility, is_local, created_at, hlc) VALUES (?, ?, ?, 'owner', 'none', 1, ?, ?)`
      )
      .run(id, account?.display_name ?? '', account?.email ?? '', this.clock.now(), this.hlc.tick())
    return id
  }

  /** The first mailbox connected gives the local member their address (and name, if unset). */
  adoptAccount(email: string, name: string): void {
    this.db
      .prepare(
        `UPDATE members SET email = ?, name = coalesce(nullif(name, ''), ?), hlc = ? WHERE is_local = 1 AND email = ''`
      )
      .run(email, name, this.hlc.tick())
  }

  local(): Member {
    return this.get(this.localId)
  }

  list(): Member[] {
    return (
      prepared(this.db, `${MEMBER_SELECT} ORDER BY m.is_local DESC, m.name, m.id`).all() as MemberRow[]
    ).map(toMember)
  }

  find(id: string): Member | null {
    const row = this.db.prepare(`${MEMBER_SELECT} AND m.id = ?`).get(id) as MemberRow | undefined
    return row ? toMember(row) : null
  }

  get(id: string): Member {
    const member = this.find(id)
    if (!member) throw new CoreError('NOT_FOUND', `There is no member with id ${id}.`)
    return member
  }

  /** Addresses of every member: mail between them is internal and never logged to contacts. */
  emails(): Set<string> {
    const rows = this.db
      .prepare("SELECT email FROM members WHERE deleted = 0 AND email <> ''")
      .all() as Array<{
      email: string
    }>
    return new Set(rows.map((r) => r.email.toLowerCase()))
  }

  add(input: {
    name: string
    email: string
    role: Role
    visibility?: Visibility
    teamIds?: string[]
  }): Member {
    if (input.role === 'owner') throw new CoreError('INVALID_INPUT', 'A workspace has one owner.', 'role')
    this.assertEmailFree(input.email, null)
    const id = randomUUID()
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO members (id, name, email, role, visibility, created_at, hlc, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(
          id,
          input.name,
          input.email,
          input.role,
          input.visibility ?? 'none',
          this.clock.now(),
          this.hlc.tick(),
          this.localId
        )
      this.setTeams(id, input.teamIds ?? [])
    })()
    return this.get(id)
  }

  update(
    id: string,
    patch: { name?: string; email?: string; role?: Role; visibility?: Visibility; teamIds?: string[] }
  ): Member {
    const current = this.get(id)
    if (patch.role && patch.role !== current.role && (patch.role === 'owner' || current.role === 'owner'))
      throw new CoreError('INVALID_INPUT', 'The owner stays the owner.', 'role')
    if (patch.email !== undefined) this.assertEmailFree(patch.email, id)
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE members SET name = ?, email = ?, role = ?, visibility = ?, hlc = ?, updated_by = ? WHERE id = ?'
        )
        .run(
          patch.name ?? current.name,
          patch.email ?? current.email,
          patch.role ?? current.role,
          patch.visibility ?? current.visibility,
          this.hlc.tick(),
          this.localId,
          id
        )
      if (patch.teamIds) this.setTeams(id, patch.teamIds)
    })()
    return this.get(id)
  }

  listTeams(): Team[] {
    const teams = this.db
      .prepare('SELECT id, name FROM teams WHERE deleted = 0 ORDER BY name, id')
      .all() as Array<{
      id: string
      name: string
    }>
    const links = this.db
      .prepare('SELECT team_id, member_id FROM team_members ORDER BY member_id')
      .all() as Array<{
      team_id: string
      member_id: string
    }>
    return teams.map((t) => ({
      ...t,
      memberIds: links.filter((l) => l.team_id === t.id).map((l) => l.member_id)
    }))
  }

  addTeam(name: string, memberIds: string[] = []): Team {
    const id = randomUUID()
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO teams (id, name, created_at, hlc, updated_by) VALUES (?, ?, ?, ?, ?)')
        .run(id, name, this.clock.now(), this.hlc.tick(), this.localId)
      for (const memberId of memberIds) this.addMembership(id, memberId)
    })()
    return this.listTeams().find((t) => t.id === id)!
  }

  teamExists(id: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM teams WHERE id = ? AND deleted = 0').get(id)
  }

  addMembership(teamId: string, memberId: string): void {
    if (!this.teamExists(teamId)) throw new CoreError('NOT_FOUND', `There is no team with id ${teamId}.`)
    this.get(memberId)
    this.db
      .prepare('INSERT OR IGNORE INTO team_members (team_id, member_id) VALUES (?, ?)')
      .run(teamId, memberId)
  }

  removeMembership(teamId: string, memberId: string): void {
    this.db.prepare('DELETE FROM team_members WHERE team_id = ? AND member_id = ?').run(teamId, memberId)
  }

  private setTeams(memberId: string, teamIds: string[]): void {
    this.db.prepare('DELETE FROM team_members WHERE member_id = ?').run(memberId)
    for (const teamId of teamIds) this.addMembership(teamId, memberId)
  }

  private assertEmailFree(email: string, self: string | null): void {
    if (!email) return
    const row = this.db.prepare('SELECT id FROM members WHERE email = ? AND deleted = 0').get(email) as
      { id: string } | undefined
    if (row && row.id !== self)
      throw new CoreError('ALREADY_EXISTS', `${email} is already a member of this workspace.`, 'email')
  }
}
