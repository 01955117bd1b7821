// Mail, contacts and comments stay readable by this user only, also in a data directory made
// beforehand (mkdir leaves it 0755) and for files an earlier version made wider.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A data directory as `mkdir` makes it: everyone may list and read it. */
function openDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-private-'))
  dirs.push(dir)
  chmodSync(dir, 0o755)
  return dir
}

const othersMay = (path: string) => statSync(path).mode & 0o077

describe('files of a workspace', () => {
  it('creates the database, its WAL and its shared memory for this user only', () => {
    const file = join(openDirectory(), 'rapport.sqlite')
    const db = openDatabase(file)
    try {
      db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run()
      for (const path of [file, `${file}-wal`, `${file}-shm`])
        expect({ path, others: othersMay(path) }).toEqual({ path, others: 0 })
    } finally {
      db.close()
    }
  })

  it('narrows a database an earlier version left readable by others', () => {
    const file = join(openDirectory(), 'rapport.sqlite')
    openDatabase(file).close()
    chmodSync(file, 0o644)
    openDatabase(file).close()
    expect(othersMay(file)).toBe(0)
  })

  it('keeps cached attachments in a folder of this user only', () => {
    const dir = join(openDirectory(), 'attachments')
    const cache = new AttachmentCache(dir)
    try {
      cache.put(Buffer.from('%PDF-1.7 price list'))
      expect(othersMay(dir)).toBe(0)
    } finally {
      cache.close()
    }
  })
})
