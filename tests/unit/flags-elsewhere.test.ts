import { EventEmitter } from 'node:events'
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { storeAndFindGone } from '../../src-main/core/sync/flags-elsewhere'

/** A session whose STORE answers with the flags of `answers`, and whose UID SEARCH finds `present`. */
function session(answers: number[], present: number[] | false) {
  const client = new EventEmitter() as EventEmitter & { search: unknown }
  const searched: string[] = []
  client.search = async (query: { uid: string }) => {
    searched.push(query.uid)
    return present
  }
  const store = async () => {
    for (const uid of answers) client.emit('flags', { path: 'INBOX', uid, flags: new Set(['\\Seen']) })
    client.emit('flags', { path: 'Other', uid: 99, flags: new Set() })
  }
  return { client: client as unknown as ImapFlow, store, searched }
}

describe('a flag change on UIDs another client moved away', () => {
  it('takes the UIDs the STORE answered for as there, without a search', async () => {
    const { client, store, searched } = session([1, 2, 3], [])
    expect(await storeAndFindGone(client, 'INBOX', [1, 2, 3], [store])).toEqual([])
    expect(searched).toEqual([])
  })

  it('looks for the unanswered ones, and reports only those the folder no longer has', async () => {
    // A server that does not answer unchanged flags (2 was \Seen already), and 3 moved away.
    const { client, store, searched } = session([1], [2])
    expect(await storeAndFindGone(client, 'INBOX', [1, 2, 3], [store])).toEqual([3])
    expect(searched).toEqual(['2:3'])
  })

  it('looks for a UID one STORE answered for and the next did not: moved away between the two', async () => {
    // \Flagged set on 1 and 2; then 2 moved away, and clearing \Seen answered for 1 alone.
    const { client, store, searched } = session([1, 2], [1])
    const second = async () => {
      client.emit('flags', { path: 'INBOX', uid: 1, flags: new Set(['\\Flagged']) })
    }
    expect(await storeAndFindGone(client, 'INBOX', [1, 2], [store, second])).toEqual([2])
    expect(searched).toEqual(['2'])
  })

  it('reports nothing when the search fails: the change is taken as made', async () => {
    const { client, store } = session([], false)
    expect(await storeAndFindGone(client, 'INBOX', [4], [store])).toEqual([])
  })

  it('stops listening once the STORE is done, also when it fails', async () => {
    const { client } = session([], [])
    await expect(
      storeAndFindGone(
        client,
        'INBOX',
        [1],
        [
          async () => {
            throw new Error('refused')
          }
        ]
      )
    ).rejects.toThrow('refused')
    expect((client as unknown as EventEmitter).listenerCount('flags')).toBe(0)
  })
})
