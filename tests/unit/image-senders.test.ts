// "Always show images from …": the senders kept in the workspace, and the conversation's
// messages that are marked by them.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { ImageSenders, MAX_IMAGE_SENDERS } from '../../src-main/core/mail/image-senders'

describe('the senders whose remote images are always shown', () => {
  it('keeps an address once, in lower case, and matches it in any case', () => {
    const senders = new ImageSenders(openDatabase(':memory:'))
    senders.allow('Deals@Shop.test')
    expect(senders.allow('deals@shop.TEST')).toEqual(['deals@shop.test'])
    const allowed = senders.allowed()
    expect(allowed('DEALS@shop.test')).toBe(true)
    expect(allowed('other@shop.test')).toBe(false)
    expect(allowed(null)).toBe(false)
  })

  it('forgets an address on stop, and survives reopening the workspace', () => {
    const db = openDatabase(':memory:')
    new ImageSenders(db).allow('a@shop.test')
    new ImageSenders(db).allow('b@shop.test')
    expect(new ImageSenders(db).stop('A@shop.test')).toEqual(['b@shop.test'])
    expect(new ImageSenders(db).list()).toEqual(['b@shop.test'])
  })

  it('reads a damaged value as no choices, and writes a good one over it', () => {
    const db = openDatabase(':memory:')
    db.prepare("INSERT INTO settings (key, value) VALUES ('image_senders', '{oops')").run()
    const senders = new ImageSenders(db)
    expect(senders.list()).toEqual([])
    expect(senders.allow('a@shop.test')).toEqual(['a@shop.test'])
  })

  it('drops the oldest choice past the limit', () => {
    const senders = new ImageSenders(openDatabase(':memory:'))
    for (let i = 0; i <= MAX_IMAGE_SENDERS; i++) senders.allow(`s${i}@shop.test`)
    const list = senders.list()
    expect(list).toHaveLength(MAX_IMAGE_SENDERS)
    expect(list[0]).toBe('s1@shop.test')
    expect(list.at(-1)).toBe(`s${MAX_IMAGE_SENDERS}@shop.test`)
  })
})
