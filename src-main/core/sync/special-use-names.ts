import type { ListedFolder } from './folder-repository'

/**
 * Localized folder names that imapflow's own table (used when a server has no SPECIAL-USE)
 * does not know, checked against imapflow 2.1 in tests/unit/special-use.test.ts. Mostly
 * Indonesian webmail, Outlook in Indonesian and Chinese, and Chinese providers (QQ and 163 call
 * their Junk folder 垃圾箱).
 * Stored folded (lower case, NFKC) like the names they are compared with.
 */
const EXTRA_NAMES: Record<string, readonly string[]> = {
  '\\Sent': ['surat terkirim', 'pesan terkirim', 'email terkirim', '已发邮件', '已寄郵件', '已傳送郵件'],
  '\\Trash': [
    'sampah',
    'tempat sampah',
    'item dihapus',
    'item yang dihapus',
    'item terhapus',
    'surat dihapus',
    'pesan dihapus',
    'dihapus',
    '已删除',
    '已刪除',
    '废纸篓',
    '刪除的郵件',
    '已刪除郵件'
  ],
  // Outlook names its Junk folder "Email Sampah" in Indonesian: the full name, not "Sampah" (Trash).
  '\\Junk': ['垃圾箱', '垃圾郵件', '垃圾电子邮件', 'surat spam', 'pesan spam', 'email sampah'],
  '\\Drafts': ['草稿夹', 'surat draf', 'draf pesan'],
  '\\Archive': ['arsipkan', 'arsip surat', '已归档', '封存']
}

const BY_NAME = new Map<string, string>(
  Object.entries(EXTRA_NAMES).flatMap(([use, names]) => names.map((name) => [name, use] as const))
)

const fold = (name: string): string =>
  name
    .replace(/\u200e/g, '')
    .trim()
    .toLowerCase()
    .normalize('NFKC')

/** The special use a folder name stands for in our extra table, or null. */
export function specialUseFromName(name: string): string | null {
  return BY_NAME.get(fold(name)) ?? null
}

/**
 * Fills in the special use of folders the server and imapflow left unmarked, by localized name.
 * A use already held by another folder is never given twice (the server's own marking wins),
 * and among several candidates the shallowest, then alphabetically first, path wins.
 */
export function withLocalizedSpecialUse(folders: ListedFolder[]): ListedFolder[] {
  const taken = new Set(folders.map((f) => f.specialUse).filter((u): u is string => u !== null))
  const depth = (f: ListedFolder) => (f.delimiter ? f.path.split(f.delimiter).length : 1)
  const candidates = folders
    .filter((f) => f.specialUse === null && f.path.toUpperCase() !== 'INBOX')
    .map((f) => ({ folder: f, use: specialUseFromName(f.name) }))
    .filter((c): c is { folder: ListedFolder; use: string } => c.use !== null)
    .sort((a, b) => depth(a.folder) - depth(b.folder) || a.folder.path.localeCompare(b.folder.path))
  const assigned = new Map<string, string>()
  for (const { folder, use } of candidates) {
    if (taken.has(use)) continue
    taken.add(use)
    assigned.set(folder.path, use)
  }
  return folders.map((f) =>
    assigned.has(f.path) ? { ...f, specialUse: assigned.get(f.path)!, specialUseByName: true } : f
  )
}

/**
 * Keeps each special use with the folder that held it (`held`: use -> path) while that folder is
 * still listed, unless the server itself marks the use elsewhere or another use on it. A name is
 * a guess, and a new folder with a likelier name ("Trash" made by another program next to
 * "Sampah") is no reason to move a role: Rapport's Trash list and its purges follow the Trash
 * folder, and deletes would start going somewhere else without a word.
 */
export function keepingHeldRoles(folders: ListedFolder[], held: ReadonlyMap<string, string>): ListedFolder[] {
  const byPath = new Map(folders.map((f) => [f.path, f]))
  const byServer = (f: ListedFolder | undefined) => f?.specialUse != null && f.specialUseByName !== true
  const kept = new Map<string, string>()
  for (const [use, path] of held) {
    const holder = byPath.get(path)
    // Deleted or renamed elsewhere, or no longer selectable: the role is free to move.
    if (!holder || byServer(holder)) continue
    if (byServer(folders.find((f) => f.specialUse === use))) continue
    kept.set(path, use)
  }
  if (kept.size === 0) return folders
  const keptUses = new Set(kept.values())
  return folders.map((f) => {
    const use = kept.get(f.path)
    if (use !== undefined) return { ...f, specialUse: use, specialUseByName: true }
    return f.specialUse !== null && keptUses.has(f.specialUse) ? { ...f, specialUse: null } : f
  })
}
