// `rapport send` as a script writes its recipients and subject, against a real Dovecot and SMTP
// relay: --to/--cc/--bcc read as the composer's To field reads (names, quoted names with commas,
// several addresses to a flag), and an explicitly empty --subject is a message without a subject.
import { simpleParser, type AddressObject } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { relayed, useOutboxServer } from './fixtures/outbox-server'
import { sendFromCli } from './fixtures/cli-account'

const env = useOutboxServer(['alice', 'bob', 'carol', 'dave', 'erin'])

const named = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []].flat().flatMap((list) => list.value.map((a) => ({ name: a.name, address: a.address })))

/** A `rapport send` that fails: its exit code and what it said on stderr. */
const refused = (sendArgs: string[]) =>
  sendFromCli(env, sendArgs, 'x\n').then(
    (stdout) => ({ code: 0, stderr: `exited 0: ${stdout}` }),
    (error: { code: number; stderr: string }) => error
  )

describe('rapport send recipients', () => {
  it('takes names, a quoted name with a comma, and several addresses to one flag', async () => {
    const messageId = await sendFromCli(
      env,
      [
        '--to',
        '"Budi, Sales" <bob@example.test>',
        '--to',
        'Carol <carol@example.test>, dave@example.test',
        '--cc',
        'Erin Tan <erin@example.test>',
        '--subject',
        'Names'
      ],
      'Halo.\n'
    )
    const [sent, ...again] = relayed(env.relay, messageId)
    expect(again).toEqual([])
    expect(sent!.deliveredTo.sort()).toEqual([
      'bob@example.test',
      'carol@example.test',
      'dave@example.test',
      'erin@example.test'
    ])
    const parsed = await simpleParser(sent!.raw)
    expect(named(parsed.to)).toEqual([
      { name: 'Budi, Sales', address: 'bob@example.test' },
      { name: 'Carol', address: 'carol@example.test' },
      { name: '', address: 'dave@example.test' }
    ])
    expect(named(parsed.cc)).toEqual([{ name: 'Erin Tan', address: 'erin@example.test' }])
  })

  it("sends to a group's members, as the To field of other mail programs writes them", async () => {
    const messageId = await sendFromCli(
      env,
      ['--to', 'Team: bob@example.test, Carol <carol@example.test>;', '--subject', 'Group'],
      'Halo.\n'
    )
    const [sent] = relayed(env.relay, messageId)
    expect(sent!.deliveredTo.sort()).toEqual(['bob@example.test', 'carol@example.test'])
    expect(named((await simpleParser(sent!.raw)).to)).toEqual([
      { name: '', address: 'bob@example.test' },
      { name: 'Carol', address: 'carol@example.test' }
    ])
  })

  it('refuses an address it cannot read, naming it, with exit code 2 and nothing sent', async () => {
    const before = env.relay.received.length
    for (const [flag, value, bad] of [
      ['--to', 'bob@example.test, not-an-address', 'not-an-address'],
      ['--cc', 'Carol <carol@example>', 'Carol <carol@example>'],
      ['--bcc', '', '--bcc']
    ] as const) {
      const { code, stderr } = await refused([flag, value, '--subject', 'Never'])
      expect(code).toBe(2)
      expect(stderr).toContain(bad)
      expect(stderr).toContain('Usage: rapport')
    }
    expect(env.relay.received.length).toBe(before)
  })

  it('refuses a name the core would refuse, saying what is wrong with it, with exit code 2', async () => {
    const before = env.relay.received.length
    for (const [value, says] of [
      [
        `"${'B'.repeat(257)}" <bob@example.test>`,
        'The name given to bob@example.test is longer than 256 characters'
      ],
      ['"Carol\tTan" <carol@example.test>', 'The name given to carol@example.test holds a tab']
    ] as const) {
      const { code, stderr } = await refused(['--to', value, '--subject', 'Never'])
      expect(code).toBe(2)
      expect(stderr).toMatch(new RegExp(`^--to: ${says}`))
    }
    expect(env.relay.received.length).toBe(before)
  })
})

describe('rapport send --subject', () => {
  it('sends a message with an empty subject when --subject is given empty', async () => {
    const messageId = await sendFromCli(env, ['--to', 'bob@example.test', '--subject', ''], 'Tanpa judul.\n')
    const [sent] = relayed(env.relay, messageId)
    expect(sent!.deliveredTo).toEqual(['bob@example.test'])
    const parsed = await simpleParser(sent!.raw)
    expect(parsed.subject ?? '').toBe('')
  })

  it('still refuses a send without --subject at all', async () => {
    const { code, stderr } = await refused(['--to', 'bob@example.test'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^Missing --subject\./m)
  })
})
