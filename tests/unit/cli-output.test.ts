import { afterEach, describe, expect, it, vi } from 'vitest'
import { printRows } from '../../src-main/cli/cli-output'
import { syncPass } from '../../src-main/cli/cli-sync-pass'
import type { Core } from '../../src-main/core/core'

// The rows `rapport` prints come from mail: no control character of a sender's may reach the
// terminal, in a list cell (a contact's addresses) as in a text one.
function printed(rows: Array<Record<string, unknown>>, columns: string[]): string {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk)
    return true
  })
  printRows(rows, columns)
  return out
}

afterEach(() => vi.restoreAllMocks())

describe('rapport tables', () => {
  it('print a C1 control (8-bit CSI) or DEL in a list cell as a blank, as in a text cell', () => {
    // U+009B is CSI to a terminal that takes 8-bit controls; JSON.stringify keeps it (and DEL) raw.
    const out = printed(
      [{ id: 1, displayName: 'Eve\u009b2J', emails: ['eve\u009b2J@evil.test', 'e\u007fve@evil.test'] }],
      ['id', 'displayName', 'emails']
    )
    expect(out.replace(/[\t\n]/g, '')).not.toMatch(/\p{Cc}/u)
    expect(out).toContain('eve 2J@evil.test')
  })
})

describe('rapport sync progress', () => {
  it('prints a folder name from the server with its controls as blanks', async () => {
    let listener: ((name: string, payload: unknown) => void) | undefined
    const core = {
      events: {
        subscribe: (fn: (name: string, payload: unknown) => void) => {
          listener = fn
          return () => undefined
        }
      },
      dispatch: async () => {
        listener!('sync.progress', {
          folder: 'Shared/\u001b]0;owned\u0007',
          phase: 'fetching',
          done: 1,
          total: 2
        })
        return { ok: true, value: [] }
      }
    }
    let err = ''
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk)
      return true
    })
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    await syncPass(core as unknown as Core, 1, undefined)
    expect(err).toContain('Shared/ ]0;owned : 1/2')
    expect(err.replace(/\n/g, '')).not.toMatch(/\p{Cc}/u)
  })

  it("prints the whole account's figure while an import is under way", async () => {
    let listener: ((name: string, payload: unknown) => void) | undefined
    const core = {
      events: {
        subscribe: (fn: (name: string, payload: unknown) => void) => {
          listener = fn
          return () => undefined
        }
      },
      dispatch: async () => {
        listener!('sync.progress', {
          folder: 'Sent',
          phase: 'fetching',
          done: 25,
          total: 300,
          overall: { done: 4525, total: 8300, folderNumber: 5, folders: 6 }
        })
        return { ok: true, value: [] }
      }
    }
    let err = ''
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk)
      return true
    })
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    await syncPass(core as unknown as Core, 1, undefined)
    expect(err).toContain('Sent: 25/300 (all folders: 4525/8300, folder 5 of 6)\n')
  })
})
