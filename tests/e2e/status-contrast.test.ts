// Small coloured text (status badges, the current inbox, the open row's details) is readable in
// both themes: at least 4.5:1 against what is really behind it (WCAG AA for text under 18.66px
// bold), measured from the real renderer's computed colours. And the keyboard focus ring is seen:
// at least 3:1 against the surface it is drawn on (WCAG 2.2 SC 1.4.11, 2.4.13).
import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CrmPage } from './pages/crm-page'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

/** The contrast ratio of the element's text against the first opaque background behind it. */
function contrast(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number)
    let node: Element | null = el
    let back = [255, 255, 255]
    while (node) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor)
      if (a > 0) {
        back = [r!, g!, b!]
        break
      }
      node = node.parentElement
    }
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r!, g!, b!].map((c) => {
        const s = c / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!
    }
    const [x, y] = [luminance(rgb(getComputedStyle(el).color)), luminance(back)]
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
  })
}

async function measured(
  targets: Record<string, Locator>
): Promise<Record<'light' | 'dark', Record<string, number>>> {
  const { page } = mailbox()
  const out = { light: {}, dark: {} } as Record<'light' | 'dark', Record<string, number>>
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [name, target] of Object.entries(targets))
      out[scheme][name] = Math.round((await contrast(target)) * 100) / 100
  }
  return out
}

const readable = (ratios: Record<'light' | 'dark', Record<string, number>>) =>
  Object.entries(ratios).flatMap(([scheme, values]) =>
    Object.entries(values)
      .filter(([, ratio]) => ratio < 4.5)
      .map(([name, ratio]) => `${scheme} ${name}: ${ratio}`)
  )

describe('contrast of small coloured text', () => {
  it('is at least 4.5:1 for each status, the current inbox and the open row, in both themes', async () => {
    const { page } = mailbox()
    const crm = new CrmPage(page)
    await crm.setStatus('all')
    await crm.open('Quote for 40 chairs')
    const row = crm.row('Quote for 40 chairs')
    const open = await measured({
      'open badge': row.getByTestId('conversation-status'),
      'open row mailbox': row.locator('.conversation-row__mailbox'),
      'current inbox': page.locator('.inbox-nav__item.is-current .inbox-nav__name')
    })
    await page.getByTestId('thread-close').click()
    await crm.threadStatus.filter({ hasText: 'Closed' }).waitFor()
    const closed = await measured({ 'closed badge': crm.threadStatus })
    await page.getByTestId('thread-snooze').click()
    await page.getByTestId('snooze-menu').getByTestId('snooze-1h').click()
    await crm.threadStatus.filter({ hasText: 'Snoozed' }).waitFor()
    const snoozed = await measured({ 'snoozed badge': crm.threadStatus })
    expect([...readable(open), ...readable(closed), ...readable(snoozed)]).toEqual([])
  })
})

/**
 * The focused element's ring (its outline, or else its box-shadow) against the surface under the
 * ring: around the element for an outline or an outer shadow, the element's own for an inset one.
 * A ring thinner than 2px, or none, counts as 1:1.
 */
function ringContrast(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    if (!el.matches(':focus-visible')) throw new Error(`not keyboard-focused: ${el.outerHTML.slice(0, 80)}`)
    const numbers = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number)
    const behind = (start: Element | null) => {
      for (let node = start; node; node = node.parentElement) {
        const [r, g, b, a = 1] = numbers(getComputedStyle(node).backgroundColor)
        if (a > 0) return [r!, g!, b!]
      }
      return [255, 255, 255]
    }
    const style = getComputedStyle(el)
    let ring: number[] | null = null
    let back = behind(el.parentElement)
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
      ring = numbers(style.outlineColor)
    } else {
      // "rgba(37, 99, 235, 0.35) 0px 0px 0px 3px [inset]": the colour, then x, y, blur, spread.
      const shadow = style.boxShadow.match(/^(rgba?\([^)]*\))\s+([^,]*)/)
      const [, , , spread = 0] = numbers(shadow?.[2] ?? '')
      if (shadow && spread >= 2) {
        ring = numbers(shadow[1]!)
        if (shadow[2]!.includes('inset')) back = behind(el)
      }
    }
    if (!ring) return 1
    const [r, g, b, a = 1] = ring
    const seen = [r!, g!, b!].map((c, i) => a * c + (1 - a) * back[i]!)
    const luminance = (rgb: number[]) => {
      const [R, G, B] = rgb.map((c) => {
        const s = c / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!
    }
    const [x, y] = [luminance(seen), luminance(back)]
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
  })
}

describe('contrast of the keyboard focus ring', () => {
  it('is at least 3:1 on a borderless button, the conversation list and the undo toast, in both themes', async () => {
    const { page, app } = mailbox()
    const crm = new CrmPage(page)
    await crm.open('Quote for 40 chairs')
    await app.reply('Focus ring')
    await page.getByTestId('undo-toast').waitFor()
    const targets = {
      'sidebar inbox': page.locator('.inbox-nav__item').first(),
      'conversation list': page.locator('.thread-list'),
      'undo toast action': page.getByTestId('undo-send')
    }
    const weak: string[] = []
    try {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        for (const [name, target] of Object.entries(targets)) {
          // Focus after a key press, as the keyboard would bring it: :focus-visible.
          await page.keyboard.press('Shift')
          await target.focus()
          const ratio = Math.round((await ringContrast(target)) * 100) / 100
          if (ratio < 3) weak.push(`${scheme} ${name}: ${ratio}`)
        }
      }
    } finally {
      await page.emulateMedia({ colorScheme: 'light' })
      await page.getByTestId('undo-send').click()
      await page.getByTestId('undo-toast').waitFor({ state: 'detached' })
    }
    expect(weak.join('; ')).toBe('')
  })
})
