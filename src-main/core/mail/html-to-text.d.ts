// html-to-text (a dependency of mailparser, which uses it to turn HTML-only mail into text)
// ships no types: the one function Rapport calls, as it calls it.
declare module 'html-to-text' {
  export function htmlToText(html: string, options?: Record<string, unknown>): string
}
