// imapflow answers a SEARCH that failed with `false`, whether the server refused it or the
// connection ended. An empty answer would mean "not in Sent" (send again) or "folder empty"
// (mark everything deleted), so each caller throws instead. A fake session stands in for both.
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../src-main/core/errors'
import { ConnectionLost, toServerError } from '../../src-main/core/mail-server/server-errors'
import { findInSent } from '../../src-main/core/outbox/sent-folder'
import type { FolderRecord } from '../../src-main/core/sync/folder-repository'
import { byeSessionState, closedSessionState, openSessionState } from '../support/fake-session-state'

function sessionWhoseSearchFails(state: object): ImapFlow {
  const fake = {
    ...state,
    mailbox: { uidValidity: 7n },
    getMailboxLock: async () => ({ release: () => undefined }),
    noop: async () => undefined,
    search: async () => false
  }
  return fake as unknown as ImapFlow
}

const sent = { id: 1, path: 'Sent' } as FolderRecord

describe('a search of Sent that failed', () => {
  it('is a lost connection, not "not in Sent", when the connection ended', async () => {
    const error = await findInSent(sessionWhoseSearchFails(closedSessionState()), sent, '<a@b>').catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ConnectionLost)
    expect(toServerError(error, 'imap', 'imap.example.test')).toMatchObject({
      code: 'HOST_UNREACHABLE',
      message: expect.stringMatching(/was lost/)
    })
  })

  // imapflow fails every command after a BYE, but calls the session usable until its socket closes.
  it('is a lost connection, not a refusal, when the server ended the session with BYE and the socket is still open', async () => {
    const error = await findInSent(sessionWhoseSearchFails(byeSessionState()), sent, '<a@b>').catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ConnectionLost)
    // With the server's words for why.
    expect(toServerError(error, 'imap', 'imap.example.test').message).toMatch(
      /imap\.example\.test ended the session: “Server shutting down\.”/
    )
  })

  it('is the server refusing to search, not "not in Sent", on a live connection', async () => {
    const error = await findInSent(sessionWhoseSearchFails(openSessionState()), sent, '<a@b>').catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(CoreError)
    expect(error).toMatchObject({
      code: 'SYNC_FAILED',
      message: expect.stringMatching(/refused to search Sent/)
    })
  })
})
