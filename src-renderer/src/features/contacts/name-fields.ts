// The order the drawer asks for a contact's names in: the family name first where the UI's
// language writes it first (姓 then 名 in Chinese), the given name first elsewhere.

const FAMILY_FIRST_LANGUAGES = new Set(['zh', 'ja', 'ko'])

export type NameField = 'firstName' | 'lastName'

export function nameFields(language: string): readonly NameField[] {
  return FAMILY_FIRST_LANGUAGES.has(language.split('-')[0]!.toLowerCase())
    ? ['lastName', 'firstName']
    : ['firstName', 'lastName']
}
