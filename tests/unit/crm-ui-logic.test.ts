import { describe, expect, it } from 'vitest'
import type { Inbox, MessageDetail, TimelineEntry } from '../../src-preload/contract'
import {
  completeMention,
  interleave,
  matchesMention,
  mentionAtCaret,
  mentionText,
  stillMentioned
} from '../../src-renderer/src/features/conversation-thread/timeline-items'
import { selectionAfterChange } from '../../src-renderer/src/features/conversations/selection-after-change'
import { splitList } from '../../src-renderer/src/features/contacts/contact-edit'
import { inboxRef, timeAgo } from '../../src-renderer/src/features/inboxes/inbox-ref'
import { initials } from '../../src-renderer/src/features/people/initials'
import {
  avatarBackground,
  avatarBackgroundForHue,
  avatarHue,
  contrastWithWhite
} from '../../src-renderer/src/components/avatar-colour'

const message = (id: number, date: string) => ({ id, date }) as MessageDetail
const event = (id: string, at: string): TimelineEntry => ({
  kind: 'event',
  id,
  type: 'opened',
  actor: { kind: 'contact', id: null },
  data: {},
  at
})

describe('the conversation time line', () => {
  it('puts messages and events in time order, oldest first', () => {
    const items = interleave(
      [message(2, '2026-01-05T12:00:00Z'), message(1, '2026-01-05T10:00:00Z')],
      [event('e1', '2026-01-05T11:00:00Z'), event('e2', '2026-01-05T13:00:00Z')]
    )
    expect(items.map((i) => i.key)).toEqual(['m1', 'ee1', 'm2', 'ee2'])
  })

  it('shows a message before the event it caused at the same instant', () => {
    const items = interleave([message(1, '2026-01-05T10:00:00Z')], [event('e1', '2026-01-05T10:00:00Z')])
    expect(items.map((i) => i.kind)).toEqual(['message', 'entry'])
  })
})

describe('@-mentions in comments', () => {
  it('offers completion for an @word at the caret', () => {
    expect(mentionAtCaret('call them @De', 13)).toEqual({ start: 10, query: 'De' })
    expect(mentionAtCaret('@', 1)).toEqual({ start: 0, query: '' })
  })

  it('does not treat an email address as a mention', () => {
    expect(mentionAtCaret('write to bob@shop.test', 22)).toBeNull()
  })

  it('does not take the @ of a link (a Medium or Mastodon profile) for a mention', () => {
    for (const text of ['see https://medium.com/@acme', 'mailto:@acme', 'x.test/?u=@acme'])
      expect(mentionAtCaret(text, text.length)).toBeNull()
    // Where a word starts, in Latin or Chinese text, it still is one.
    for (const text of ['(@acme', '“@acme', '好的，@王', '请@王', '@王芳@李'])
      expect(mentionAtCaret(text, text.length)).not.toBeNull()
  })

  it('replaces the typed part with the full name and puts the caret after it', () => {
    expect(completeMention('call @De now', 8, 'Dewi Lestari')).toEqual({
      text: 'call @Dewi Lestari  now',
      caret: 19
    })
  })
})

describe('which members an @ offers', () => {
  const jose = { name: 'José Núñez', email: 'jn@team.test' }

  it('ignores accents and case on both sides', () => {
    expect(matchesMention(jose, 'jose')).toBe(true)
    expect(matchesMention(jose, 'NUÑ')).toBe(true)
    expect(matchesMention({ name: 'Jose', email: 'j@team.test' }, 'josé')).toBe(true)
  })

  it('finds by email too, and not what is not there', () => {
    expect(matchesMention(jose, 'jn@')).toBe(true)
    expect(matchesMention(jose, 'maria')).toBe(false)
  })
})

describe('which picked members a comment still mentions', () => {
  const dewi = { id: 'm1', name: 'Dewi', email: 'dewi@team.test' }
  const dewiL = { id: 'm2', name: 'Dewi Lestari', email: 'dewi.l@team.test' }
  const picked = [
    { member: dewi, text: 'Dewi' },
    { member: dewiL, text: 'Dewi Lestari' }
  ]

  it('does not find a deleted @Name inside a longer name that starts with it', () => {
    expect(stillMentioned('@Dewi Lestari please call', picked)).toEqual([dewiL])
  })

  it('finds both when both are written', () => {
    expect(stillMentioned('@Dewi Lestari and @Dewi, please call', picked)).toEqual([dewi, dewiL])
  })

  it('needs the name to end where a word ends', () => {
    expect(stillMentioned('@Dewis are here', picked)).toEqual([])
  })

  it('writes the email for members who share a name, or have none', () => {
    const other = { id: 'm3', name: 'dewi', email: 'dewi.s@team.test' }
    expect(mentionText(dewi, [dewi, dewiL, other])).toBe('dewi@team.test')
    expect(mentionText(dewiL, [dewi, dewiL, other])).toBe('Dewi Lestari')
    expect(mentionText({ id: 'm4', name: '', email: 'x@team.test' }, [])).toBe('x@team.test')
  })
})

