import { describe, expect, it } from 'vitest'
import { CoreError } from '../../src-main/core/errors'
import { UnfinishedPasses } from '../../src-main/core/sync/unfinished-passes'

const refused = new CoreError('SYNC_FAILED', 'The IMAP server will not open Archive for now.')

describe('the part of a mailbox a failed pass left undone', () => {
  it('stands through passes over other parts, and goes with a pass over it or over all', () => {
    const unfinished = new UnfinishedPasses()
    unfinished.failedPass(1, 'others', refused)
    expect(unfinished.passed(1, 'inbox')).toBe(refused)
    expect(unfinished.has(1)).toBe(true)
    expect(unfinished.passed(1, 'others')).toBeNull()
    expect(unfinished.has(1)).toBe(false)
    unfinished.failedPass(1, 'all', refused)
    expect(unfinished.passed(1, 'others')).toBe(refused)
    expect(unfinished.passed(1, 'all')).toBeNull()
  })

  it('takes two parts failed one after the other for all of it, and keeps accounts apart', () => {
    const unfinished = new UnfinishedPasses()
    unfinished.failedPass(1, 'inbox', refused)
    unfinished.failedPass(1, 'others', refused)
    expect(unfinished.passed(1, 'inbox')).toBe(refused)
    expect(unfinished.passed(1, 'others')).toBe(refused)
    expect(unfinished.has(2)).toBe(false)
    expect(unfinished.passed(2, 'inbox')).toBeNull()
  })
})
