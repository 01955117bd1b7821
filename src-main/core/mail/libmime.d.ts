// libmime (mailparser's header and charset library, pinned to mailparser's version) ships no
// types: the one function Rapport calls, as it calls it.
declare module 'libmime' {
  const libmime: {
    /** The decoder mailparser reads a charset label with (WHATWG's mapping: latin1 → windows-1252). */
    normalizeCharset(charset: string): string
  }
  export default libmime
}
