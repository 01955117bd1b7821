import { describe, expect, it } from 'vitest'
import type { Folder, MessageDetail, ThreadSummary } from '../../src-preload/contract'
import { parseAddressList } from '../../src-preload/contract/address-list'
import { replySubject, replyTarget } from '../../src-preload/contract/reply-target'
import { linkify } from '../../src-renderer/src/features/thread/linkify'
import {
  canDeleteTo,
  canMoveBack,
  canUndoDelete,
  folderAccess,
  threadMailTargets
} from '../../src-renderer/src/features/thread/thread-mail-targets'

const thread = { subject: 'Quote' } as ThreadSummary
const msg = (overrides: Partial<MessageDetail>) =>
  ({
    messageId: '<m@x>',
    subject: 'Quote',
    direction: 'in',
    from: null,
    to: [],
    cc: [],
    replyTo: [],
    ...overrides
  }) as MessageDetail

describe('reply target', () => {
  it('does not double the Re: prefix', () => {
    expect(replySubject('Quote')).toBe('Re: Quote')
    expect(replySubject('RE: Quote')).toBe('RE: Quote')
    expect(replySubject('Re[2]: Quote')).toBe('Re[2]: Quote')
  })

  it('answers the sender of received mail, and the recipient of our own last message', () => {
    const received = msg({ from: { name: 'Carlos', address: 'carlos@x.test' }, messageId: '<in@x>' })
    expect(replyTarget(thread, [received])).toEqual({
      to: [{ name: 'Carlos', address: 'carlos@x.test' }],
      cc: [],
      toName: 'Carlos',
      others: 0,
      subject: 'Re: Quote',
      inReplyTo: '<in@x>',
      invalid: null
    })
    const ours = msg({
      direction: 'out',
      from: { name: 'Me', address: 'me@x.test' },
      to: [{ name: '', address: 'dewi@x.test' }]
    })
    expect(replyTarget(thread, [received, ours])?.to).toEqual([{ name: '', address: 'dewi@x.test' }])
    expect(replyTarget(thread, [])).toBeNull()
  })
})

describe('composer address list', () => {
  it('splits on commas, semicolons and spaces and reports what is not an address', () => {
    expect(parseAddressList('a@x.test, <b@y.test>; nope  c@z.co.id')).toEqual({
      addresses: [
        { name: '', address: 'a@x.test' },
        { name: '', address: 'b@y.test' },
        { name: '', address: 'c@z.co.id' }
      ],
      invalid: ['nope']
    })
  })
})

describe('linkify for text mail', () => {
  it('turns URLs and addresses into links and leaves markup as text', () => {
    const parts = linkify('See https://example.com/doc). Mail me@x.test or <script>alert(1)</script>')
    expect(parts).toContainEqual({
      kind: 'link',
      text: 'https://example.com/doc',
      href: 'https://example.com/doc'
    })
    expect(parts).toContainEqual({ kind: 'link', text: 'me@x.test', href: 'mailto:me@x.test' })
    expect(
      parts
        .filter((p) => p.kind === 'text')
        .map((p) => p.text)
        .join('')
    ).toContain('<script>alert(1)</script>')
  })

  it('never links javascript: URLs', () => {
    expect(linkify('javascript:alert(1)').every((p) => p.kind === 'text')).toBe(true)
  })

  it('ends a link at CJK punctuation written right after it', () => {
    const hrefs = (text: string) => linkify(text).flatMap((p) => (p.kind === 'link' ? [p.href] : []))
    expect(hrefs('详情见https://example.com/a。谢谢')).toEqual(['https://example.com/a'])
    expect(hrefs('请访问 https://example.com/报价，谢谢！')).toEqual(['https://example.com/报价'])
    expect(hrefs('リンク「https://example.jp/x」と（https://example.jp/y）')).toEqual([
      'https://example.jp/x',
      'https://example.jp/y'
    ])
    expect(hrefs('资料：https://example.com/人々/q?a=1、其他')).toEqual(['https://example.com/人々/q?a=1'])
    // The text around the link stays text, nothing lost.
    expect(
      linkify('见https://example.com/a。谢谢')
        .map((p) => p.text)
        .join('')
    ).toBe('见https://example.com/a。谢谢')
  })
})

