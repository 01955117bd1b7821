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

/** The longest name a recipient may have in the To or Cc header, in UTF-16 units. */
export const MAX_RECIPIENT_NAME = 256

/** Why a recipient's name cannot go in a header; the composers and the CLI name it at its field. */
export type NameProblem = 'nameTooLong' | 'nameControlCharacter'

/** Why `name` cannot be sent as a recipient's name, or null when it can. */
export function recipientNameProblem(name: string): NameProblem | null {
  if (name.length > MAX_RECIPIENT_NAME) return 'nameTooLong'
  // A header value: no tab, line break or other control character.
  if (/\p{Cc}/u.test(name)) return 'nameControlCharacter'
  return null
}

/** What to do about the name of `address` (the core's and the CLI's words; the UI translates). */
export function nameProblemMessage(problem: NameProblem, address: string): string {
  return problem === 'nameTooLong'
    ? `The name given to ${address} is longer than ${MAX_RECIPIENT_NAME} characters: shorten it.`
    : `The name given to ${address} holds a tab, a line break or another control character: take it out.`
}

const RecipientWithName = z
  .object({ name: z.string(), address: EmailAddress })
  .strict()
  .superRefine(({ name, address }, ctx) => {
    const problem = recipientNameProblem(name)
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['name'], message: nameProblemMessage(problem, address) })
  })

/** A recipient: the address alone, or with the name to show in the To or Cc header. */
export const Recipient = z.union([EmailAddress, RecipientWithName])
export type Recipient = z.infer<typeof Recipient>
