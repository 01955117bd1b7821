// "Disconnect, keep as read-only archive" while a pass runs (Sync now, an import under way),
// against Dovecot: the pass's session must not go on writing to the server (a draft changed since
// its last upload, sent up at the end of every pass) once the archive has returned.
import { ImapFlow } from 'imapflow'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DraftUploader } from '../../src-main/core/drafts/draft-uploader'
import { IndexCompactor } from '../../src-main/core/search/index-compaction'
import { SyncService } from '../../src-main/core/sync/sync-service'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

/** IMAP commands that change the server. */
const WRITES = [
  'append',
  'messageDelete',
  'messageMove',
  'messageCopy',
  'messageFlagsAdd',
  'messageFlagsRemove',
  'messageFlagsSet'
] as const

afterEach(() => {
  vi.restoreAllMocks()
})

/** A synced mailbox with a new message's draft waiting to go up to its Drafts folder. */
async function mailboxWithDraft(name: string) {
  const box = await syncedMailbox(name, 2)
  await box.fixture.call('drafts.save', {
    kind: 'new',
    accountId: box.accountId,
    to: 'ana@client.test',
    subject: 'Visit',
    text: 'Written before the archive',
    later: ''
  })
  return box
}

describe('archiving a mailbox while its pass runs', () => {
  it('writes nothing to the server after the archive returns: the pass under way ends first', async () => {
    const box = await mailboxWithDraft('arcpass')
    const { fixture, accountId } = box
    // Every write Rapport's own sessions make, and whether the archive had returned by then.
    let archived = false
    const late: string[] = []
    for (const name of WRITES) {
      const original = ImapFlow.prototype[name] as (...args: unknown[]) => Promise<unknown>
      vi.spyOn(ImapFlow.prototype, name).mockImplementation(function (this: ImapFlow, ...args: unknown[]) {
        if (this !== box.other && archived) late.push(name)
        return original.apply(this, args)
      } as never)
    }
    // The pass is held as it reaches its draft upload: its folders are done, its session open.
    let reached!: () => void
    const atUpload = new Promise<void>((resolve) => (reached = resolve))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const push = DraftUploader.prototype.push
    vi.spyOn(DraftUploader.prototype, 'push').mockImplementation(async function (
      this: DraftUploader,
      ...args: Parameters<DraftUploader['push']>
    ) {
      reached()
      await gate
      return push.apply(this, args)
    })
    const pass = fixture.core.dispatch('sync.run', { accountId })
    await atUpload
    const archive = fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    release()
    await archive
    archived = true
    await pass
    expect(late).toEqual([])
    const [account] = await fixture.call('accounts.list', {})
    expect(account!.state).toBe('archived')
  })

  it('stops a pass whose folders are done before it uploads a draft, and the archive returns after it', async () => {
    const box = await mailboxWithDraft('arcstop')
    const { fixture, accountId } = box
    const uploads = vi.spyOn(DraftUploader.prototype, 'push')
    // The pass is held once its folders are imported, before its draft upload.
    let reached!: () => void
    const imported = new Promise<void>((resolve) => (reached = resolve))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const importing = IndexCompactor.prototype.importing
    vi.spyOn(IndexCompactor.prototype, 'importing').mockImplementation(async function <T>(
      this: IndexCompactor,
      work: () => Promise<T>
    ): Promise<T> {
      const result = await importing.call(this, work)
      reached()
      await gate
      return result as T
    })
    // Let go once the disconnect has begun stopping the account's work.
    const stopAccount = SyncService.prototype.stopAccount
    vi.spyOn(SyncService.prototype, 'stopAccount').mockImplementation(function (
      this: SyncService,
      id: number
    ) {
      const stopped = stopAccount.call(this, id)
      release()
      return stopped
    })
    const pass = fixture.core.dispatch('sync.run', { accountId })
    await imported
    await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    const outcome = await pass
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ACCOUNT_ARCHIVED' } })
    expect(uploads).not.toHaveBeenCalled()
  })
})
