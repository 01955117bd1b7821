// A charset label as mail programs write it is not always the charset they wrote in: Outlook labels
// windows-1252 text (smart quotes, "€", en dashes at 0x80–0x9F) "iso-8859-1" or "us-ascii", and
// Turkish and Thai mailers do the same with windows-1254 and windows-874. Browsers and Thunderbird
// read each label as WHATWG Encoding maps it, and so does mailparser in a part's body, through
// libmime's table. iconv-lite alone reads "iso-8859-1" strictly, into C1 control characters.
import iconv from 'iconv-lite'
import libmime from 'libmime'

/**
 * The iconv-lite decoder for a charset label, as mailparser resolves it for a part's body
 * ("iso-8859-1" → windows-1252, "tis-620" → windows-874, "x-mac-roman" → macintosh); null when
 * iconv-lite has no such decoder. Text Rapport decodes itself is then read as the body beside it.
 */
export function decoderFor(label: string): string | null {
  const name = libmime.normalizeCharset(label)
  return iconv.encodingExists(name) ? name : null
}
