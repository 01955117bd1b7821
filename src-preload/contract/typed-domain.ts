// An address's domain as an IME types it, in the plain form the servers know: shared by the
// add-account form (its user name and host guesses) and the contract's address pattern. The
// core turns the domain to ASCII itself (parseMailDomain); this is only what the form shows.

/**
 * What IDNA (UTS 46) reads as a label's dot besides the plain one: the ideographic full stop a
 * Chinese or Japanese IME types (。), and its full-width (．) and half-width (｡) forms.
 */
const LOOK_ALIKE_DOTS = /[。．｡]/g

/**
 * ana@qq。com or ana@ｑｑ.com as ana@qq.com: the full-width letters and digits (NFKC) and the
 * full stops above become plain ones, in lower case as the core saves them. A domain with none
 * of them (ASCII, or Unicode written as itself, bücher.example) is left as typed.
 */
export function withPlainDomain(address: string): string {
  const at = address.lastIndexOf('@')
  if (at <= 0) return address
  const domain = address.slice(at + 1)
  const plain = domain.normalize('NFKC').replace(LOOK_ALIKE_DOTS, '.')
  return plain === domain.normalize('NFC') ? address : `${address.slice(0, at)}@${plain.toLowerCase()}`
}
