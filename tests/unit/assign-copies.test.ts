import { describe, expect, it } from 'vitest'
import { assignCopies } from '../../src-main/core/sync/copy-assignment'

const copy = (id: number, uid: number) => ({ id, folder_id: 9, uid_validity: 1, uid, flags_json: '[]' })

describe('which copy of a message goes back to which folder', () => {
  it('pairs the copies with the folders in order, and sends extra copies to the first', () => {
    const plan = assignCopies([copy(1, 11), copy(2, 12), copy(3, 13)], [100, 200])
    expect(plan.map((p) => [p.location.uid, p.folderId])).toEqual([
      [11, 100],
      [12, 200],
      [13, 100]
    ])
    expect(plan.every((p) => p.take === undefined)).toBe(true)
  })

  it('gives a folder without a copy left nothing rather than a copy of another', () => {
    const plan = assignCopies([copy(1, 11)], [100, 200])
    expect(plan.map((p) => p.folderId)).toEqual([100])
  })

  it('splits a move not pushed yet: each other folder takes one copy, the first the rest', () => {
    const plan = assignCopies([copy(1, -5)], [100, 200, 300])
    expect(plan.map((p) => [p.folderId, p.take])).toEqual([
      [100, undefined],
      [200, 1],
      [300, 1]
    ])
  })
})
