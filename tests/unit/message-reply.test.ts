// Reply and Reply all on one message: the sender (or Reply-To) in To, everyone else it went to in
// Cc, never the user's own addresses, each address once.
import { describe, expect, it } from 'vitest'
import { a, messageDetail } from './fixtures/message-detail'
import type { Address } from '../../src-preload/contract'
import { addressKey, messageReply } from '../../src-preload/contract/message-reply'

const message = messageDetail

const own = ['alice@example.test', 'alice.sales@example.test']
const addresses = (list: Address[] | undefined) => list?.map((x) => x.address)

describe('Reply all', () => {
  it('writes to the sender, with the other To and Cc recipients in Cc and the user left out', () => {
    const reply = messageReply(
      message({
        to: [a('alice@example.test'), a('dewi@client.test', 'Dewi')],
        cc: [a('boss@client.test'), a('ALICE.SALES@example.test')]
      }),
      own,
      true
    )
    expect(addresses(reply?.to)).toEqual(['carlos@client.test'])
    expect(reply?.cc).toEqual([a('dewi@client.test', 'Dewi'), a('boss@client.test')])
  })

  it('answers the Reply-To rather than the sender', () => {
    const reply = messageReply(
      message({ replyTo: [a('list@lists.test')], to: [a('alice@example.test'), a('ana@client.test')] }),
      own,
      true
    )
    expect(addresses(reply?.to)).toEqual(['list@lists.test'])
    expect(addresses(reply?.cc)).toEqual(['ana@client.test'])
  })

  it('names each address once, whatever its case, and never the sender again in Cc', () => {
    const reply = messageReply(
      message({
        to: [a('Dewi@Client.test'), a('carlos@CLIENT.test')],
        cc: [a('dewi@client.test'), a('boss@client.test'), a('boss@client.test')]
      }),
      own,
      true
    )
    expect(addresses(reply?.to)).toEqual(['carlos@client.test'])
    expect(addresses(reply?.cc)).toEqual(['Dewi@Client.test', 'boss@client.test'])
  })

  it('knows an own address written with its domain in punycode', () => {
    const reply = messageReply(
      message({ to: [a('ana@xn--mller-kva.de'), a('bob@client.test')] }),
      ['ana@müller.de'],
      true
    )
    expect(addresses(reply?.cc)).toEqual(['bob@client.test'])
    expect(addressKey('Ana@Müller.de')).toBe(addressKey('ana@xn--mller-kva.de'))
  })

  it("follows up the user's own message to all its recipients, Cc staying Cc", () => {
    const reply = messageReply(
      message({
        direction: 'out',
        from: a('alice@example.test'),
        to: [a('carla@customer.test'), a('alice@example.test')],
        cc: [a('boss@customer.test')]
      }),
      own,
      true
    )
    expect(addresses(reply?.to)).toEqual(['carla@customer.test'])
    expect(addresses(reply?.cc)).toEqual(['boss@customer.test'])
  })

  it('writes a note to self back to the user when there is no one else', () => {
    const reply = messageReply(
      message({ direction: 'out', from: a('alice@example.test'), to: [a('alice@example.test')] }),
      own,
      true
    )
    expect(addresses(reply?.to)).toEqual(['alice@example.test'])
    expect(reply?.cc).toEqual([])
  })

  it("treats mail from an alias of the user (the thread's outgoing sender) as the user's", () => {
    const reply = messageReply(
      message({ from: a('alias@example.test'), to: [a('ana@client.test')] }),
      [...own, 'alias@example.test'],
      true
    )
    expect(addresses(reply?.to)).toEqual(['ana@client.test'])
  })

  it('takes line breaks out of names, as a header needs', () => {
    const reply = messageReply(message({ from: a('carlos@client.test', 'Car\r\nlos') }), own, true)
    expect(reply?.to[0]?.name).toBe('Car los')
  })

  it('has no one to write to for a message with no sender and no recipients', () => {
    expect(messageReply(message({ from: null, to: [] }), own, true)).toBeNull()
  })

  it('has no one to write to for received mail with no sender: not the others it went to, nor the user', () => {
    const sentToOthers = message({ from: null, to: [a('alice@example.test'), a('dewi@client.test')] })
    expect(messageReply(sentToOthers, own, false)).toBeNull()
    expect(messageReply(sentToOthers, own, true)).toBeNull()
    expect(messageReply(message({ from: null, to: [a('alice@example.test')] }), own, false)).toBeNull()
  })
})

describe('Reply', () => {
  it('writes to the sender only, whoever else the message went to', () => {
    const reply = messageReply(message({ to: [a('alice@example.test'), a('dewi@client.test')] }), own, false)
    expect(addresses(reply?.to)).toEqual(['carlos@client.test'])
    expect(reply?.cc).toEqual([])
  })
})
