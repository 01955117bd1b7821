import { describe, expect, it } from 'vitest'
import { splitBySize } from '../../src-main/core/sync/fetch-batches'

const sizes = (entries: Array<[number, number]>) => new Map(entries)

describe('import batches are bounded by count and by bytes', () => {
  it('splits by count when the messages are small', () => {
    const uids = [1, 2, 3, 4, 5]
    expect(splitBySize(uids, sizes(uids.map((u) => [u, 10])), { count: 2, bytes: 1000 })).toEqual([
      [1, 2],
      [3, 4],
      [5]
    ])
  })

  it('starts a new batch before the bytes would go over the limit, keeping the given order', () => {
    const got = splitBySize(
      [9, 3, 7, 1],
      sizes([
        [9, 40],
        [3, 50],
        [7, 20],
        [1, 90]
      ]),
      { count: 10, bytes: 100 }
    )
    expect(got).toEqual([[9, 3], [7], [1]])
  })

  it('puts a message larger than the limit in a batch of its own', () => {
    expect(
      splitBySize(
        [1, 2, 3],
        sizes([
          [1, 5],
          [2, 500],
          [3, 5]
        ]),
        { count: 10, bytes: 100 }
      )
    ).toEqual([[1], [2], [3]])
  })

  it('counts a UID the server did not size (expunged meanwhile) as empty', () => {
    expect(splitBySize([1, 2, 3], sizes([[2, 80]]), { count: 10, bytes: 100 })).toEqual([[1, 2, 3]])
  })
})
