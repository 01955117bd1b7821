// Turning what the user typed into contact fields, and back.
import type { ApiError, CommandInput, Contact } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'

export type ContactPatch = Omit<CommandInput<'contacts.update'>, 'contactId'>

/** "a@x.test, b@y.test" -> ["a@x.test", "b@y.test"]; blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
}

export async function updateContact(contactId: string, patch: ContactPatch): Promise<ApiError | null> {
  const response = await callCommand('contacts.update', { contactId, ...patch })
  return response.ok ? null : response.error
}

/** The name the drawer shows for a contact: its display name, else first and last, else its address. */
export function contactName(contact: Contact): string {
  return (
    contact.displayName ||
    [contact.firstName, contact.lastName].filter(Boolean).join(' ') ||
    contact.emails[0] ||
    ''
  )
}

/** The addresses typed, with `more` added after them (those not typed already, in any case). */
export function withAddresses(typed: string, more: string[]): string {
  const list = splitList(typed)
  const have = new Set(list.map((address) => address.toLowerCase()))
  return [...list, ...more.filter((address) => !have.has(address.toLowerCase()))].join(', ')
}
