// Whether another program's draft loses formatting when continued here is judged once per
// version of its HTML (migration 0065): drafts.onServer runs on every change the New message
// dialog hears of, and parsing 200 drafts of 50 kB each time took ~150 ms of the core.
import { describe, expect, it, vi } from 'vitest'
import { losesFormatting } from '../../src-main/core/drafts/lost-formatting'
import { phoneDrafts, uploaderWorkspace } from './fixtures/draft-upload'

vi.mock('../../src-main/core/drafts/lost-formatting', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-main/core/drafts/lost-formatting')>()
  return { ...original, losesFormatting: vi.fn(original.losesFormatting) }
})

/** A workspace where the other program saves drafts in account 1's Drafts, as sync stores them. */
function workspace() {
  const setup = uploaderWorkspace()
  const { phoneSaves } = phoneDrafts(setup)
  const listed = () => setup.drafts.onServer().map((d) => d.losesFormatting)
  return { db: setup.db, phoneSaves, listed }
}

describe("the formatting another program's draft would lose", () => {
  it('is judged once, not at each listing', () => {
    const { phoneSaves, listed } = workspace()
    phoneSaves(41, '<plain@phone.test>', '<p>Price: 200 chairs</p>')
    phoneSaves(42, '<styled@phone.test>', '<p>Price: <b>200 chairs</b></p>')
    phoneSaves(43, '<text@phone.test>', null)
    vi.mocked(losesFormatting).mockClear()
    // Newest first: the plain-text one, the styled one, the plain HTML one.
    expect(listed()).toEqual([false, true, false])
    expect(losesFormatting).toHaveBeenCalledTimes(3)
    expect(listed()).toEqual([false, true, false])
    expect(listed()).toEqual([false, true, false])
    expect(losesFormatting).toHaveBeenCalledTimes(3)
  })

  it('is judged again when the other program saves a new version of the draft', () => {
    const { phoneSaves, listed } = workspace()
    phoneSaves(41, '<offer@phone.test>', '<p>Price: 200 chairs</p>')
    expect(listed()).toEqual([false])
    // Saved again under the same Message-ID: the draft's row is rewritten with the new HTML.
    phoneSaves(42, '<offer@phone.test>', '<p>Price: <b>200 chairs</b></p>')
    expect(listed()).toEqual([true])
    phoneSaves(43, '<offer@phone.test>', '<p>Price: 200 chairs, delivered</p>')
    expect(listed()).toEqual([false])
  })

  it('is judged again when its HTML is rewritten in place (a charset repair)', () => {
    const { db, phoneSaves, listed } = workspace()
    phoneSaves(41, '<offer@phone.test>', '<p>Price: 200 chairs</p>')
    expect(listed()).toEqual([false])
    db.prepare(
      "UPDATE messages SET body_html = '<p>Price: <i>200</i></p>' WHERE message_id = '<offer@phone.test>'"
    ).run()
    expect(listed()).toEqual([true])
  })
})
