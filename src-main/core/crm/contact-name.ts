// How a name from mail ("Li Wei", "Tan, Bob", "陈静") splits into first and last names: the
// contact linker fills them so, and a display name that splits into a contact's names is made of
// them (it follows when they are corrected in the drawer).

// Chinese and Korean names in their own script are written family name first, with no space
// between the names (陈静, 김민수); in Latin letters ("Li Wei") they follow the Latin rules.
const FAMILY_FIRST = /^[\p{Script=Han}\p{Script=Hangul}]+$/u

export function splitName(name: string): { first: string; last: string } {
  // Quotes around the name go; an apostrophe in it (O'Brien, D'Souza) is part of the name.
  const clean = name
    .replace(/"/g, '')
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .trim()
  if (!clean || clean.includes('@')) return { first: '', last: '' }
  const comma = clean.split(',')
  if (comma.length === 2) return { first: comma[1]!.trim(), last: comma[0]!.trim() }
  const parts = clean.split(/\s+/)
  if (parts.every((part) => FAMILY_FIRST.test(part))) return splitFamilyFirst(parts)
  if (parts.length === 1) return { first: parts[0]!, last: '' }
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1)! }
}

/**
 * The two-character family names common enough to tell apart (Chinese in simplified and
 * traditional script, Korean): 欧阳修 is 欧阳 and 修, 诸葛亮 诸葛 and 亮, 남궁민 남궁 and 민.
 */
const TWO_CHARACTER_FAMILY_NAMES = new Set([
  ...['欧阳', '歐陽', '司马', '司馬', '诸葛', '諸葛', '上官', '东方', '東方', '皇甫', '令狐', '慕容'],
  ...['司徒', '夏侯', '尉迟', '尉遲', '公孙', '公孫', '长孙', '長孫', '宇文', '轩辕', '軒轅', '端木'],
  ...['独孤', '獨孤', '南宫', '南宮', '西门', '西門', '呼延', '钟离', '鍾離', '澹台', '申屠', '太史'],
  ...['남궁', '황보', '제갈', '선우', '독고', '사공', '서문']
])

function splitFamilyFirst(parts: string[]): { first: string; last: string } {
  // Spaced ("陈 静", "山田 太郎"): the first word is the family name.
  if (parts.length > 1) return { first: parts.slice(1).join(' '), last: parts[0]! }
  const chars = [...parts[0]!]
  // A known two-character family name, with a given name of one or two characters after it.
  const family = chars.slice(0, 2).join('')
  if ((chars.length === 3 || chars.length === 4) && TWO_CHARACTER_FAMILY_NAMES.has(family))
    return { first: chars.slice(2).join(''), last: family }
  // Unspaced, the common rule: a name of two or three characters has a one-character family
  // name (陈静 is 陈 and 静, 王小明 is 王 and 小明). A longer name (a Japanese 山田太郎, a company)
  // cannot be split safely, so it stays whole, as a one-word name does.
  if (chars.length === 2 || chars.length === 3) return { first: chars.slice(1).join(''), last: chars[0]! }
  return { first: parts[0]!, last: '' }
}

/** The display name made of a first and a last name: 陈静 for 静 and 陈, "Bob Tan" for Bob and Tan. */
export function joinNames(first: string, last: string): string {
  if (FAMILY_FIRST.test(first) && FAMILY_FIRST.test(last)) return `${last}${first}`
  return `${first} ${last}`.trim()
}

/** Whether the display name is the first and last names, as written or as mail gave them. */
export function isMadeOfNames(displayName: string, firstName: string, lastName: string): boolean {
  if (displayName === joinNames(firstName, lastName)) return true
  const split = splitName(displayName)
  return split.first === firstName && split.last === lastName
}
