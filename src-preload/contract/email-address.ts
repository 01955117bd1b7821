// The one check of the addresses Rapport sends to, shared by the composers (which name the
// address that is wrong before anything is sent) and the contract (which the core enforces).
//
// The local part is what RFC 5321 allows: a dot-atom of ASCII atext (first=last, a&b, user/dept,
// a%b, a!b, o'brien) or a quoted string ("john doe"). The domain is a host name of two labels or
// more whose last is not just digits; its labels may be Unicode (müller.de, the form mailparser
// gives an IDN domain in), which the core turns into their ASCII form (xn--mller-kva.de) before
// sending. Not accepted: a non-ASCII local part (only servers with SMTPUTF8 take it), an address
// literal (ana@[192.0.2.1]), a one-label domain (ana@localhost), an empty label
// (ana@example..com, ana@example.com.) and a one-letter top-level domain (a@b.c).
import { z } from 'zod'
import { MAX_EMAIL } from './mail-shapes'

// RFC 5321: at most 64 octets in the local part and 255 in the domain (253 without the dots
// around it), MAX_EMAIL in all.
const MAX_LOCAL_PART = 64
const MAX_DOMAIN = 253

const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]"
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`
const QUOTED_STRING = '"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*"'
const LOCAL_PART = new RegExp(`^(?:${DOT_ATOM}|${QUOTED_STRING})$`)
// A letter, digit or combining mark of any script, or a hyphen inside the label.
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u
const TOP_LEVEL = /^(?!\p{N}+$).{2,}$/u

/** Whether Rapport can send to `address` (name@domain, no display name, no angle brackets). */
export function isEmailAddress(address: string): boolean {
  if (address.length > MAX_EMAIL) return false
  const at = address.lastIndexOf('@')
  if (at <= 0) return false
  const local = address.slice(0, at)
  const domain = address.slice(at + 1)
  if (local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local)) return false
  if (domain.length > MAX_DOMAIN) return false
  const labels = domain.split('.')
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(labels.at(-1)!)
}

/** An address to send to; the message names it, so a list of 500 says which one is wrong. */
export const EmailAddress = z.string().refine(isEmailAddress, {
  error: (issue) => `“${String(issue.input)}” is not a valid email address.`
})

/** A recipient: the address alone, or with the name to show in the To or Cc header. */
export const Recipient = z.union([
  EmailAddress,
  z
    .object({
      // A header value: no line breaks or other control characters.
      name: z
        .string()
        .max(256)
        .regex(/^[^\p{Cc}]*$/u, 'A name without line breaks'),
      address: EmailAddress
    })
    .strict()
])
export type Recipient = z.infer<typeof Recipient>
