// Small coloured text (status badges, the current inbox, the open row's details) is readable in
// both themes: at least 4.5:1 against what is really behind it (WCAG AA for text under 18.66px
// bold), measured from the real renderer's computed colours.
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