describe('the list selection when the selected row leaves', () => {
  const rows = (...ids: string[]) => ids.map((id) => ({ id }))

  it('moves to the row that took its place', () => {
    expect(selectionAfterChange(rows('a', 'b', 'c', 'd'), rows('a', 'b', 'd'), 'c')).toEqual({ id: 'd' })
  })

  it('moves to the last row when the last one left', () => {
    expect(selectionAfterChange(rows('a', 'b', 'c'), rows('a', 'b'), 'c')).toEqual({ id: 'b' })
  })

  it('leaves the selection alone while the row is there, or when nothing is left or selected', () => {
    expect(selectionAfterChange(rows('a', 'b'), rows('b', 'a'), 'a')).toBeNull()
    expect(selectionAfterChange(rows('a'), rows(), 'a')).toBeNull()
    expect(selectionAfterChange(rows('a', 'b'), rows('b'), null)).toBeNull()
  })
})

describe('inboxes', () => {
  const base = { name: '', teamId: null, customId: null } as unknown as Inbox
  it('turns a listed inbox into the reference conversations.list takes', () => {
    expect(inboxRef({ ...base, kind: 'mine' })).toBe('mine')
    expect(inboxRef({ ...base, kind: 'team', teamId: 't1' })).toEqual({ team: 't1' })
    expect(inboxRef({ ...base, kind: 'custom', customId: 'c1' })).toEqual({ custom: 'c1' })
  })

  it('says how long ago a custom inbox was refreshed, in the UI language', () => {
    const now = Date.parse('2026-01-05T10:00:00Z')
    expect(timeAgo('2026-01-05T09:55:00Z', 'en', now)).toBe('5 minutes ago')
    expect(timeAgo('2026-01-05T07:00:00Z', 'en', now)).toBe('3 hours ago')
    expect(timeAgo('2026-01-05T09:55:00Z', 'id', now)).toBe('5 menit yang lalu')
  })
})

describe('contact editing', () => {
  it('splits a typed list of addresses on commas, semicolons and lines, dropping blanks', () => {
    expect(splitList('a@x.test, b@y.test;\n c@z.test ,')).toEqual(['a@x.test', 'b@y.test', 'c@z.test'])
  })

  it('makes avatar initials from the first and last word, for any script', () => {
    expect(initials('Dewi Lestari')).toBe('DL')
    expect(initials('王芳')).toBe('王')
    expect(initials('  ')).toBe('?')
  })
})

describe('avatar colours', () => {
  it('keep white initials at 4.5:1 or more on every hue', () => {
    const weak = Array.from({ length: 360 }, (_, hue) => hue).filter((hue) => {
      const lightness = Number(/(\d+)%\)$/.exec(avatarBackgroundForHue(hue))![1])
      return contrastWithWhite(hue, lightness) < 4.5
    })
    expect(weak).toEqual([])
  })

  it('keep white initials above 4.5:1 as painted, in 8-bit sRGB (what WCAG and axe measure)', () => {
    // CSS Color 4's hsl() to sRGB, each channel then painted as one of 256 levels.
    const painted = (css: string) => {
      const [hue, saturation, lightness] = /hsl\((\d+) (\d+)% (\d+)%\)/.exec(css)!.slice(1).map(Number)
      const l = lightness! / 100
      const a = (saturation! / 100) * Math.min(l, 1 - l)
      const channel = (n: number) => {
        const k = (n + hue! / 30) % 12
        return Math.round((l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255) / 255
      }
      return [channel(0), channel(8), channel(4)]
    }
    const contrast = (css: string) => {
      const [r, g, b] = painted(css).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 1.05 / (0.2126 * r! + 0.7152 * g! + 0.0722 * b! + 0.05)
    }
    // Emma's and Lucas's blue (hue 204) was hsl(204 55% 44%), painted #327dae: 4.48:1.
    expect(contrast(avatarBackground('Emma'))).toBeGreaterThan(4.5)
    const weak = Array.from({ length: 360 }, (_, hue) => avatarBackgroundForHue(hue)).filter(
      (css) => contrast(css) <= 4.5
    )
    expect(weak).toEqual([])
  })

  it('darken only the hues too bright at the usual 45%, and keep the same hue per name', () => {
    // Carlos's green was hsl(112 55% 45%): white on it was 2.7:1.
    expect(avatarHue('Carlos Mendes')).toBe(112)
    expect(contrastWithWhite(112, 45)).toBeLessThan(3)
    expect(avatarBackground('Carlos Mendes')).toMatch(/^hsl\(112 55% (2\d|3\d)%\)$/)
    // A blue is dark enough as it was, and keeps its colour.
    expect(avatarBackgroundForHue(225)).toBe('hsl(225 55% 45%)')
  })
})
