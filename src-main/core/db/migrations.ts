// Numbered .sql files, bundled at build time so the core needs no files beside it at run time.
const sources = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true })

export type Migration = { version: number; name: string; sql: string }

export function parseMigrations(files: Record<string, unknown>): Migration[] {
  const migrations = Object.entries(files).map(([path, sql]) => {
    const name = path.split('/').pop() ?? path
    const match = /^(\d{4})_[\w-]+\.sql$/.exec(name)
    if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${name}`)
    return { version: Number(match[1]), name, sql: String(sql) }
  })
  migrations.sort((a, b) => a.version - b.version)
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`Migrations must be numbered without gaps: ${migration.name}`)
  })
  return migrations
}

export const bundledMigrations: Migration[] = parseMigrations(sources)
