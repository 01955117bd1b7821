// The text being typed in the fields of the contact drawer, kept while the drawer follows a
// contact merged away elsewhere to the one it went into: that contact's same fields open with it,
// so what the user typed is neither lost nor saved anywhere without them.
import { createContext, useContext } from 'react'

/** The fields being typed in, of the contact the drawer shows; `incoming`: carried from the gone one. */
export type CarriedEdit = {
  contactId: string
  live: Record<string, string>
  incoming: Record<string, string>
}

export type CarriedEdits = {
  /** A field's text while it is being typed in (null: the edit ended, saved or cancelled). */
  note(field: string, draft: string | null): void
  /** The text this field had in the contact the drawer just followed here from, if any. */
  take(field: string): string | null
}

const none: CarriedEdits = { note: () => {}, take: () => null }

export const CarriedEditsContext = createContext<CarriedEdits>(none)

export const useCarriedEdits = (): CarriedEdits => useContext(CarriedEditsContext)

/** The edits of the drawer showing `contactId`, kept in `box` across the contacts it shows. */
export function carriedEdits(box: { current: CarriedEdit | null }, contactId: string): CarriedEdits {
  return {
    note(field, draft) {
      if (box.current?.contactId !== contactId) box.current = { contactId, live: {}, incoming: {} }
      const { live, incoming } = box.current
      if (draft === null) {
        delete live[field]
        delete incoming[field]
      } else live[field] = draft
    },
    take(field) {
      const edit = box.current
      return edit?.contactId === contactId ? (edit.incoming[field] ?? null) : null
    }
  }
}

/** The drawer follows `from`, merged away, to `to`: the fields being typed in go with it. */
export function carryEdits(box: { current: CarriedEdit | null }, from: string, to: string): void {
  const live = box.current?.contactId === from ? box.current.live : {}
  box.current = { contactId: to, live: { ...live }, incoming: { ...live } }
}
