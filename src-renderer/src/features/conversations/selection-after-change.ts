// Where the list's selection goes when the selected row leaves the list (closed under the
// Open filter, snoozed, assigned away): to the row that took its place, or the last row, as
// mail clients do, so "j" goes on from there instead of from the top.

/**
 * The row to select after the list changed from `before` to `after`, or null to leave the
 * selection alone (nothing selected, the selected row is still there, or the list is empty).
 */
export function selectionAfterChange<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  selectedId: string | null
): T | null {
  if (selectedId === null || after.length === 0) return null
  if (after.some((row) => row.id === selectedId)) return null
  const index = before.findIndex((row) => row.id === selectedId)
  if (index < 0) return null
  return after[Math.min(index, after.length - 1)]!
}
