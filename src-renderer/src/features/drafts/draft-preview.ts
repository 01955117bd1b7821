/** The first words of a draft on one line, enough to tell it apart in a list. */
export function draftPreview(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 60)}…` : line
}
