// Mail between the user's own mailboxes: the core files Alice's mail in Bob's INBOX as the user's
// (outgoing), but answered from Bob's mailbox it goes back to Alice, not to Bob himself.
import { describe, expect, it } from 'vitest'
import { a, messageDetail } from './fixtures/message-detail'
import type { Address, ThreadSummary } from '../../src-preload/contract'
import { messageReply } from '../../src-preload/contract/message-reply'
import { replyTarget } from '../../src-preload/contract/reply-target'

const addresses = (list: Address[] | undefined) => list?.map((x) => x.address)
const thread = { id: 1, accountId: 2, subject: 'Contract' } as ThreadSummary
/** In Bob's mailbox: from Alice's, as the core stores it. */
const fromAlice = messageDetail({
  accountId: 2,
  direction: 'out',
  from: a('Alice@Example.test', 'Alice'),
  to: [a('bob@example.test', 'Bob')],
  cc: [a('dewi@client.test')]
})
const own = ['alice@example.test', 'bob@example.test']
const others = ['alice@example.test']

describe('replying in one mailbox to mail from another of the user’s', () => {
  it('the reply box answers the other mailbox, as received mail', () => {
    expect(replyTarget(thread, [fromAlice], others)).toMatchObject({ to: [fromAlice.from], cc: [] })
    // Bob's own follow-up to it goes on to Alice.
    const bobsReply = messageDetail({
      id: 2,
      direction: 'out',
      from: a('bob@example.test'),
      to: [a('alice@example.test')]
    })
    expect(addresses(replyTarget(thread, [fromAlice, bobsReply], others)?.to)).toEqual(['alice@example.test'])
  })

  it('Reply and Reply all answer the other mailbox, never the one replying', () => {
    expect(addresses(messageReply(fromAlice, own, false, others)?.to)).toEqual(['Alice@Example.test'])
    const all = messageReply(fromAlice, own, true, others)
    expect(addresses(all?.to)).toEqual(['Alice@Example.test'])
    expect(addresses(all?.cc)).toEqual(['dewi@client.test'])
  })

  it('still follows up the user’s own mail from the mailbox itself to its recipients', () => {
    const own1 = messageDetail({
      direction: 'out',
      from: a('bob@example.test'),
      to: [a('carlos@client.test')]
    })
    expect(addresses(replyTarget(thread, [own1], others)?.to)).toEqual(['carlos@client.test'])
    expect(addresses(messageReply(own1, own, false, others)?.to)).toEqual(['carlos@client.test'])
  })
})

describe('the user’s own mail to a client, sent from another mailbox and copied to this one', () => {
  // Alice's mailbox wrote to the client; Bob's mailbox (replying) got a copy, in Cc or Bcc.
  const toClient = messageDetail({
    accountId: 2,
    direction: 'out',
    from: a('alice@example.test', 'Alice'),
    to: [a('dewi@client.test', 'Dewi')],
    cc: [a('bob@example.test')]
  })

  it('the reply box follows it up to the client, as it did before the other mailbox was told apart', () => {
    const target = replyTarget(thread, [toClient], others, 'bob@example.test')
    expect(addresses(target?.to)).toEqual(['dewi@client.test'])
    expect(addresses(target?.cc)).toEqual([])
  })

  it('Reply and Reply all go to the client, not to the user’s other address', () => {
    expect(addresses(messageReply(toClient, own, false, others)?.to)).toEqual(['dewi@client.test'])
    const all = messageReply(toClient, own, true, others)
    expect(addresses(all?.to)).toEqual(['dewi@client.test'])
    expect(addresses(all?.cc)).toEqual([])
  })
})

describe('a mailbox added with its domain in punycode, its mail read back in Unicode', () => {
  // The core files it as the user's (ownAddresses folds the two forms); the reply must too.
  const fromAna = messageDetail({
    accountId: 2,
    direction: 'out',
    from: a('ana@bücher.example', 'Ana'),
    to: [a('bob@example.test', 'Bob')]
  })
  const idnOthers = ['ana@xn--bcher-kva.example']

  it('the reply box answers the other mailbox, not this one', () => {
    const target = replyTarget(thread, [fromAna], idnOthers, 'bob@example.test')
    expect(addresses(target?.to)).toEqual(['ana@bücher.example'])
  })

  it('Reply answers the other mailbox', () => {
    const mine = ['ana@xn--bcher-kva.example', 'bob@example.test']
    expect(addresses(messageReply(fromAna, mine, false, idnOthers)?.to)).toEqual(['ana@bücher.example'])
  })

  it('this mailbox in punycode is left out of a follow-up that names it in Unicode', () => {
    const own1 = messageDetail({
      direction: 'out',
      from: a('bob@example.test'),
      to: [a('carlos@client.test')],
      cc: [a('eva@bücher.example')]
    })
    const target = replyTarget(thread, [own1], ['bob@example.test'], 'eva@xn--bcher-kva.example')
    expect(addresses(target?.cc)).toEqual([])
  })
})