describe('conversation mail actions', () => {
  const folder = (path: string, specialUse: string | null, canRemoveMail = true) =>
    ({ path, specialUse, canRemoveMail }) as Folder
  const folders = [
    folder('INBOX', '\\Inbox'),
    folder('Sent', '\\Sent'),
    folder('Trash', '\\Trash'),
    folder('Projects', null)
  ]
  const at = (id: number, day: number, rest: Partial<MessageDetail>) =>
    msg({ id, date: `2026-11-0${day}T10:00:00.000Z`, unread: false, folder: 'INBOX', ...rest })

  it('archives only what is in INBOX, deletes every server copy outside Trash, and marks the newest received unread', () => {
    const messages = [
      at(1, 1, {}),
      at(2, 2, { direction: 'out', folder: 'Sent' }),
      at(3, 3, { folder: 'Projects' }),
      at(4, 4, { folder: 'Trash' }),
      at(5, 5, { folder: null, deletedOnServer: true }),
      at(6, 2, { unread: true })
    ]
    expect(threadMailTargets(messages, folders)).toEqual({
      unread: [6],
      newestIncoming: 5,
      inInbox: [1, 6],
      notInTrash: [1, 2, 3, 6]
    })
    expect(
      threadMailTargets([at(2, 2, { direction: 'out', folder: 'Sent' })], folders).newestIncoming
    ).toBeNull()
  })

  it('leaves mail in a folder the server keeps read-only out of archive and delete', () => {
    const messages = [at(1, 1, { folder: 'Shared' }), at(2, 2, {}), at(3, 3, { folder: 'Projects' })]
    const withShared = [...folders, folder('Shared', null, false)]
    expect(threadMailTargets(messages, withShared)).toMatchObject({ inInbox: [2], notInTrash: [2, 3] })
    const sharedInbox = [folder('INBOX', '\\Inbox', false), folder('Projects', null)]
    expect(threadMailTargets(messages, sharedInbox)).toMatchObject({ inInbox: [], notInTrash: [1, 3] })
  })

  it('offers Undo only where the rights let the mail go back, and delete only where Trash takes it', () => {
    const rights = (canAddMail: boolean, canRemoveMail: boolean) => ({ canAddMail, canRemoveMail }) as Folder
    // Into a drop box (may add, may not remove): no way back.
    expect(canMoveBack(rights(true, false), rights(true, true))).toBe(false)
    // Back into a folder that no longer takes mail: none either.
    expect(canMoveBack(rights(true, true), rights(false, true))).toBe(false)
    expect(canMoveBack(rights(true, true), rights(true, true))).toBe(true)
    expect(canMoveBack(undefined, undefined)).toBe(false)
    // Undo of a delete restores from Trash, so Trash must let the mail leave.
    expect([
      canUndoDelete(rights(true, false)),
      canUndoDelete(rights(true, true)),
      canUndoDelete(undefined)
    ]).toEqual([false, true, true])
    expect([
      canDeleteTo(rights(false, true)),
      canDeleteTo(rights(true, false)),
      canDeleteTo(undefined)
    ]).toEqual([false, true, true])
  })

  it('calls a folder read-only only when mail can neither be marked nor moved in or out', () => {
    const access = (readOnly: boolean, canAddMail: boolean, canRemoveMail: boolean) =>
      folderAccess({ readOnly, canAddMail, canRemoveMail } as Folder)
    expect(access(false, true, true)).toBeNull()
    expect(access(true, false, false)).toBe('readOnly') // "lr"
    expect(access(true, true, true)).toBe('flagsNotKept') // "lrite"
    expect(access(true, true, false)).toBe('flagsNotKept') // a drop box without flags
    expect(access(true, false, true)).toBe('flagsNotKept')
    expect(folderAccess(undefined)).toBeNull()
  })
})
