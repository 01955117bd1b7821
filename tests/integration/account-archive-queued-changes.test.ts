// A mailbox kept as a read-only archive, reconnected later, with a change still queued for its
// server when it was disconnected: Rapport must show the mail where the server has it, not the
// message in Trash (its delete shown) while the server keeps it in INBOX, for good.
import { describe, expect, it } from 'vitest'
import { countByMessageId } from '../support/imap-probe'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { server, seededUser, accountOf } = useSeededAccounts()

describe('an archive reconnected', () => {
  it('shows a message deleted while its delete waited where the server has it, once reconnected', async () => {
    const { user, corpus } = await seededUser('arvid', 2)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const messageId = corpus[0]!.messageId
      const pk = fixture.messagePk(messageId)
      // Queued only, as while the server cannot be reached; then the mailbox is disconnected.
      fixture.core.workspace.actions.delete([pk])
      await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
      await fixture.call('accounts.setPassword', { accountId, password: user.password })
      await fixture.call('sync.run', { accountId })

      // Wherever the message ends up, Rapport shows it where the server has it.
      const listed = async (folder: string) =>
        (await fixture.call('messages.list', { accountId, folder })).some((m) => m.id === pk)
      const shown = { INBOX: await listed('INBOX'), Trash: await listed('Trash') }
      const onServer = {
        INBOX: (await countByMessageId(server(), user, 'INBOX', messageId)) === 1,
        Trash: (await countByMessageId(server(), user, 'Trash', messageId)) === 1
      }
      expect(shown).toEqual(onServer)
      expect(await fixture.call('tasks.list', { accountId })).toEqual([])
    } finally {
      fixture.close()
    }
  })
})
