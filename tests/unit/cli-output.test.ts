import { afterEach, describe, expect, it, vi } from 'vitest'
import { printRows } from '../../src-main/cli/cli-output'

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
