// Sparing mail another program marked \Deleted on a server without UIDPLUS (its plain EXPUNGE
// erases every marked message): with a stand-in session, what the check after unmarking makes of
// a server that kept the marks (for good) and of a program marking meanwhile (tried again).
import { describe, expect, it } from 'vitest'
import type { ImapFlow } from 'imapflow'
import { sparingOthersMarkedDeleted } from '../../src-main/core/sync/others-marked-deleted'
import { CommandRefused } from '../../src-main/core/sync/push-refusal'
import { CoreError } from '../../src-main/core/errors'

/** A folder whose marked UIDs each SEARCH DELETED answers in turn; stores change nothing. */
function session(searches: number[][]) {
  const stores: string[] = []
  const client = {
    usable: true,
    state: 'selected',
    states: { LOGOUT: 'logout' },
    mailbox: { path: 'Board' },
    capabilities: new Set<string>(),
    async search() {
      return searches.shift() ?? []
    },
    async messageFlagsRemove(set: string) {
      stores.push(`-${set}`)
      return true
    },
    async messageFlagsAdd(set: string) {
      stores.push(`+${set}`)
      return true
    }
  }
  return { client: client as unknown as ImapFlow, stores }
}

describe('sparing mail another program marked deleted', () => {
  it('expunges once the others are unmarked, and marks them again after', async () => {
    const { client, stores } = session([[5, 7, 9], [5]])
    let expunged = false
    await sparingOthersMarkedDeleted(client, [5], async () => (expunged = true))
    expect(expunged).toBe(true)
    expect(stores).toEqual(['-7,9', '+7,9'])
  })

  it('fails for good when the server kept every mark (no right to change it), erasing nothing', async () => {
    const { client, stores } = session([
      [5, 7, 9],
      [5, 7, 9]
    ])
    let expunged = false
    const moving = sparingOthersMarkedDeleted(client, [5], async () => (expunged = true))
    await expect(moving).rejects.toBeInstanceOf(CommandRefused)
    await expect(moving).rejects.toMatchObject({ code: 'NOPERM' })
    expect(expunged).toBe(false)
    expect(stores).toEqual(['-7,9', '+7,9'])
  })

  it('is tried again, not refused for good, when another program marks mail meanwhile', async () => {
    for (const after of [
      [5, 7], // 7 marked again after it was unmarked
      [5, 11] // 11 newly marked
    ]) {
      const { client } = session([[5, 7, 9], after])
      let expunged = false
      const moving = sparingOthersMarkedDeleted(client, [5], async () => (expunged = true))
      await expect(moving).rejects.toBeInstanceOf(CoreError)
      await expect(moving).rejects.not.toBeInstanceOf(CommandRefused)
      expect(expunged).toBe(false)
    }
  })
})
