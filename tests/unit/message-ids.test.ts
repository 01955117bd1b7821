// A message's id is never given to another: tasks, a failed move listed for the user and the
// windows may still name a message Rapport deleted (a draft forgotten, mail purged from Trash).
import { describe, expect, it } from 'vitest'
import { memoryWorkspace, message, store } from './fixtures/workspace'

describe('message ids', () => {
  it('gives the next message an id past the highest one deleted, not that id again', () => {
    const ws = memoryWorkspace()
    const idOf = (messageId: string) =>
      (ws.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as { id: number }).id
    store(ws, message({ messageId: '<kept@x.test>' }), message({ messageId: '<forgotten@x.test>' }))
    const forgotten = idOf('<forgotten@x.test>')
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(forgotten)

    store(ws, message({ messageId: '<next@x.test>' }))
    expect(idOf('<next@x.test>')).toBe(forgotten + 1)
    // A lower id deleted later does not take the counter back, with no message left at all.
    const next = idOf('<next@x.test>')
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(next)
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(idOf('<kept@x.test>'))
    store(ws, message({ messageId: '<after@x.test>' }))
    expect(idOf('<after@x.test>')).toBe(next + 1)
  })
})
