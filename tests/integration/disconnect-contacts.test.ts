// Deleting a mailbox locally: the contacts the user worked on stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { CoreFixture } from './fixtures/core-fixture'

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

async function seededUser(name: string, count: number) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const corpus = await generateCorpus({
    seed: name.length * 7 + count,
    count,
    selfAddress: `${name}@example.test`
  })
  await appendMessages(
    server,
    user.user,
    user.password,
    'INBOX',
    corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
  )
  return { user, corpus }
}

function accountOf(user: MailUser, importLimit: number | 'all' = 'all') {
  return {
    email: `${user.user}@example.test`,
    user: user.user,
    password: user.password,
    imap: { host: server.host, port: server.imapPort, security: 'none' as const },
    smtp: { host: server.host, port: 1, security: 'none' as const },
    importLimit,
    skipVerify: true
  }
}

describe('deleting a mailbox locally', () => {
  it('deleting a mailbox locally keeps contacts the user added details to (company) or blocked', async () => {
    const { user } = await seededUser('hrcon', 12)
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const contacts = await fixture.call('contacts.list', {})
      expect(contacts.length).toBeGreaterThanOrEqual(2)
      const [a, b] = contacts
      await fixture.call('contacts.update', { contactId: a!.id, company: 'PT Maju Jaya', country: 'ID' })
      await fixture.call('contacts.block', { contactId: b!.id })
      await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })
      const kept = await fixture.call('contacts.list', {})
      const blocked = await fixture.call('contacts.list', { blocked: true })
      expect({
        withCompany: kept.some((c) => c.id === a!.id),
        blocked: [...kept, ...blocked].some((c) => c.id === b!.id)
      }).toEqual({ withCompany: true, blocked: true })
    } finally {
      fixture.close()
    }
  })
})
